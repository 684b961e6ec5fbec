""" "Next update at": which open incidents owe their followers an update now or soon."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from studio.store.incidents import Incident

__all__ = ["DEFAULT_LEAD", "Reminder", "ReminderLog", "due_reminders", "next_check"]

# Remind a little before the promised time: writing and posting an update takes a couple of minutes.
DEFAULT_LEAD = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class Reminder:
    """An update that is due soon (`overdue` False) or was promised for a time already past."""

    incident_id: int
    service: str
    stage: str
    due_at: datetime
    overdue: bool

    def minutes_left(self, now: datetime) -> int:
        """Whole minutes until the promised time (negative once it has passed)."""
        return int((self.due_at - now).total_seconds() // 60)


def due_reminders(
    incidents: Iterable[Incident], now: datetime, lead: timedelta = DEFAULT_LEAD
) -> list[Reminder]:
    """The reminders due at `now`: open incidents whose promised update is within `lead`, soonest first."""
    out = [
        Reminder(i.id, i.service, i.stage, i.next_update_at, overdue=now >= i.next_update_at)
        for i in incidents
        if i.is_open and i.next_update_at is not None and now >= i.next_update_at - lead
    ]
    return sorted(out, key=lambda r: (r.due_at, r.incident_id))


def next_check(
    incidents: Iterable[Incident], now: datetime, lead: timedelta = DEFAULT_LEAD
) -> datetime | None:
    """When the reminders next change on their own: the next "due soon" or "due now" moment after `now`."""
    moments = [
        moment
        for i in incidents
        if i.is_open and i.next_update_at is not None
        for moment in (i.next_update_at - lead, i.next_update_at)
        if moment > now
    ]
    return min(moments, default=None)


@dataclass
class ReminderLog:
    """Which reminders the user was already told about, so each is said once "soon" and once "now".

    A new promise (the next update posted) is a new reminder; a closed incident is forgotten.
    """

    _told: set[tuple[int, datetime, bool]] = field(default_factory=set)

    def news(self, reminders: Iterable[Reminder]) -> list[Reminder]:
        """The reminders not told yet, soonest first; they count as told from now on."""
        current = list(reminders)
        fresh = [r for r in current if (r.incident_id, r.due_at, r.overdue) not in self._told]
        live = {r.incident_id for r in current}
        self._told = {k for k in self._told if k[0] in live} | {
            (r.incident_id, r.due_at, r.overdue) for r in fresh
        }
        return fresh
