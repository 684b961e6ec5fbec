"""Posting slots per account ("weekdays 09:30 and 15:00") and "next free slot" scheduling."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studio.errors import InputError
from studio.store import Store
from studio.store.times import now_utc
from studio.workflows.recurrence import WEEKDAYS, WeeklyRule, parse_clock, slots_between
from studio.workflows.series import parse_weekdays

__all__ = ["SEARCH_WEEKS", "describe_slots", "next_free_slot", "parse_slot_spec", "workspace_zone"]

# Far enough to get past a full term of fully booked slots; past it, the answer is "no free slot".
SEARCH_WEEKS = 26


def parse_slot_spec(text: str) -> list[tuple[int, str]]:
    """`weekdays 09:30 and 15:00`, `mon,wed 10:00`, `daily 12:00` as (weekday, HH:MM) pairs."""
    words = [w for w in text.replace(",", " , ").split() if w.lower() != "and"]
    days = [w for w in words if ":" not in w]
    times = [w for w in words if ":" in w]
    if not days or not times:
        raise InputError(
            f"slots {text!r}", "needs days and times", "write it like 'weekdays 09:30 and 15:00'"
        )
    weekdays = parse_weekdays(",".join(d for d in days if d != ","))
    clocks = sorted({parse_clock(t, field=f"slots {text!r}:").strftime("%H:%M") for t in times})
    return [(d, t) for d in weekdays for t in clocks]


def describe_slots(slots: list[tuple[int, str]]) -> str:
    """`mon 09:30, mon 15:00, ...` for showing."""
    return ", ".join(f"{WEEKDAYS[d]} {t}" for d, t in slots) or "no slots"


def workspace_zone(name: str) -> ZoneInfo:
    """The zone slots are read in: the workspace's display zone, else the computer's (as IANA), else UTC."""
    candidates = [name, os.environ.get("TZ", "").lstrip(":")]
    link = Path("/etc/localtime")
    if link.is_symlink():
        target = str(link.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for candidate in candidates:
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def next_free_slot(store: Store, account_name: str, *, after: datetime | None = None) -> datetime:
    """The first of the account's slots after `after` (default now) with no post due on the account."""
    start = after or now_utc()
    account = store.accounts.by_name(account_name)
    slots = store.series.account_slots(account.id)
    if not slots:
        raise InputError(
            f"account {account.name}",
            "has no posting slots",
            f"set some: studio slots set {account.name} 'weekdays 09:30 and 15:00'",
        )
    zone = workspace_zone(store.settings.get().display_timezone)
    end = start + timedelta(weeks=SEARCH_WEEKS)
    busy = store.series.busy_times(account.id, start, end)
    for moment in _slot_times(slots, zone, start, end):
        if moment not in busy:
            return moment
    raise InputError(
        f"account {account.name}", f"every slot in the next {SEARCH_WEEKS} weeks is taken", "add more slots"
    )


def _slot_times(
    slots: list[tuple[int, str]], zone: ZoneInfo, start: datetime, end: datetime
) -> list[datetime]:
    """Every slot time in [start, end), in order (each weekday has its own times)."""
    out: list[datetime] = []
    for day in sorted({d for d, _ in slots}):
        rule = WeeklyRule(frozenset({day}), tuple(parse_clock(t) for d, t in slots if d == day), zone)
        out += slots_between(rule, start, end)
    return sorted(out)
