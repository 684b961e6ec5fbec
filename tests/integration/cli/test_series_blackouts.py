"""A blackout calendar that covers every day leaves no slot: the plan says so instead of inventing one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.cli.conftest import Cli, one_error_line

EVERY_DAY = (
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Closed\r\nDTSTART;VALUE=DATE:20000101\r\n"
    "DTEND;VALUE=DATE:99991231\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize("mode", ["shift", "skip"])
def test_no_free_slot_is_said_not_planned_on_9999_12_31(
    cli: Cli, instagram: str, tmp_path: Path, mode: str
) -> None:
    calendar = tmp_path / "closed.ics"
    calendar.write_text(EVERY_DAY, encoding="utf-8")
    assert cli("series", "blackouts", str(calendar)).returncode == 0
    created = cli(
        "series", "create", "Tips", "--every", "daily", "--at", "10:00", "--account", instagram,
        "--blackout", mode,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    assert cli("series", "add", "Tips", "--text", "Lock your screen").returncode == 0
    for action in ("plan", "fill"):
        result = cli("series", action, "Tips", "--json")
        assert one_error_line(result) == (
            "error: series 'Tips': has no free slot in the next 4 week(s): "
            "every slot falls on a blackout day (see `studio series blackouts`; "
            "import a shorter calendar, or plan further ahead with --weeks)"
        )
        assert "9999" not in result.stdout
    (post,) = json.loads(cli("queue", "list", "--json").stdout)
    assert post["scheduled_at"] is None  # fill scheduled nothing
