"""Blackout days from an ICS calendar (RFC 5545): the all-day and timed VEVENTs' dates, nothing more.

A small reader rather than a library: Studio needs DTSTART, DTEND/DURATION and SUMMARY of plain events, and
the `icalendar` package would add a dependency (and its own zone handling) for those ~100 lines. What it
cannot honour (a repeating event) is reported by line, never silently skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from studio.workflows.recurrence import Blackout

__all__ = ["IcsProblem", "parse_ics"]

_DURATION = re.compile(r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T.*)?$")


@dataclass(frozen=True, slots=True)
class IcsProblem:
    """An event that could not be read, with the line it starts on."""

    line: int
    message: str


def parse_ics(text: str) -> tuple[list[Blackout], list[IcsProblem]]:
    """The blackout ranges of every VEVENT, and a problem per event that could not be used."""
    events: list[Blackout] = []
    problems: list[IcsProblem] = []
    current: dict[str, tuple[str, str]] | None = None
    start_line = 0
    for number, line in _unfold(text):
        name, params, value = _split(line)
        if name == "BEGIN" and value.upper() == "VEVENT":
            current, start_line = {}, number
        elif name == "END" and value.upper() == "VEVENT" and current is not None:
            event = _event(current, start_line, problems)
            if event is not None:
                events.append(event)
            current = None
        elif current is not None and name:
            current.setdefault(name, (params, value))
    if not events and not problems and "BEGIN:VCALENDAR" not in text.upper():
        problems.append(IcsProblem(1, "not an ICS calendar (no BEGIN:VCALENDAR)"))
    return events, problems


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
    head, sep, value = line.partition(":")
    if not sep:
        return "", "", ""
    name, _, params = head.partition(";")
    return name.strip().upper(), params.upper(), value.strip()


def _event(props: dict[str, tuple[str, str]], line: int, problems: list[IcsProblem]) -> Blackout | None:
    summary = _unescape(props.get("SUMMARY", ("", ""))[1])
    label = f"event {summary!r}" if summary else "event"
    if "RRULE" in props or "RDATE" in props:
        problems.append(
            IcsProblem(line, f"{label} repeats (RRULE); export the calendar with repeats expanded")
        )
        return None
    if "DTSTART" not in props:
        problems.append(IcsProblem(line, f"{label} has no DTSTART"))
        return None
    start = _date(*props["DTSTART"])
    if start is None:
        problems.append(IcsProblem(line, f"{label}: DTSTART {props['DTSTART'][1]!r} is not a date"))
        return None
    all_day = len(props["DTSTART"][1]) == 8
    if "DTEND" in props:
        end = _date(*props["DTEND"])
        if end is None:
            problems.append(IcsProblem(line, f"{label}: DTEND {props['DTEND'][1]!r} is not a date"))
            return None
        if not all_day:  # a timed event blacks out every day it touches, including its last
            end += timedelta(days=1)
    elif "DURATION" in props:
        match = _DURATION.match(props["DURATION"][1].upper())
        if match is None:
            problems.append(IcsProblem(line, f"{label}: DURATION {props['DURATION'][1]!r} is not understood"))
            return None
        days = int(match.group(1) or 0) * 7 + int(match.group(2) or 0)
        end = start + timedelta(days=max(days, 1))
    else:
        end = start + timedelta(days=1)  # RFC 5545: an all-day event without an end lasts one day
    if end <= start:
        problems.append(IcsProblem(line, f"{label} ends before it starts"))
        return None
    return Blackout(start, end, summary)


def _date(params: str, value: str) -> date | None:
    digits = value[:8]
    try:
        if "T" in value:
            return datetime.strptime(value[:15], "%Y%m%dT%H%M%S").date()
        return datetime.strptime(digits, "%Y%m%d").date() if len(value) == 8 else None
    except ValueError:
        return None


def _unescape(value: str) -> str:
    return (
        value.replace("\\n", " ")
        .replace("\\N", " ")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
    )
