"""Weekly slots in a local time zone, correct across daylight-saving changes, with blackout days.

A slot is a wall-clock time on given weekdays in an IANA zone ("Tuesday 10:00 Europe/Berlin"): it stays at
10:00 local time when the clocks change, so its UTC time moves. A wall-clock time the clocks skip (spring
forward) moves to the same time plus the gap (02:30 becomes 03:30); a repeated one (fall back) is the first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from studio.errors import InputError

__all__ = ["Blackout", "WeeklyRule", "apply_blackouts", "local_slot", "parse_clock", "slots_between"]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class WeeklyRule:
    """Slots at `times` on `weekdays` (0 = Monday) in `zone`."""

    weekdays: frozenset[int]
    times: tuple[time, ...]
    zone: ZoneInfo


@dataclass(frozen=True, slots=True)
class Blackout:
    """Days without posts, `start` to `end` exclusive (as in an ICS all-day event), with its name."""

    start: date
    end: date
    summary: str = ""

    def covers(self, day: date) -> bool:
        """True if `day` is blacked out."""
        return self.start <= day < self.end


def parse_clock(text: str, *, field: str = "time") -> time:
    """`10:00` or `9:30` as a time; InputError otherwise."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise InputError(f"{field} {text!r}", "not a time of day", "write it as HH:MM, e.g. 10:00") from None


def local_slot(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC moment of wall-clock `at` on `day` in `zone` (a skipped time moves forward by the gap)."""
    # PEP 495, fold=0: a skipped reading takes the offset from before the change, so it lands after the gap
    # (02:30 -> 03:30 summer time); a repeated reading is its first occurrence.
    return datetime.combine(day, at).replace(tzinfo=zone, fold=0).astimezone(UTC)


def slots_between(rule: WeeklyRule, start: datetime, end: datetime) -> Iterator[datetime]:
    """Every slot of `rule` with start <= slot < end, in order, as UTC datetimes."""
    day = start.astimezone(rule.zone).date() - timedelta(days=1)
    last = end.astimezone(rule.zone).date() + timedelta(days=1)
    while day <= last:
        if day.weekday() in rule.weekdays:
            for at in sorted(rule.times):
                moment = local_slot(day, at, rule.zone)
                if start <= moment < end:
                    yield moment
        day += timedelta(days=1)


def apply_blackouts(
    slots: Sequence[datetime], blackouts: Sequence[Blackout], zone: ZoneInfo, *, shift: bool
) -> list[datetime]:
    """Drop the slots on blacked-out days, or with `shift` move each to the next free day at the same time.

    A shifted slot never reaches the next regular slot's day: it is dropped instead (a weekly series does
    not post twice in one week).
    """
    out: list[datetime] = []
    for index, slot in enumerate(slots):
        local = slot.astimezone(zone)
        if not any(b.covers(local.date()) for b in blackouts):
            out.append(slot)
            continue
        if not shift:
            continue
        limit = slots[index + 1].astimezone(zone).date() if index + 1 < len(slots) else None
        day = local.date() + timedelta(days=1)
        while any(b.covers(day) for b in blackouts) and (limit is None or day < limit):
            day += timedelta(days=1)
        if limit is None or day < limit:
            out.append(local_slot(day, local.time().replace(tzinfo=None), zone))
    return out
