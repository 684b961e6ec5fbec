"""Blackout days from an ICS calendar (RFC 5545): the all-day and timed VEVENTs' dates, nothing more.

A small reader rather than a library: Studio needs DTSTART, DTEND/DURATION and SUMMARY of plain events, and
the `icalendar` package would add a dependency (and its own zone handling) for those ~150 lines. What it
cannot honour (a repeating event, a zone name that is not IANA) is reported by line, never silently skipped.

Timed events are placed in the workspace's zone before their days are taken: `DTSTART;TZID=Europe/Berlin:
20261224T083000` is the evening of the 23rd in Los Angeles. Zones come from `zoneinfo`, so the offset is the
one in force on that day (summer or winter time). A time with `Z` is UTC; one with neither is local wall time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studio.workflows.recurrence import Blackout

__all__ = ["IcsProblem", "parse_ics"]

_DURATION = re.compile(r"^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$")


@dataclass(frozen=True, slots=True)
class IcsProblem:
    """An event that could not be read, with the line it starts on."""

    line: int
    message: str


def parse_ics(text: str, zone: tzinfo | None = None) -> tuple[list[Blackout], list[IcsProblem]]:
    """The blackout ranges of every VEVENT, and a problem per event that could not be used.

    `zone` is where the days are counted (the workspace's zone); None keeps each timed event's own wall date.
    """
    events: list[Blackout] = []
    problems: list[IcsProblem] = []
    current: dict[str, tuple[str, str]] | None = None
    start_line = 0
    for number, line in _unfold(text):
        name, params, value = _split(line)
        if name == "BEGIN" and value.upper() == "VEVENT":
            current, start_line = {}, number
        elif name == "END" and value.upper() == "VEVENT" and current is not None:
            try:
                events.append(_event(current, zone))
            except _Unusable as problem:
                problems.append(IcsProblem(start_line, str(problem)))
            current = None
        elif current is not None and name:
            current.setdefault(name, (params, value))
    if not events and not problems and "BEGIN:VCALENDAR" not in text.upper():
        problems.append(IcsProblem(1, "not an ICS calendar (no BEGIN:VCALENDAR)"))
    return events, problems


class _Unusable(Exception):
    """Why one event cannot be used (becomes an IcsProblem with its line)."""


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of their first physical line (a line starting with space continues)."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + raw[1:])
        elif raw.strip():
            out.append((number, raw))
    return out


def _split(line: str) -> tuple[str, str, str]:
    """Name (upper case), parameters (as written: a TZID is case-sensitive) and value of a content line."""
    head, sep, value = line.partition(":")
    if not sep:
        return "", "", ""
    name, _, params = head.partition(";")
    return name.strip().upper(), params, value.strip()


def _event(props: dict[str, tuple[str, str]], zone: tzinfo | None) -> Blackout:
    summary = _unescape(props.get("SUMMARY", ("", ""))[1])
    label = f"event {summary!r}" if summary else "event"
    if "RRULE" in props or "RDATE" in props:
        raise _Unusable(f"{label} repeats (RRULE); export the calendar with repeats expanded")
    if "DTSTART" not in props:
        raise _Unusable(f"{label} has no DTSTART")
    start = _moment(label, "DTSTART", *props["DTSTART"], zone)
    all_day = isinstance(start, date) and not isinstance(start, datetime)
    end: date | datetime
    if "DTEND" in props:
        end = _moment(label, "DTEND", *props["DTEND"], zone)
    elif "DURATION" in props:
        end = start + _duration(label, props["DURATION"][1], all_day)
    else:
        # RFC 5545: an all-day event without an end lasts one day, a timed one is an instant
        end = start + timedelta(days=1) if all_day else start
    if isinstance(start, datetime) != isinstance(end, datetime):
        raise _Unusable(f"{label}: one of DTSTART and DTEND is a date, the other a time")
    first, last = _day(start), _day(end)
    if isinstance(start, datetime) and isinstance(end, datetime):
        if end < start:
            raise _Unusable(f"{label} ends before it starts")
        # A timed event blacks out every day it touches; one ending at midnight does not touch that day.
        touches_end = end == start or end.timetz().replace(tzinfo=None) != datetime.min.time()
        last = last + timedelta(days=1) if touches_end else last
    if last <= first:
        raise _Unusable(f"{label} ends before it starts")
    return Blackout(first, last, summary)


def _moment(label: str, key: str, params: str, value: str, zone: tzinfo | None) -> date | datetime:
    """An all-day date, or a timed moment in `zone` (naive when it is floating or `zone` is None)."""
    try:
        if "T" not in value:
            if len(value) != 8:
                raise ValueError(value)
            return datetime.strptime(value, "%Y%m%d").date()
        moment = datetime.strptime(value[:15], "%Y%m%dT%H%M%S")
    except ValueError:
        raise _Unusable(f"{label}: {key} {value!r} is not a date") from None
    if value.upper().endswith("Z"):
        moment = moment.replace(tzinfo=UTC)
    elif (name := _param(params, "TZID")) is not None:
        moment = moment.replace(tzinfo=_zone(label, key, name))
    if moment.tzinfo is None or zone is None:
        return moment.replace(tzinfo=None) if zone is None else moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _zone(label: str, key: str, name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip('"').lstrip("/"))
    except (ZoneInfoNotFoundError, ValueError):
        raise _Unusable(
            f"{label}: {key} has TZID {name!r}, not an IANA time zone",
            # e.g. Outlook's "W. Europe Standard Time"
        ) from None


def _param(params: str, wanted: str) -> str | None:
    for param in params.split(";"):
        key, sep, value = param.partition("=")
        if sep and key.strip().upper() == wanted:
            return value.strip()
    return None


def _duration(label: str, value: str, all_day: bool) -> timedelta:
    match = _DURATION.match(value.strip().upper())
    if match is None:
        raise _Unusable(f"{label}: DURATION {value!r} is not understood")
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    span = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    return max(span, timedelta(days=1)) if all_day else span


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _unescape(value: str) -> str:
    return (
        value.replace("\\n", " ")
        .replace("\\N", " ")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
    )
