"""Only a focused box takes the mouse wheel: over an unfocused one, the wheel scrolls the pane around it.

Without this, scrolling down the picture details changes the Kind or Template (or a date) under the
pointer on the way. One filter on the application covers every combo box and spin box, including those a
view makes later.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox

__all__ = ["WheelGuard", "guard_wheel"]


class WheelGuard(QObject):
    """An event filter passing wheel events over unfocused boxes to the widget under them."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, (QComboBox, QAbstractSpinBox))
            and not watched.hasFocus()
        ):
            parent = watched.parentWidget()
            if parent is not None:
                QApplication.sendEvent(parent, event)  # the scroll area around it scrolls
            return True
        return super().eventFilter(watched, event)


def guard_wheel(app: QApplication) -> WheelGuard:
    """Install the guard on the whole application (keep the returned object alive)."""
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    for widget in app.allWidgets():
        if isinstance(widget, (QComboBox, QAbstractSpinBox)):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel must not focus it either
    return guard
