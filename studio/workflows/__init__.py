"""IT-comms workflows on top of the store: incidents and maintenance as living threads (more to come).

The incident workflow pulls in the render engine (Pillow, fonts): it loads on first use of its names, so
importing a light submodule (reminders, the demo seed) at the app's start-up does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.lazy import lazy_names
from studio.workflows.reminders import Reminder, due_reminders
from studio.workflows.stages import FINAL, FIRST, STAGES, IncidentKind

if TYPE_CHECKING:
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

_LAZY = {
    "IncidentTexts": "incident_texts",
    "load_texts": "incident_texts",
    **dict.fromkeys(
        (
            "IncidentRequest",
            "UpdateResult",
            "close_incident",
            "draft_text",
            "held_deliveries",
            "open_incident",
            "post_update",
        ),
        "incidents",
    ),
}


__getattr__ = lazy_names(__name__, _LAZY, globals())
