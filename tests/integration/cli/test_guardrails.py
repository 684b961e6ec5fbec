"""`studio queue add` asks the one set of guardrails (Issue 13 item 6): refused posts are never queued."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from studio.store import NewAccount, open_store
from studio.text import count
from tests.integration.cli.conftest import Cli

PERSONAL = "Questions? Mail jane.doe@example.edu or call 555-123-4567 with your student ID S1234567."


@pytest.fixture
def solo(studio_home: Path) -> Path:
    """A workspace without review, with an X and a Mastodon account (neither needs a credential to queue)."""
    with open_store(studio_home) as store:
        store.settings.update(solo_mode=True)
        store.accounts.add(NewAccount("x", "it-x"))
        store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
    return studio_home


def _queued(cli: Cli) -> list[object]:
    listed = cli("queue", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return list(json.loads(listed.stdout))


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def test_personal_data_is_refused_until_allowed(cli: Cli, solo: Path) -> None:
    refused = cli("queue", "add", "--account", "it-masto", "--text", PERSONAL)
    assert refused.returncode == 1, refused.stderr
    errors = _errors(refused.stderr)
    assert len(errors) == 3, refused.stderr  # the e-mail address, the phone number, the student ID
    assert all("--allow personal-data" in line for line in errors)
    assert "Traceback" not in refused.stderr
    assert refused.stdout == ""
    assert _queued(cli) == []

    allowed = cli("queue", "add", "--account", "it-masto", "--text", PERSONAL, "--allow", "personal-data")
    assert allowed.returncode == 0, allowed.stderr
    post_id = allowed.stdout.strip()
    shown = json.loads(cli("queue", "show", post_id, "--json").stdout)
    (delivery,) = shown["deliveries"]
    assert [(e["kind"], e["detail"]) for e in delivery["events"] if e["kind"] == "allowed"] == [
        ("allowed", "personal-data")
    ]


def test_an_x_post_over_280_by_weight_is_refused(cli: Cli, solo: Path) -> None:
    # 201 characters; X weighs each CJK character 2: 401 of 280. A hashtag is never cut into a thread.
    text = "#" + "停" * 200
    assert len(text) <= 280 < count(text, "x").length
    refused = cli("queue", "add", "--account", "it-x", "--text", text)
    assert refused.returncode == 1, refused.stderr
    (line,) = _errors(refused.stderr)
    assert line.startswith("error: it-x (X), ")
    assert "longer than a whole post" in line
    assert _queued(cli) == []
    # A long text of words is not refused: X gets it as a thread, each part within 280 by weight.
    words = " ".join(["停停停停"] * 60)
    assert count(words, "x").length > 280
    queued = cli("queue", "add", "--account", "it-x", "--text", words)
    assert queued.returncode == 0, queued.stderr
    shown = json.loads(cli("queue", "show", queued.stdout.strip(), "--json").stdout)
    parts = [part["text"] for part in shown["deliveries"][0]["parts"]]
    assert len(parts) > 1
    assert all(count(part, "x").ok for part in parts)


def test_mastodon_alt_text_over_1500_is_refused(cli: Cli, solo: Path, tmp_path: Path) -> None:
    picture = tmp_path / "printer.png"
    Image.new("RGB", (64, 48), "white").save(picture)
    add = ("queue", "add", "--account", "it-masto", "--text", "The printer is back.", "--image", str(picture))
    refused = cli(*add, "--alt", "a" * 1600)
    assert refused.returncode == 1, refused.stderr
    (line,) = _errors(refused.stderr)
    assert line == (
        "error: it-masto (Mastodon), alt text of picture 1: 1,600 characters, Mastodon takes 1,500 "
        "(shorten the description)"
    )
    assert _queued(cli) == []
    assert cli(*add, "--alt", "a" * 1500).returncode == 0


def test_allow_names_a_known_rule(cli: Cli, solo: Path) -> None:
    result = cli("queue", "add", "--account", "it-x", "--text", "Hi.", "--allow", "personal-dat")
    assert result.returncode == 2
    assert "personal-data" in result.stderr
