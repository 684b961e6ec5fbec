"""Series through the real store: backlog, numbering in slot order, DST, blackouts, dry-backlog warnings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from studio.errors import InputError
from studio.store import Account, PostStatus, Store
from studio.workflows.series import (
    add_to_backlog,
    create_series,
    fill_series,
    numbered,
    parse_weekdays,
    plan_series,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2026, 3, 16, 12, 0, tzinfo=UTC)  # the Tuesdays after it: 17, 24, 31 March (DST on the 29th)


def _series(store: Store, *, mode: str = "skip") -> None:
    create_series(
        store,
        "Tech Tip Tuesday",
        every="tue",
        at=["10:00"],
        zone="Europe/Berlin",
        account_names=["it-masto"],
        title="Tech Tip #{number}",
        blackout_mode=mode,
        first_number=12,
    )


def test_fill_numbers_drafts_in_slot_order_across_dst(store: Store, masto: Account) -> None:
    _series(store)
    first = add_to_backlog(store, "tech tip tuesday", "Lock your screen: Windows key + L.")
    second = add_to_backlog(store, "Tech Tip Tuesday", "Tip {number} of the term: use a password manager.")
    plan = fill_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=3)
    assert [(s.at, s.post_id, s.number, s.scheduled) for s in plan.slots] == [
        (datetime(2026, 3, 17, 9, 0, tzinfo=UTC), first.id, 12, True),
        (datetime(2026, 3, 24, 9, 0, tzinfo=UTC), second.id, 13, True),
        (datetime(2026, 3, 31, 8, 0, tzinfo=UTC), None, None, False),  # 10:00 CEST
    ]
    one, two = store.posts.get(first.id), store.posts.get(second.id)
    assert one.body == "Tech Tip #12\nLock your screen: Windows key + L."
    assert two.body == "Tip 13 of the term: use a password manager."
    assert (one.status, one.scheduled_at) == (PostStatus.SCHEDULED, datetime(2026, 3, 17, 9, 0, tzinfo=UTC))
    assert one.deliveries[0].due_at == one.scheduled_at
    assert store.series.by_name("Tech Tip Tuesday").next_number == 14
    assert store.series.backlog("Tech Tip Tuesday") == []


def test_filling_again_changes_nothing_and_new_drafts_take_the_next_numbers(
    store: Store, masto: Account
) -> None:
    _series(store)
    add_to_backlog(store, "Tech Tip Tuesday", "one")
    fill_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=2)
    again = fill_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=2)
    assert [s.number for s in again.slots] == [12, None]
    late = add_to_backlog(store, "Tech Tip Tuesday", "two")
    after = fill_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=2)
    assert [(s.post_id, s.number) for s in after.slots][1] == (late.id, 13)


def test_a_dry_backlog_warns_a_week_ahead_only(store: Store, masto: Account) -> None:
    _series(store)
    add_to_backlog(store, "Tech Tip Tuesday", "one")
    plan = fill_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=4)
    assert plan.warnings == ()  # the next Tuesday has its episode; the empty ones are more than a week away
    plan = plan_series(store, "Tech Tip Tuesday", now=MONDAY + timedelta(days=2), weeks=4)
    assert plan.warnings == ("the backlog runs dry: nothing ready for Tue 2026-03-24 10:00 CET",)


def test_with_review_only_approved_drafts_are_taken(store: Store, masto: Account) -> None:
    store.settings.update(solo_mode=False)
    _series(store)
    waiting = add_to_backlog(store, "Tech Tip Tuesday", "needs a look")
    assert waiting.status is PostStatus.IN_REVIEW
    plan = plan_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=1)
    assert ([s.post_id for s in plan.slots], plan.waiting_review) == ([None], 1)
    store.posts.set_status(waiting.id, PostStatus.APPROVED)
    plan = fill_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=1)
    assert ([s.post_id for s in plan.slots], plan.waiting_review) == ([waiting.id], 0)


def test_blackout_days_skip_or_shift_slots(store: Store, masto: Account) -> None:
    store.series.replace_calendar("term", [(date(2026, 3, 24), date(2026, 3, 25), "Reading day")])
    _series(store)
    skipped = plan_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=3)
    assert [s.at.astimezone(BERLIN).date().day for s in skipped.slots] == [17, 31]
    create_series(
        store,
        "Shifted",
        every="tue",
        at=["10:00"],
        zone="Europe/Berlin",
        account_names=["it-masto"],
        blackout_mode="shift",
    )
    shifted = plan_series(store, "Shifted", now=MONDAY, weeks=3)
    assert [s.at.astimezone(BERLIN).strftime("%d %H:%M") for s in shifted.slots] == [
        "17 10:00",
        "25 10:00",
        "31 10:00",
    ]
    store.series.replace_calendar("term", [])  # importing the calendar again replaces it
    assert len(plan_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=3).slots) == 3


def test_a_cancelled_episode_frees_its_slot_but_keeps_its_number(store: Store, masto: Account) -> None:
    _series(store)
    first = add_to_backlog(store, "Tech Tip Tuesday", "one")
    fill_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=1)
    store.posts.cancel(first.id)
    second = add_to_backlog(store, "Tech Tip Tuesday", "two")
    plan = fill_series(store, "Tech Tip Tuesday", now=MONDAY, weeks=1)
    assert [(s.post_id, s.number) for s in plan.slots] == [(second.id, 13)]


def test_numbered_text() -> None:
    assert numbered("Tip {number}: x", "ignored #{number}", 4) == "Tip 4: x"
    assert numbered("x", "Tip #{number}", 4) == "Tip #4\nx"
    assert numbered("x", "", 4) == "x"


def test_weekday_words() -> None:
    assert parse_weekdays("Tuesday") == (1,)
    assert parse_weekdays("mon, wed,fri") == (0, 2, 4)
    assert parse_weekdays("weekends") == (5, 6)
    with pytest.raises(InputError, match="'tues' is not a day"):
        parse_weekdays("tues")


def test_bad_series_input_is_refused_clearly(store: Store, masto: Account) -> None:
    _series(store)
    with pytest.raises(InputError, match="already exists"):
        _series(store)
    with pytest.raises(InputError, match="unknown time zone"):
        create_series(store, "X", every="mon", at=["10:00"], zone="Mars/Olympus", account_names=["it-masto"])
    with pytest.raises(InputError, match="not found"):
        add_to_backlog(store, "Nope", "x")
    with pytest.raises(InputError, match="text is empty"):
        add_to_backlog(store, "Tech Tip Tuesday", "  ")
    with pytest.raises(InputError, match="--weeks 0"):
        plan_series(store, "Tech Tip Tuesday", weeks=0)
    assert [s.name for s in store.series.list_all()] == ["Tech Tip Tuesday"]
