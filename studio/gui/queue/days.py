"""Calendar arithmetic without Qt: the days a month or week view shows, and moving a time to another day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

__all__ = ["day_bounds", "local_day", "month_grid", "move_to_day", "week_of"]


def week_of(day: date) -> list[date]:
    """The seven days, Monday first, of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


def month_grid(year: int, month: int) -> list[date]:
    """Six weeks (42 days), Monday first, covering the month: the same shape for every month."""
    first = week_of(date(year, month, 1))[0]
    return [first + timedelta(days=i) for i in range(42)]


def _at(day: date, clock: time, zone: tzinfo | None) -> datetime:
    """The aware time of a wall clock on a day in `zone` (None: the computer's zone)."""
    naive = datetime.combine(day, clock)
    if zone is None:
        return naive.astimezone(UTC)  # Python reads a naive time as the computer's local time (DST-aware)
    return naive.replace(tzinfo=zone).astimezone(UTC)


def local_day(moment: datetime, zone: tzinfo | None) -> date:
    """The calendar day `moment` falls on in `zone`."""
    return moment.astimezone(zone).date()


def day_bounds(first: date, last: date, zone: tzinfo | None) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in `zone`, as UTC: what to ask the store for."""
    return _at(first, time(0), zone), _at(last + timedelta(days=1), time(0), zone)


def move_to_day(moment: datetime, day: date, zone: tzinfo | None) -> datetime:
    """`moment` moved to `day`, keeping its wall-clock time in `zone` (so 09:00 stays 09:00 across DST)."""
    clock = moment.astimezone(zone).time().replace(tzinfo=None)
    return _at(day, clock, zone)
