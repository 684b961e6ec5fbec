"""Posting slots per account and the next free slot, through the real store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from studio.errors import InputError
from studio.store import Account, NewPost, PostStatus, Store
from studio.workflows.slots import describe_slots, next_free_slot, parse_slot_spec

FRIDAY_NOON = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)


def test_slot_specs() -> None:
    assert parse_slot_spec("weekdays 09:30 and 15:00")[:3] == [(0, "09:30"), (0, "15:00"), (1, "09:30")]
    assert len(parse_slot_spec("weekdays 09:30 and 15:00")) == 10
    assert parse_slot_spec("mon,wed 9:00") == [(0, "09:00"), (2, "09:00")]
    assert describe_slots(parse_slot_spec("sat 11:00")) == "sat 11:00"
    with pytest.raises(InputError, match="needs days and times"):
        parse_slot_spec("weekdays")


def test_next_free_slot_skips_taken_ones_and_follows_the_zone(store: Store, masto: Account) -> None:
    store.settings.update(display_timezone="Europe/Berlin")
    store.series.set_account_slots(masto.id, parse_slot_spec("weekdays 09:30 and 15:00"))
    # Friday 13:00 CET: the 15:00 slot is next (14:00 UTC); Monday after the DST change is UTC+2
    assert next_free_slot(store, "it-masto", after=FRIDAY_NOON) == datetime(2026, 3, 27, 14, 0, tzinfo=UTC)
    store.posts.create(
        NewPost("taken", (masto.id,), scheduled_at=datetime(2026, 3, 27, 14, 0, tzinfo=UTC)),
        PostStatus.SCHEDULED,
    )
    assert next_free_slot(store, "it-masto", after=FRIDAY_NOON) == datetime(2026, 3, 30, 7, 30, tzinfo=UTC)


def test_an_account_without_slots_says_how_to_set_them(store: Store, masto: Account) -> None:
    with pytest.raises(InputError, match="studio slots set it-masto 'weekdays 09:30 and 15:00'"):
        next_free_slot(store, "it-masto", after=FRIDAY_NOON)
