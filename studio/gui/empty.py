"""The honest empty state: what will appear in a view, and why it is not there yet."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QIcon, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QVBoxLayout, QWidget

__all__ = ["EmptyState", "HintListView"]


class EmptyState(QWidget):
    """A calm, centred explanation with an icon; it has no buttons, so none of them can be dead."""

    def __init__(self, icon: QIcon, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EmptyState")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self._icon = icon
        self.badge = badge = QLabel()
        badge.setObjectName("EmptyIcon")
        badge.setFixedSize(72, 72)
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.setPixmap(icon.pixmap(36, 36))
        badge.setAccessibleName(f"{title} icon")
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(14)
        self.title = QLabel(title)
        self.title.setObjectName("EmptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.text = QLabel(text)
        self.text.setObjectName("EmptyText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setFixedWidth(500)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A word-wrapped label only gets its full height when the layout does not align it.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.text)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(3)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)

    def changeEvent(self, event: QEvent) -> None:
        # The theme switched: a themed icon draws in the new colours, but a label keeps the pixmap it got.
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.badge.setPixmap(self._icon.pixmap(36, 36))
        super().changeEvent(event)


class HintListView(QListView):
    """A list that says what belongs in it while it is empty (a blank white box explains nothing)."""

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = hint

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self.viewport().rect().adjusted(12, 8, -12, -8), flags, self.hint)
            painter.end()
