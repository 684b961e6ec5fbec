"""Blackout days from ICS text (RFC 5545): folded lines, all-day and timed events, clear problems."""

from __future__ import annotations

from datetime import date

from studio.workflows.ics import parse_ics
from studio.workflows.recurrence import Blackout


def _calendar(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{e}END:VEVENT\r\n" for e in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n{body}END:VCALENDAR\r\n"


def test_all_day_events_end_exclusive_and_folded_summaries() -> None:
    text = _calendar(
        "SUMMARY:Winter \r\n break\r\nDTSTART;VALUE=DATE:20261221\r\nDTEND;VALUE=DATE:20270105\r\n",
        "DTSTART;VALUE=DATE:20261008\r\nSUMMARY:Founders\\, Day\r\n",
    )
    events, problems = parse_ics(text)
    assert problems == []
    assert events == [
        Blackout(date(2026, 12, 21), date(2027, 1, 5), "Winter break"),
        Blackout(date(2026, 10, 8), date(2026, 10, 9), "Founders, Day"),  # no DTEND: one day
    ]


def test_timed_events_and_durations_cover_every_day_they_touch() -> None:
    text = _calendar(
        "SUMMARY:Upgrade\r\nDTSTART;TZID=Europe/Berlin:20261114T220000\r\nDTEND;TZID=Europe/Berlin:20261115T060000\r\n",
        "SUMMARY:Exams\r\nDTSTART;VALUE=DATE:20270201\r\nDURATION:P2W\r\n",
    )
    events, problems = parse_ics(text)
    assert problems == []
    assert [(e.start, e.end) for e in events] == [
        (date(2026, 11, 14), date(2026, 11, 16)),
        (date(2027, 2, 1), date(2027, 2, 15)),
    ]


def test_problems_name_the_line_and_good_events_still_count() -> None:
    text = _calendar(
        "SUMMARY:Christmas\r\nDTSTART;VALUE=DATE:20261225\r\nRRULE:FREQ=YEARLY\r\n",
        "SUMMARY:Broken\r\nDTSTART;VALUE=DATE:2026-12-01\r\n",
        "SUMMARY:Backwards\r\nDTSTART;VALUE=DATE:20261210\r\nDTEND;VALUE=DATE:20261201\r\n",
        "SUMMARY:No start\r\n",
        "SUMMARY:Fine\r\nDTSTART;VALUE=DATE:20261201\r\n",
    )
    events, problems = parse_ics(text)
    assert [e.summary for e in events] == ["Fine"]
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (4, "event 'Christmas' repeats (RRULE); export the calendar with repeats expanded"),
        (9, "event 'Broken'"),
        (13, "event 'Backwards' ends before it starts"),
        (18, "event 'No start' has no DTSTART"),
    ]


def test_not_a_calendar() -> None:
    events, problems = parse_ics("name,date\nx,2026-01-01\n")
    assert events == []
    assert [p.message for p in problems] == ["not an ICS calendar (no BEGIN:VCALENDAR)"]
