"""Blackout days from ICS text (RFC 5545): folded lines, all-day and timed events, clear problems."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

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


BERLIN = ZoneInfo("Europe/Berlin")


def test_a_tzid_is_honoured_when_the_days_are_counted_in_another_zone() -> None:
    # 08:30 in Berlin on the 24th (UTC+1 in winter) is 23:30 on the 23rd in Los Angeles (UTC-8)
    text = _calendar("SUMMARY:Closure\r\nDTSTART;TZID=Europe/Berlin:20261224T083000\r\nDURATION:PT15M\r\n")
    events, problems = parse_ics(text, ZoneInfo("America/Los_Angeles"))
    assert problems == []
    assert [(e.start, e.end) for e in events] == [(date(2026, 12, 23), date(2026, 12, 24))]
    same_zone, _ = parse_ics(text, BERLIN)
    assert [(e.start, e.end) for e in same_zone] == [(date(2026, 12, 24), date(2026, 12, 25))]


def test_the_offset_is_the_one_in_force_on_a_daylight_saving_day() -> None:
    # 25 Oct 2026: Berlin goes back from UTC+2 to UTC+1 at 03:00. At 04:30 it is winter time, so this is
    # 03:30 UTC = 23:30 on the 24th in New York (UTC-4); with the summer offset it would be the 25th.
    text = _calendar(
        "SUMMARY:After the change\r\nDTSTART;TZID=Europe/Berlin:20261025T043000\r\n"
        "DTEND;TZID=Europe/Berlin:20261025T050000\r\n",
        # in March Berlin goes forward at 02:00; 01:30 is still winter time: 00:30 UTC, 20:30 the 28th in NY
        "SUMMARY:Before the change\r\nDTSTART;TZID=Europe/Berlin:20260329T013000\r\nDURATION:PT15M\r\n",
    )
    events, problems = parse_ics(text, ZoneInfo("America/New_York"))
    assert problems == []
    assert [(e.summary, e.start, e.end) for e in events] == [
        ("After the change", date(2026, 10, 24), date(2026, 10, 25)),
        ("Before the change", date(2026, 3, 28), date(2026, 3, 29)),
    ]


def test_utc_times_floating_times_and_events_ending_at_midnight() -> None:
    text = _calendar(
        "SUMMARY:UTC\r\nDTSTART:20261231T230000Z\r\nDTEND:20261231T235900Z\r\n",  # 1 Jan in Berlin
        "SUMMARY:Floating\r\nDTSTART:20261231T230000\r\nDTEND:20270101T000000\r\n",  # wall time, ends at 0:00
        "SUMMARY:Overnight\r\nDTSTART;TZID=Europe/Berlin:20261114T220000\r\nDURATION:PT8H\r\n",
    )
    events, problems = parse_ics(text, BERLIN)
    assert problems == []
    assert [(e.start, e.end) for e in events] == [
        (date(2027, 1, 1), date(2027, 1, 2)),
        (date(2026, 12, 31), date(2027, 1, 1)),
        (date(2026, 11, 14), date(2026, 11, 16)),
    ]


def test_a_zone_that_is_not_iana_is_a_problem_on_its_line() -> None:
    text = _calendar(
        'SUMMARY:Outlook\r\nDTSTART;TZID="W. Europe Standard Time":20261201T090000\r\n',
        "SUMMARY:Mixed\r\nDTSTART;VALUE=DATE:20261201\r\nDTEND:20261202T090000Z\r\n",
    )
    events, problems = parse_ics(text, BERLIN)
    assert events == []
    assert [(p.line, p.message) for p in problems] == [
        (4, "event 'Outlook': DTSTART has TZID '\"W. Europe Standard Time\"', not an IANA time zone"),
        (8, "event 'Mixed': one of DTSTART and DTEND is a date, the other a time"),
    ]
