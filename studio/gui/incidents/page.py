"""The Incidents page in the window: the reminder runs from start-up, the view is built on first show."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from studio.gui.incidents.reminder import IncidentReminder
from studio.gui.lazy import LazyView
from studio.gui.mainwindow import MainWindow
from studio.gui.messages import Level, Message
from studio.store import Store
from studio.store.times import now_utc
from studio.workflows import Reminder

__all__ = ["IncidentsPage", "reminder_message"]


def reminder_message(reminder: Reminder, more: int = 0) -> Message:
    """What the message bar says for a reminder (and how many others are due)."""
    left = reminder.minutes_left(now_utc())
    if reminder.overdue:
        when = "was due now" if left >= -1 else f"is {-left} min overdue"
        level = Level.ERROR if left < -5 else Level.WARNING
    else:
        when = f"is due in {max(left, 1)} min"
        level = Level.WARNING
    others = f" (and {more} more)" if more else ""
    return Message(level, f"The next update on {reminder.service} {when}{others}", "you promised it")


class IncidentsPage(LazyView):
    """Holds the reminder (cheap: store reads only) and builds the Incidents view the first time it shows."""

    def __init__(self, store: Store, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(factory, parent)
        self.reminder = IncidentReminder(store, parent=self)
        self.reminder.reminded.connect(self._on_reminder_reminded)
        self.reminder.checked.connect(self._on_reminder_checked)
        self._watched: QWidget | None = None
        # Once the page sits in its window (after the window's constructor): follow that window's visibility.
        QTimer.singleShot(0, self, self._watch_window)

    def _watch_window(self) -> None:
        window = self.window()
        if window is self or window is self._watched:
            return
        window.installEventFilter(self)
        self._watched = window
        if window.isVisible():
            self.reminder.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched:
            if event.type() == QEvent.Type.Show:
                self.reminder.start()
            elif event.type() in (QEvent.Type.Hide, QEvent.Type.Close):
                self.reminder.stop()
        return False

    def open_incident(self, incident_id: int) -> None:
        """Switch the window to this page and show one incident, ready to write its update."""
        window = self.window()
        if isinstance(window, MainWindow):
            window.show_view("incidents")
        from studio.gui.incidents.view import IncidentsView  # loaded with the view, not at start-up

        view = self.view
        if self.isVisible() and not view.isVisible():
            view.show()  # built just now: the layout would show it only after the next events
        if isinstance(view, IncidentsView):
            view.select(incident_id)

    def _on_reminder_checked(self, due: int) -> None:
        window = self.window()
        if isinstance(window, MainWindow):
            window.sidebar_model.set_badge("incidents", f"{due} due" if due else "")
        if self.built and self.isVisible():
            from studio.gui.incidents.view import IncidentsView

            if isinstance(self.view, IncidentsView):
                self.view.refresh()  # an update posted from the command line or another window shows up

    def _on_reminder_reminded(self, reminders: list[Reminder]) -> None:
        window = self.window()
        if not isinstance(window, MainWindow) or not reminders:
            return
        first = reminders[0]
        window.offer(
            reminder_message(first, len(reminders) - 1),
            "Post update",
            lambda: self.open_incident(first.incident_id),
        )
