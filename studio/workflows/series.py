"""Recurring series: weekly slots in a local zone, a backlog of drafts, numbered episodes, blackout days.

The plan of a series lists its coming slots (blackout days skipped or shifted) with what goes in each: an
episode already scheduled, the next ready draft of the backlog, or nothing (a warning when that slot is
within a week). Filling schedules the ready drafts into their slots and numbers them in slot order.
Ready: approved, or a plain draft in solo mode (where nobody reviews).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studio.errors import InputError
from studio.store import NewPost, Post, PostStatus, Store
from studio.store.series import NewSeries, StoredSeries
from studio.store.times import now_utc
from studio.workflows.recurrence import (
    WEEKDAYS,
    Blackout,
    WeeklyRule,
    apply_blackouts,
    parse_clock,
    slots_between,
)

__all__ = [
    "WARN_AHEAD",
    "PlannedSlot",
    "SeriesPlan",
    "add_to_backlog",
    "create_series",
    "fill_series",
    "numbered",
    "parse_weekdays",
    "plan_series",
    "series_rule",
]

# The issue: warn a week ahead when the backlog runs dry.
WARN_AHEAD = timedelta(days=7)
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NAMED_DAYS = {"weekdays": (0, 1, 2, 3, 4), "weekends": (5, 6), "daily": (0, 1, 2, 3, 4, 5, 6)}


@dataclass(frozen=True, slots=True)
class PlannedSlot:
    """One coming slot: `scheduled` episodes are fixed; otherwise `post_id` is the draft it would take."""

    at: datetime
    post_id: int | None
    number: int | None
    scheduled: bool


@dataclass(frozen=True, slots=True)
class SeriesPlan:
    """The coming slots of a series and what to tell the user about them."""

    series: StoredSeries
    slots: tuple[PlannedSlot, ...]
    warnings: tuple[str, ...]
    waiting_review: int  # drafts of the series not approved yet


def parse_weekdays(text: str) -> tuple[int, ...]:
    """`tue`, `tuesday`, `mon,wed,fri`, `weekdays`, `weekends` or `daily` as weekday numbers (0 = Monday)."""
    out: set[int] = set()
    for word in text.lower().replace(" ", ",").split(","):
        if not word:
            continue
        if word in _NAMED_DAYS:
            out.update(_NAMED_DAYS[word])
        elif word in WEEKDAYS or word in _DAY_NAMES:
            out.add(WEEKDAYS.index(word[:3]))
        else:
            raise InputError(
                f"days {text!r}", f"{word!r} is not a day", "use mon..sun, weekdays, weekends or daily"
            )
    if not out:
        raise InputError(f"days {text!r}", "names no day", "use mon..sun, weekdays, weekends or daily")
    return tuple(sorted(out))


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone `name`; InputError naming it if unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"--zone {name!r}", "unknown time zone", "use an IANA name like Europe/Berlin"
        ) from None


def create_series(
    store: Store,
    name: str,
    *,
    every: str,
    at: list[str],
    zone: str,
    account_names: list[str],
    title: str = "",
    blackout_mode: str = "skip",
    first_number: int = 1,
) -> StoredSeries:
    """Create a series posting on `every` (days) at the local times `at` in `zone`."""
    if not name.strip():
        raise InputError("series name", "is empty", "name it, e.g. 'Tech Tip Tuesday'")
    if first_number < 1:
        raise InputError(
            f"--first-number {first_number}", "must be 1 or more", "give the next episode's number"
        )
    if blackout_mode not in ("skip", "shift"):
        raise InputError(f"--blackout {blackout_mode!r}", "unknown", "use skip or shift")
    days = parse_weekdays(every)
    times = tuple(sorted({parse_clock(t, field="--at").strftime("%H:%M") for t in at}))
    if not times:
        raise InputError("--at", "no time given", "give --at HH:MM")
    zone_named(zone)
    with store.db.write():
        accounts = tuple(store.accounts.by_name(n).id for n in account_names)
        return store.series.create(
            NewSeries(name.strip(), days, times, zone, accounts, title.strip(), blackout_mode, first_number)
        )


def add_to_backlog(store: Store, name: str, body: str) -> Post:
    """Add a draft to the series' backlog (sent to review unless the workspace is in solo mode)."""
    series = store.series.by_name(name)
    if not body.strip():
        raise InputError("--text", "the post's text is empty", "write the episode")
    with store.db.write():
        post = store.posts.create(NewPost(body.strip(), series.account_ids, series=series.name))
        if not store.settings.get().solo_mode:
            post = store.posts.set_status(post.id, PostStatus.IN_REVIEW)
    return post


def series_rule(series: StoredSeries) -> WeeklyRule:
    """The series' slot rule."""
    return WeeklyRule(
        frozenset(series.weekdays), tuple(parse_clock(t) for t in series.times), zone_named(series.timezone)
    )


def plan_series(store: Store, name: str, *, now: datetime | None = None, weeks: int = 4) -> SeriesPlan:
    """The series' slots from now for `weeks` weeks, filled with scheduled episodes, then ready drafts."""
    moment = now or now_utc()
    if weeks < 1:
        raise InputError(f"--weeks {weeks}", "must be 1 or more", "plan at least a week")
    series = store.series.by_name(name)
    rule = series_rule(series)
    end = moment + timedelta(weeks=weeks)
    # Only the days up to the plan's end matter: clipped there, a slot shifted past a long blackout stops
    # at the end (and is left for a later plan) instead of walking on to the calendar's last day.
    horizon = end.astimezone(rule.zone).date() + timedelta(days=1)
    blackouts = [
        Blackout(b.start, min(b.end, horizon), b.summary)
        for b in store.series.blackouts()
        if b.start < horizon
    ]
    raw = list(slots_between(rule, moment, end))
    shift = series.blackout_mode == "shift"
    times = [at for at in apply_blackouts(raw, blackouts, rule.zone, shift=shift) if at < end]
    if raw and not times:
        raise InputError(
            f"series {series.name!r}",
            f"has no free slot in the next {weeks} week(s): every slot falls on a blackout day",
            "see `studio series blackouts`; import a shorter calendar, or plan further ahead with --weeks",
        )
    booked = {e.slot_at: e for e in store.series.entries(series.id)}
    solo = store.settings.get().solo_mode
    ready_status = {PostStatus.APPROVED, PostStatus.DRAFT} if solo else {PostStatus.APPROVED}
    backlog = [store.posts.get(i) for i in store.series.backlog(series.name)]
    ready = [p.id for p in backlog if p.status in ready_status]
    waiting = len(backlog) - len(ready)
    slots: list[PlannedSlot] = []
    number = series.next_number
    for at in times:
        if (entry := booked.get(at)) is not None:
            slots.append(PlannedSlot(at, entry.post_id, entry.number, scheduled=True))
        elif ready:
            slots.append(PlannedSlot(at, ready.pop(0), number, scheduled=False))
            number += 1
        else:
            slots.append(PlannedSlot(at, None, None, scheduled=False))
    warnings = tuple(
        f"the backlog runs dry: nothing ready for {s.at.astimezone(rule.zone):%a %Y-%m-%d %H:%M %Z}"
        for s in slots
        if s.post_id is None and s.at < moment + WARN_AHEAD
    )
    return SeriesPlan(series, tuple(slots), warnings, waiting)


def fill_series(store: Store, name: str, *, now: datetime | None = None, weeks: int = 4) -> SeriesPlan:
    """Schedule the ready drafts into the coming slots, numbering them; returns the plan after."""
    moment = now or now_utc()
    with store.db.write():
        plan = plan_series(store, name, now=moment, weeks=weeks)
        for slot in plan.slots:
            if slot.scheduled or slot.post_id is None:
                continue
            post = store.posts.get(slot.post_id)
            number = store.series.take_number(plan.series.id, post.id, slot.at)
            store.posts.save_draft(post.id, numbered(post.body, plan.series.title, number), at=moment)
            store.posts.reschedule(post.id, slot.at, at=moment)
            store.posts.set_status(post.id, PostStatus.SCHEDULED, at=moment)
        return plan_series(store, name, now=moment, weeks=weeks)


def numbered(body: str, title: str, number: int) -> str:
    """The episode's text: `{number}` in the body is replaced; else the title line (numbered) goes first."""
    if "{number}" in body:
        return body.replace("{number}", str(number))
    if title:
        return f"{title.replace('{number}', str(number))}\n{body}"
    return body
