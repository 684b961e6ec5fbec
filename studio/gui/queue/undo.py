"""Cancels the person can take back: written to the store only when the Undo time is up.

A cancelled delivery is final in the store (nothing leaves `cancelled`), so Undo cannot write the post back;
instead the cancel waits `UNDO_SECONDS` before it is written, and Undo in that time simply drops it. That is
only honest while nothing can publish the post meanwhile, so `can_wait` lets a cancel wait only when none of
its deliveries can be claimed within `SAFE_MARGIN` (queued or retrying later, handed off, failed, missed or
held); otherwise the person is asked first (`ask_to_cancel`) and the cancel is written at once. Quitting the
app writes every waiting cancel first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from itertools import count

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.store import Delivery, DeliveryState

__all__ = ["SAFE_MARGIN", "UNDO_SECONDS", "PendingCancels", "ask_to_cancel", "can_wait"]

UNDO_SECONDS = 10
# The Undo time plus the background publisher's minute and more: no run claims what waits to be cancelled.
SAFE_MARGIN = timedelta(minutes=2)

_D = DeliveryState


def can_wait(deliveries: Iterable[Delivery], now: datetime) -> bool:
    """No delivery a cancel stops can be claimed by a publisher before the Undo time is up."""
    soon = now + SAFE_MARGIN
    for d in deliveries:
        if d.state is _D.SENDING:
            return False
        if d.state is _D.QUEUED and d.due_at <= soon:
            return False
        if d.state is _D.RETRYING and (d.next_attempt_at or d.due_at) <= soon:
            return False
    return True


def ask_to_cancel(question: str) -> bool:
    """Ask before a cancel that cannot be undone; True: cancel it."""
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Cancel")
    box.setText(question)
    box.setInformativeText("It cannot be undone: Duplicate makes a new copy to post later.")
    yes = box.addButton("Cancel it", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is yes


class PendingCancels(QObject):
    """Cancels waiting out their Undo time, each written by its timer, by `settle()` or when the app quits."""

    def __init__(self, seconds: float = UNDO_SECONDS) -> None:
        super().__init__()
        self._ms = int(seconds * 1000)
        self._tokens = count()
        self._pending: dict[int, tuple[QTimer, Callable[[], object]]] = {}
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.settle)

    def __len__(self) -> int:
        return len(self._pending)

    def add(self, commit: Callable[[], object]) -> Callable[[], bool]:
        """Write `commit` when the Undo time is up; returns the undo (True: taken back in time)."""
        token = next(self._tokens)
        timer = QTimer(self)
        timer.setObjectName("undo-cancel")
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._write(token))
        self._pending[token] = (timer, commit)
        timer.start(self._ms)

        def undo() -> bool:
            entry = self._pending.pop(token, None)
            if entry is None:
                return False
            entry[0].stop()
            return True

        return undo

    @Slot()
    def settle(self) -> None:
        """Write every waiting cancel now (the app quits, or a test wants it done)."""
        for token in list(self._pending):
            self._write(token)

    def _write(self, token: int) -> None:
        entry = self._pending.pop(token, None)
        if entry is not None:
            entry[0].stop()
            entry[1]()
