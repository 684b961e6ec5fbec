"""The Queue & calendar view: deliveries in a lazy filtered table, posts on a month/week calendar."""

from studio.gui.queue.actions import QueueOps, Target, actions_for
from studio.gui.queue.calendar import CalendarView
from studio.gui.queue.model import QueueColumn, QueueModel, QueueRole
from studio.gui.queue.view import QueueView

__all__ = [
    "CalendarView",
    "QueueColumn",
    "QueueModel",
    "QueueOps",
    "QueueRole",
    "QueueView",
    "Target",
    "actions_for",
]
