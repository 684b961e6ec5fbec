"""Weekly slots across daylight-saving changes, and blackout days skipped or shifted."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from studio.errors import InputError
from studio.workflows.recurrence import (
    Blackout,
    WeeklyRule,
    apply_blackouts,
    local_slot,
    parse_clock,
    slots_between,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_tuesday_ten_stays_ten_local_across_the_spring_change() -> None:
    rule = WeeklyRule(frozenset({1}), (time(10, 0),), BERLIN)
    slots = list(slots_between(rule, datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 4, 8, tzinfo=UTC)))
    assert slots == [
        datetime(2026, 3, 24, 9, 0, tzinfo=UTC),  # CET, UTC+1
        datetime(2026, 3, 31, 8, 0, tzinfo=UTC),  # CEST from 29 March, UTC+2
        datetime(2026, 4, 7, 8, 0, tzinfo=UTC),
    ]
    assert {s.astimezone(BERLIN).hour for s in slots} == {10}


def test_autumn_change_and_another_zone() -> None:
    rule = WeeklyRule(frozenset({0}), (time(9, 30),), NEW_YORK)
    slots = list(slots_between(rule, datetime(2026, 10, 26, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC)))
    assert [s.strftime("%m-%d %H:%M") for s in slots] == ["10-26 13:30", "11-02 14:30", "11-09 14:30"]


def test_a_time_the_clocks_skip_moves_forward_and_a_repeated_one_is_the_first() -> None:
    skipped = local_slot(date(2026, 3, 29), time(2, 30), BERLIN)
    assert skipped.astimezone(BERLIN).strftime("%H:%M %Z") == "03:30 CEST"
    repeated = local_slot(date(2026, 10, 25), time(2, 30), BERLIN)
    assert repeated == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, the first of the two


def test_slots_are_half_open_and_ordered_within_a_day() -> None:
    rule = WeeklyRule(frozenset({0, 1, 2, 3, 4}), (time(15, 0), time(9, 30)), ZoneInfo("UTC"))
    start = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday, exactly at a slot
    slots = list(slots_between(rule, start, datetime(2026, 3, 3, 15, 0, tzinfo=UTC)))
    assert [s.strftime("%d %H:%M") for s in slots] == ["02 09:30", "02 15:00", "03 09:30"]


def test_blackouts_skip_or_shift_but_never_into_the_next_week() -> None:
    rule = WeeklyRule(frozenset({1}), (time(10, 0),), BERLIN)
    slots = list(slots_between(rule, datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 20, tzinfo=UTC)))
    winter = [
        Blackout(date(2026, 12, 21), date(2027, 1, 5), "Winter break"),
        Blackout(date(2026, 12, 8), date(2026, 12, 9)),
    ]
    kept = apply_blackouts(slots, winter, BERLIN, shift=False)
    assert [s.astimezone(BERLIN).date().isoformat() for s in kept] == [
        "2026-12-01", "2026-12-15", "2027-01-05", "2027-01-12", "2027-01-19",
    ]  # fmt: skip
    shifted = apply_blackouts(slots, winter, BERLIN, shift=True)
    assert [s.astimezone(BERLIN).strftime("%Y-%m-%d %H:%M") for s in shifted] == [
        "2026-12-01 10:00", "2026-12-09 10:00", "2026-12-15 10:00", "2027-01-05 10:00", "2027-01-12 10:00",
        "2027-01-19 10:00",
    ]  # fmt: skip


@pytest.mark.parametrize("bad", ["10", "25:00", "ten:30", ""])
def test_a_bad_clock_is_refused(bad: str) -> None:
    with pytest.raises(InputError, match="not a time of day"):
        parse_clock(bad, field="--at")
