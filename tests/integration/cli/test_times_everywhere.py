"""A time at the calendar's ends is refused wherever it comes in, not only on the command line.

`archive import` with `at` = 9999-12-31T23:59 in a zone ahead of UTC was an internal error (OverflowError),
and a post stored with such a time by an older Studio made `queue list` crash in a far zone.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studio.store import NewPost, PostStatus, open_store
from tests.integration.cli.conftest import Cli


@pytest.mark.parametrize("moment", ["9999-12-31T23:59", "0001-01-01T00:00"])
def test_an_imported_time_at_the_calendars_end_is_a_row_error(
    cli: Cli, instagram: str, tmp_path: Path, moment: str
) -> None:
    sheet = tmp_path / "posts.csv"
    sheet.write_text(f"text,accounts,at\nhello,{instagram},{moment}\n", encoding="utf-8")
    result = cli("archive", "import", str(sheet), zone="Pacific/Kiritimati")
    assert "internal error" not in result.stderr.lower()
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "Studio takes times from 1970 to 2999" in result.stderr
    assert json.loads(cli("queue", "list", "--json").stdout) == []


def test_a_stored_time_at_the_calendars_end_still_lists(cli: Cli, instagram: str, studio_home: Path) -> None:
    with open_store(studio_home) as store:
        account = store.accounts.by_name(instagram).id
        # As an older Studio could store it: the last minute Python can hold, in UTC.
        store.posts.create(
            NewPost("far away", (account,), scheduled_at=datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
            PostStatus.SCHEDULED,
        )
    result = cli("queue", "list", zone="Pacific/Kiritimati")
    assert result.returncode == 0, result.stderr
    assert "9999-12-31 23:59" in result.stdout
