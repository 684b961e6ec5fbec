"""Menus built from (label, callable) pairs, and the small dialog that asks for a new time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateTimeEdit, QDialog, QDialogButtonBox, QLabel, QMenu, QVBoxLayout, QWidget

from studio.gui.queue.actions import Action

__all__ = ["WhenDialog", "build_menu"]


def build_menu(actions: Sequence[Action], parent: QWidget) -> QMenu:
    """A menu with one entry per action, in order."""
    menu = QMenu(parent)
    menu.setAccessibleName("Actions")
    for label, run in actions:
        action = menu.addAction(label)
        action.triggered.connect(lambda _checked=False, run=run: run())
    return menu


class WhenDialog(QDialog):
    """Asks for a date and time (shown in the workspace's zone), starting from `current`."""

    def __init__(
        self, current: datetime | None, zone: tzinfo | None, now: datetime, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reschedule")
        self._zone = zone
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("New date and time (the post's other settings stay):"))
        self.edit = QDateTimeEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd d MMM yyyy, HH:mm")
        self.edit.setAccessibleName("New date and time")
        start = (current or now).astimezone(zone)
        self.edit.setDateTime(
            QDateTime(QDate(start.year, start.month, start.day), QTime(start.hour, start.minute))
        )
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> datetime:
        """The time the user set, aware, in UTC."""
        qdt = self.edit.dateTime()
        naive = datetime(
            qdt.date().year(), qdt.date().month(), qdt.date().day(), qdt.time().hour(), qdt.time().minute()
        )
        if self._zone is None:
            return naive.astimezone(UTC)
        return naive.replace(tzinfo=self._zone).astimezone(UTC)
