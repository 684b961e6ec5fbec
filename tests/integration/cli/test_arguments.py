"""Ids, times, months and counts out of range, bytes that are not UTF-8, and a reader that goes away.

Each was an internal error (OverflowError, ValueError, UnicodeEncodeError, BrokenPipeError) and must be
one error line naming the argument, with nothing written; a closed pipe ends quietly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from studio.store import NewPost, open_store
from tests.integration.cli.conftest import REPO, Cli, one_error_line

HUGE = "99999999999999999999999"
SQLITE_MAX = str(2**63 - 1)


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        (["queue", "show"], "post"),
        (["queue", "done"], "post"),
        (["queue", "retry"], "post"),
        (["queue", "cancel"], "post"),
        (["queue", "approve"], "post"),
        (["review", "submit", "--as", "ann"], "post"),
        (["review", "approve", "--as", "ann"], "post"),
        (["review", "changes", "--as", "ann", "--comment", "shorter"], "post"),
        (["incident", "update", "--stage", "monitoring"], "incident"),
        (["incident", "close"], "incident"),
        (["incident", "draft", "--stage", "monitoring"], "incident"),
        (["incident", "held"], "incident"),
    ],
)
def test_an_id_too_large_for_any_row_is_a_usage_error(cli: Cli, command: list[str], kind: str) -> None:
    result = cli(*command, HUGE)
    line = one_error_line(result)
    assert result.returncode == 2
    assert f"argument ID: '{HUGE}': not a{'n' if kind == 'incident' else ''} {kind} id" in line


def test_the_largest_id_sqlite_holds_is_simply_not_found(cli: Cli) -> None:
    result = cli("queue", "show", SQLITE_MAX)
    assert one_error_line(result) == f"error: post {SQLITE_MAX}: not found (see `studio queue list`)"


@pytest.mark.parametrize(
    ("moment", "zone"),
    [
        ("0001-01-01T00:00", "Pacific/Kiritimati"),  # UTC+14: the day before year 1
        ("9999-12-31T23:59", "Pacific/Pago_Pago"),  # UTC-11: past year 9999
        ("0001-01-01T00:00+14:00", ""),
        ("9999-12-31T23:59-12:00", ""),
        ("9999-12-31T23:59", ""),  # fits, until a late window or a retry's backoff is added
    ],
)
def test_a_time_at_the_ends_of_the_calendar_is_refused(
    cli: Cli, instagram: str, studio_home: Path, moment: str, zone: str
) -> None:
    with open_store(studio_home) as store:
        store.settings.update(display_timezone=zone)
    for field, args in (
        ("--at", ["queue", "add", "--account", instagram, "--text", "hello", "--at", moment]),
        ("--start", ["incident", "open", "--service", "Mail", "--impact", "down", "--account", instagram,
                     "--no-card", "--start", moment]),
        ("--after", ["slots", "next", instagram, "--after", moment]),
    ):  # fmt: skip
        line = one_error_line(cli(*args))
        assert line == (
            f"error: {field} '{moment}': Studio takes times from 1970 to 2999 "
            "(write it like 2026-03-29T09:00 or 2026-03-29T09:00+02:00)"
        )
    assert json.loads(cli("queue", "list", "--json").stdout) == []


@pytest.mark.parametrize("month", ["9999-12", "0000-01", "0001-01", "2026-13"])
def test_a_report_month_out_of_range_is_refused(cli: Cli, tmp_path: Path, month: str) -> None:
    out = tmp_path / "report.html"
    result = cli("archive", "report", "--month", month, "--out", str(out))
    assert one_error_line(result).startswith(f"error: --month '{month}': ")
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["series", "plan", "Tips", "--weeks", HUGE],
        ["series", "fill", "Tips", "--weeks", "99999999"],
        ["series", "create", "Tips", "--every", "tue", "--at", "10:00", "--account", "it-insta",
         "--first-number", HUGE],
        ["incident", "draft", "1", "--stage", "monitoring", "--next-update", "999999999999"],
        ["archive", "search", "x", "--limit", HUGE],
    ],
)  # fmt: skip
def test_a_count_out_of_range_is_a_usage_error(cli: Cli, instagram: str, args: list[str]) -> None:
    result = cli(*args)
    one_error_line(result)
    assert result.returncode == 2


def test_an_argument_that_is_not_utf8_is_refused_before_anything_is_stored(cli: Cli, instagram: str) -> None:
    # A byte the shell passes that is not UTF-8 reaches Python as a lone surrogate.
    result = cli("queue", "add", "--account", instagram, "--text", b"caf\xe9 \xed\xb2\x80")
    line = one_error_line(result)
    assert result.returncode == 2
    assert line == (
        "error: argument 6 'caf\\xe9 \\xed\\xb2\\x80': is not UTF-8 text "
        "(type it again in a UTF-8 terminal, or convert it with iconv)"
    )
    assert json.loads(cli("queue", "list", "--json").stdout) == []


def test_a_closed_pipe_ends_the_listing_quietly(instagram: str, studio_home: Path) -> None:
    with open_store(studio_home) as store:
        account = store.accounts.by_name(instagram).id
        for n in range(1500):  # more than a pipe holds: the listing is still writing when the reader goes
            store.posts.create(
                NewPost(f"post number {n} with a line long enough to fill the pipe", (account,))
            )
    process = subprocess.Popen(
        [sys.executable, "-m", "studio", "queue", "list"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()  # `| head -1`
    process.stdout.close()
    errors = process.stderr.read().decode()
    process.stderr.close()
    status = process.wait(timeout=60)
    assert first.startswith(b"1500\t")
    assert errors == ""
    assert status == 141  # as a shell reports a tool ended by SIGPIPE
