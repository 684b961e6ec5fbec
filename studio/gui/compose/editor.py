"""The post editor: shades what is past a network's limit and underlines findings, with hover messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from studio.gui.compose.engine import FindingLike, Utf16Map, severity_name
from studio.gui.compose.findings import hover_text
from studio.gui.theme import Theme

__all__ = ["PostEditor"]


class PostEditor(QPlainTextEdit):
    """A plain-text editor that knows where the text overflows and where the findings are."""

    PLACEHOLDER = "Write your post here. Counters update for every network as you type."

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.setObjectName("Editor")
        self.setAccessibleName("Post text")
        self.setPlaceholderText(self.PLACEHOLDER)
        self.setTabChangesFocus(True)  # Tab moves on, as everywhere else in the window
        self._findings: list[FindingLike] = []
        self._overflow: tuple[int, str] | None = None
        self._map = Utf16Map("")
        self.viewport().installEventFilter(self)
        # Pasted or dropped pictures go to the media strip (set by the Compose view); text stays here.
        self.take_pictures: Callable[[QMimeData], bool] | None = None

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasImage() or source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        pictures = source.hasImage() or any(u.isLocalFile() for u in source.urls())
        if pictures and self.take_pictures is not None and self.take_pictures(source):
            return
        super().insertFromMimeData(source)

    def mark(self, text: str, overflow: tuple[int, str] | None, findings: Sequence[FindingLike]) -> None:
        """Shade from `overflow[0]` (string index, past `overflow[1]`'s limit) and underline `findings`."""
        self._map = Utf16Map(text)
        self._overflow = overflow
        self._findings = list(findings)
        palette = self._theme.palette
        selections: list[QTextEdit.ExtraSelection] = []
        end = self._map.to_utf16(len(text))
        if overflow is not None and overflow[0] < len(text):
            shade = QTextCharFormat()
            colour = QColor(palette.danger)
            colour.setAlpha(48)
            shade.setBackground(colour)
            selections.append(self._selection(self._map.to_utf16(overflow[0]), end, shade))
        for finding in self._findings:
            underline = QTextCharFormat()
            underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            colour_name = {"error": palette.danger, "warning": palette.warning}.get(
                severity_name(finding), palette.accent
            )
            underline.setUnderlineColor(QColor(colour_name))
            start = min(self._map.to_utf16(finding.start), end)
            stop = min(self._map.to_utf16(finding.end), end)
            if stop > start:
                selections.append(self._selection(start, stop, underline))
        self.setExtraSelections(selections)

    def _selection(self, start: int, stop: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(stop, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def hover_text_at(self, utf16_position: int) -> str:
        """What hovering at a document position shows: the findings there, and the overflow."""
        index = self._map.from_utf16(utf16_position)
        parts = [hover_text(f) for f in self._findings if f.start <= index < f.end]
        if self._overflow is not None and index >= self._overflow[0]:
            parts.append(f"Past {self._overflow[1]}'s limit: this part will not fit.")
        return "\n\n".join(parts)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            cursor = self.cursorForPosition(event.pos())
            text = self.hover_text_at(cursor.position())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)
