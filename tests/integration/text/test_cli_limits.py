"""`studio text check|thread` with texts no network takes, and with Windows line ends (issue 12)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


def _studio(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("action", [["check"], ["thread", "--network", "x"]])
def test_a_text_longer_than_any_post_is_one_error_line(action: list[str]) -> None:
    result = _studio("text", *action, "-", stdin=b"word " * 20_000)
    assert result.stdout == b""
    assert result.stderr.decode() == (
        "error: standard input: is 100,000 characters long; no network takes more than 63,206 "
        "(shorten it, or make it several posts)\n"
    )
    assert result.returncode == 1


def test_thread_of_a_crlf_text_cuts_at_its_marker_and_keeps_no_carriage_return() -> None:
    text = "First part,\r\non two lines.\r\n---\r\nSecond part.\r\n"
    result = _studio("text", "thread", "--network", "x", "-", stdin=text.encode())
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "First part,\non two lines.\n---\nSecond part.\n"
