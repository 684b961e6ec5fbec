"""Reminds the user when an open incident's promised next update is due (and a few minutes before).

The due-check is Qt-free (`studio.workflows.reminders`); this only runs it on a timer while the window is
on screen and says each reminder once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from studio.errors import UserError
from studio.store import Store
from studio.store.times import now_utc
from studio.workflows import Reminder, due_reminders
from studio.workflows.reminders import ReminderLog, next_check

log = logging.getLogger(__name__)

__all__ = ["POLL_MS", "IncidentReminder"]

# Incidents also change from the command line or another window: look again at least this often.
POLL_MS = 30_000


class IncidentReminder(QObject):
    """Checks the store on a timer; `start()`/`stop()` follow the window being on screen.

    Signals:
        reminded(list): the reminders new since the last check (`Reminder` values, soonest first).
        checked(int): how many reminders are due now (told before or not): for a badge.
    """

    reminded = Signal(list)
    checked = Signal(int)

    def __init__(
        self, store: Store, clock: Callable[[], datetime] = now_utc, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._log = ReminderLog()
        self.timer = QTimer(self)
        self.timer.setObjectName("incident-reminder")
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        """Check now, then keep checking."""
        self.check()

    def stop(self) -> None:
        """No more checks (the window closed)."""
        self.timer.stop()

    def check(self) -> list[Reminder]:
        """Look now; announce what is new; arm the timer for the next moment anything changes."""
        now = self._clock()
        incidents = self._store.incidents.list_all(open_only=True)
        due = due_reminders(incidents, now)
        fresh = self._log.news(due)
        self.checked.emit(len(due))
        if fresh:
            self.reminded.emit(fresh)
        upcoming = next_check(incidents, now)
        wait = POLL_MS
        if upcoming is not None:
            wait = max(1000, min(POLL_MS, int((upcoming - now).total_seconds() * 1000) + 500))
        self.timer.start(wait)
        return fresh

    @Slot()
    def _on_timer_timeout(self) -> None:
        try:
            self.check()
        except UserError as error:  # the workspace is busy or gone for a moment: say so, look again later
            log.warning("incident reminder: %s", error.line())
            self.timer.start(POLL_MS)
