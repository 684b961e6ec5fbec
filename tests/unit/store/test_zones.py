from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from studio.errors import InputError
from studio.store import NewAccount, NewPost, PostStatus, Store
from studio.store.zones import parse_user_time, show_time, user_zone

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_weekly_post_keeps_its_wall_clock_time_across_the_dst_change(store: Store) -> None:
    # Summer time in Berlin starts on 2026-03-29: 09:00 is 08:00 UTC before and 07:00 UTC after.
    before = parse_user_time("2026-03-24T09:00", BERLIN)
    after = parse_user_time("2026-03-31T09:00", BERLIN)
    assert before == datetime(2026, 3, 24, 8, 0, tzinfo=UTC)
    assert after == datetime(2026, 3, 31, 7, 0, tzinfo=UTC)
    assert after - before == timedelta(days=7, hours=-1)
    account = store.accounts.add(NewAccount("bluesky", "b"))
    ids = [
        store.posts.create(NewPost("tip", account_ids=(account.id,), scheduled_at=t), PostStatus.SCHEDULED).id
        for t in (before, after)
    ]
    shown = [show_time(store.posts.get(i).scheduled_at, BERLIN) for i in ids]
    assert shown == ["2026-03-24 09:00 CET", "2026-03-31 09:00 CEST"]
    # A minute before 09:00 Berlin summer time (07:00 UTC) only the week-old post is due.
    claimed = store.deliveries.claim_due(datetime(2026, 3, 31, 6, 59, tzinfo=UTC), limit=5, claimer="r")
    assert [d.post_id for d in claimed] == [ids[0]]


def test_a_skipped_wall_clock_time_is_refused() -> None:
    with pytest.raises(InputError, match="does not exist in Europe/Berlin"):
        parse_user_time("2026-03-29T02:30", BERLIN)


def test_an_explicit_offset_wins_and_garbage_is_refused() -> None:
    assert parse_user_time("2026-06-01T09:00+02:00", BERLIN) == datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    assert parse_user_time("2026-06-01T09:00Z", None) == datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    with pytest.raises(InputError, match="not an ISO 8601 time"):
        parse_user_time("next tuesday", BERLIN)
    with pytest.raises(InputError, match="unknown"):
        user_zone("Mars/Olympus")
