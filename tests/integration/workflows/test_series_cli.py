"""`studio series` and `studio slots` through the CLI on a real workspace."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.workflows.conftest import Cli

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Uni//Term//EN\r\n"
    "BEGIN:VEVENT\r\nSUMMARY:Winter break\r\nDTSTART;VALUE=DATE:20991221\r\nDTEND;VALUE=DATE:21000105\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nSUMMARY:Christmas\r\nDTSTART;VALUE=DATE:20991225\r\nRRULE:FREQ=YEARLY\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


def test_a_series_from_backlog_to_schedule(cli: Cli, accounts: tuple[str, str]) -> None:
    created = cli(
        "series", "create", "Tech Tip Tuesday", "--every", "tue", "--at", "10:00", "--zone", "Europe/Berlin",
        "--account", "it-masto", "--title", "Tech Tip #{number}", "--first-number", "12",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    for text in ("Lock your screen.", "Use a password manager."):
        added = cli("series", "add", "Tech Tip Tuesday", "--text", text)
        assert added.returncode == 0, added.stderr
    filled = cli("series", "fill", "Tech Tip Tuesday", "--weeks", "3", "--json")
    assert filled.returncode == 0, filled.stderr
    plan = json.loads(filled.stdout)
    assert [(s["number"], s["scheduled"]) for s in plan["slots"]] == [(12, True), (13, True), (None, False)]
    assert all(s["local"].endswith(("T10:00:00+01:00", "T10:00:00+02:00")) for s in plan["slots"])
    queued = json.loads(cli("queue", "list", "--json").stdout)
    assert sorted(p["text"].splitlines()[0] for p in queued) == ["Tech Tip #12", "Tech Tip #13"]
    listed = json.loads(cli("series", "list", "--json").stdout)
    assert [(s["name"], s["next_number"], s["backlog"]) for s in listed] == [("Tech Tip Tuesday", 14, 0)]


def test_blackouts_import_reports_bad_events_by_line(cli: Cli, tmp_path: Path) -> None:
    ics = tmp_path / "term.ics"
    ics.write_text(CALENDAR, encoding="utf-8")
    result = cli("series", "blackouts", str(ics))
    assert result.returncode == 1  # partly failed: one event could not be used
    assert f"error: {ics}:9: event 'Christmas' repeats (RRULE)" in result.stderr
    assert "imported 1 blackout range(s) as calendar 'term'" in result.stdout
    listed = cli("series", "blackouts").stdout
    assert listed.strip() == "2099-12-21\t2100-01-05\tterm\tWinter break"
    junk = tmp_path / "junk.ics"
    junk.write_text("hello", encoding="utf-8")
    bad = cli("series", "blackouts", str(junk))
    assert bad.returncode == 1
    assert "has no usable event" in bad.stderr


def test_slots_and_the_next_free_one(cli: Cli, accounts: tuple[str, str]) -> None:
    assert cli("slots", "set", "it-bsky", "weekdays 09:30 and 15:00").returncode == 0
    assert cli("slots", "show", "it-bsky").stdout.startswith("it-bsky: mon 09:30, mon 15:00, tue 09:30")
    first = cli("slots", "next", "it-bsky", "--after", "2099-03-06T16:00+00:00")  # a Friday, after 15:00
    assert (first.returncode, first.stdout.strip()) == (0, "2099-03-09T09:30:00Z")
    taken = cli("queue", "add", "--account", "it-bsky", "--text", "x", "--at", "2099-03-09T09:30:00+00:00")
    assert taken.returncode == 0, taken.stderr
    second = cli("slots", "next", "it-bsky", "--after", "2099-03-06T16:00+00:00")
    assert second.stdout.strip() == "2099-03-09T15:00:00Z"
    none = cli("slots", "next", "it-masto")
    assert none.returncode == 1
    assert "has no posting slots" in none.stderr
