"""Issue 12 item 11: account names that would break `accounts list` or the CSV round trip are refused when
added, naming the characters a name may use; names in any script stay welcome."""

from __future__ import annotations

import json

import pytest

from tests.integration.store.conftest import Cli


def _names(cli: Cli) -> list[str]:
    listed = cli("accounts", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return [a["name"] for a in json.loads(listed.stdout)]


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("it\nmasto", "a newline"),
        ("it\tmasto", "a tab"),
        ("it\x1bmasto", "a control character"),
        ("it\u202emasto", "a bidirectional control character"),
        ("it\u2066masto", "a bidirectional control character"),
        ("it;masto", "';'"),
    ],
)
def test_account_names_that_break_listings_are_refused(cli: Cli, name: str, shown: str) -> None:
    added = cli("accounts", "add", "instagram", "--name", name)
    assert added.returncode == 1
    line = _one_error_line(added.stderr)
    assert f"contains {shown}" in line
    assert "letters, digits, spaces and punctuation other than ;" in line
    assert _names(cli) == []


def test_names_in_any_script_are_still_welcome(cli: Cli) -> None:
    added = cli("accounts", "add", "instagram", "--name", "Universität Zürich (東京) @it")
    assert added.returncode == 0, added.stderr
    assert _names(cli) == ["Universität Zürich (東京) @it"]
