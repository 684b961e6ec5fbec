""" "Next update at": which open incidents owe their followers an update now or soon."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from studio.store.incidents import Incident

__all__ = ["DEFAULT_LEAD", "Reminder", "due_reminders"]

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
