"""IT-comms workflows on top of the store: incidents and maintenance as living threads (more to come)."""

from studio.workflows.incident_texts import IncidentTexts, load_texts
from studio.workflows.incidents import (
    IncidentRequest,
    UpdateResult,
    close_incident,
    draft_text,
    held_deliveries,
    open_incident,
    post_update,
)
from studio.workflows.reminders import Reminder, due_reminders
from studio.workflows.stages import FINAL, FIRST, STAGES, IncidentKind

__all__ = [
    "FINAL",
    "FIRST",
    "STAGES",
    "IncidentKind",
    "IncidentRequest",
    "IncidentTexts",
    "Reminder",
    "UpdateResult",
    "close_incident",
    "draft_text",
    "due_reminders",
    "held_deliveries",
    "load_texts",
    "open_incident",
    "post_update",
]
