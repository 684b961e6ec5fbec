"""The in-window bar that shows the message bridge's warnings and errors until the user dismisses them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from studio.gui.messages import Level, Message
from studio.gui.theme import Theme

__all__ = ["MessageBar"]


class MessageBar(QFrame):
    """Shows one message at a time, with an optional action (e.g. "Show report") and a close button."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.setObjectName("MessageBar")
        self.setProperty("level", "info")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.icon = QLabel()
        layout.addWidget(self.icon)
        self.label = QLabel()
        self.label.setObjectName("MessageText")
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.action = QPushButton()
        self.action.hide()
        layout.addWidget(self.action)
        self.close_button = QToolButton()
        self.close_button.setIcon(theme.icon("close", size=16))
        self.close_button.setAccessibleName("Dismiss message")
        self.close_button.setToolTip("Dismiss (Esc)")
        self.close_button.clicked.connect(self._on_close_clicked)
        layout.addWidget(self.close_button)
        self._callback: Callable[[], None] | None = None
        self._level = Level.INFO
        self.action.clicked.connect(self._on_action_clicked)
        theme.changed.connect(self._on_theme_changed)
        self.hide()

    def show_message(self, message: Message, action: tuple[str, Callable[[], None]] | None = None) -> None:
        """Show `message`; `action` is a (label, callable) pair for one button."""
        action = action or message.action
        self.setProperty("level", message.level.value)
        self._level = message.level
        self._show_icon()
        text = f"{message.text} — {message.fix}" if message.fix else message.text
        self.label.setText(text)
        self.setAccessibleName(f"{message.level.value}: {text}")
        self._callback = action[1] if action else None
        self.action.setVisible(action is not None)
        if action:
            self.action.setText(action[0])
            self.action.setAccessibleName(action[0])
        self.style().unpolish(self)  # the level property changed: re-read the style sheet
        self.style().polish(self)
        self.show()

    def _show_icon(self) -> None:
        role = {Level.INFO: "accent", Level.WARNING: "warning", Level.ERROR: "danger"}[self._level]
        self.icon.setPixmap(self._theme.icon(self._level.value, role, 20).pixmap(20, 20))

    @Slot(object)
    def _on_theme_changed(self, _palette: object) -> None:
        self._show_icon()

    @Slot()
    def _on_action_clicked(self) -> None:
        if self._callback is not None:
            self._callback()
        self.hide()

    @Slot()
    def _on_close_clicked(self) -> None:
        self.hide()
