"""Which incidents owe an update: a pure function of the incidents and the time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from studio.store.incidents import Incident
from studio.workflows import due_reminders
from studio.workflows.reminders import ReminderLog, next_check

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _incident(incident_id: int, next_update: datetime | None, *, closed: bool = False) -> Incident:
    return Incident(
        id=incident_id,
        kind="outage",
        service=f"service {incident_id}",
        impact="down",
        status_url="",
        stage="investigating",
        started_at=T0,
        next_update_at=next_update,
        closed_at=T0 if closed else None,
        created_at=T0,
        updated_at=T0,
        account_ids=(1,),
        updates=(),
    )


def test_nothing_is_due_long_before_the_promised_time() -> None:
    assert due_reminders([_incident(1, T0 + timedelta(minutes=30))], T0) == []


def test_due_within_the_lead_then_overdue() -> None:
    incident = _incident(1, T0 + timedelta(minutes=30))
    soon = due_reminders([incident], T0 + timedelta(minutes=26))
    assert [(r.incident_id, r.overdue, r.minutes_left(T0 + timedelta(minutes=26))) for r in soon] == [
        (1, False, 4)
    ]
    late = due_reminders([incident], T0 + timedelta(minutes=42))
    assert [(r.overdue, r.minutes_left(T0 + timedelta(minutes=42))) for r in late] == [(True, -12)]


def test_closed_or_without_promise_never_reminds_and_soonest_comes_first() -> None:
    incidents = [
        _incident(1, T0 + timedelta(minutes=3)),
        _incident(2, T0 - timedelta(minutes=10)),
        _incident(3, None),
        _incident(4, T0 - timedelta(minutes=20), closed=True),
    ]
    assert [r.incident_id for r in due_reminders(incidents, T0)] == [2, 1]


def test_the_lead_is_a_parameter() -> None:
    incident = replace(_incident(1, T0 + timedelta(minutes=14)))
    assert due_reminders([incident], T0, lead=timedelta(minutes=15))
    assert not due_reminders([incident], T0, lead=timedelta(minutes=10))


def test_next_check_is_the_next_soon_or_due_moment() -> None:
    incidents = [
        _incident(1, T0 + timedelta(minutes=30)),
        _incident(2, T0 + timedelta(minutes=3)),  # already within its lead: only "due now" is ahead
        _incident(3, T0 + timedelta(minutes=1), closed=True),
        _incident(4, None),
    ]
    assert next_check(incidents, T0) == T0 + timedelta(minutes=3)
    assert next_check(incidents, T0 + timedelta(minutes=3)) == T0 + timedelta(minutes=25)
    assert next_check(incidents, T0 + timedelta(minutes=30)) is None


def test_the_log_tells_each_reminder_once_soon_and_once_due() -> None:
    log = ReminderLog()
    incident = _incident(1, T0 + timedelta(minutes=30))
    steps = [T0 + timedelta(minutes=m) for m in (0, 25, 27, 30, 31, 45)]
    told = [[(r.incident_id, r.overdue) for r in log.news(due_reminders([incident], at))] for at in steps]
    assert told == [[], [(1, False)], [], [(1, True)], [], []]


def test_a_new_promise_is_a_new_reminder_and_closed_incidents_are_forgotten() -> None:
    log = ReminderLog()
    first = _incident(1, T0 + timedelta(minutes=5))
    assert [r.due_at for r in log.news(due_reminders([first], T0))] == [T0 + timedelta(minutes=5)]
    # the update went out and promised the next one in 30 minutes: nothing now, then told again
    later = replace(first, next_update_at=T0 + timedelta(minutes=36))
    assert log.news(due_reminders([later], T0 + timedelta(minutes=6))) == []
    assert [r.due_at for r in log.news(due_reminders([later], T0 + timedelta(minutes=31)))] == [
        T0 + timedelta(minutes=36)
    ]
    closed = replace(later, closed_at=T0 + timedelta(minutes=32))
    assert log.news(due_reminders([closed], T0 + timedelta(minutes=40))) == []
