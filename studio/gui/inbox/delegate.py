"""How one inbox row is drawn: where it came from and when, who wrote it, two lines of its (masked) text.

An unread item has a dot and its author in bold; a support case has a "Support" tag. The delegate reads
the model's roles only, so the list stays a thin model over the store.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from studio.gui.inbox.model import InboxRole
from studio.gui.theme import Theme

__all__ = ["InboxDelegate"]

_Index = QModelIndex | QPersistentModelIndex
_PAD_X = 14
_PAD_Y = 9
_DOT = 8
_TEXT_LINES = 2
_TAG = "Support"


class InboxDelegate(QStyledItemDelegate):
    """Draws an inbox row in the theme's colours (read at paint time, so a theme switch shows at once)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = QFontMetrics(option.font).lineSpacing()
        return QSize(280, 2 * _PAD_Y + 4 + line * (2 + _TEXT_LINES) + 6)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        palette = self._theme.palette
        style = option.widget.style() if option.widget is not None else None
        if style is not None:  # the selection's and hover's background, as the style sheet says
            plain = QStyleOptionViewItem(option)
            self.initStyleOption(plain, index)
            plain.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, option.widget)
        rect: QRect = option.rect.adjusted(_PAD_X + _DOT + 6, _PAD_Y, -_PAD_X, -_PAD_Y)
        unread = bool(index.data(InboxRole.UNREAD))
        support = bool(index.data(InboxRole.SUPPORT))
        base = QFont(option.font)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() - 1, 7))
        bold = QFont(base)
        bold.setBold(True)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if unread:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.accent))
            top = rect.top() + QFontMetrics(small).height() // 2 + 2
            painter.drawEllipse(option.rect.left() + _PAD_X - 2, top, _DOT, _DOT)
        y = rect.top()
        # line 1: network · account · kind ........ time
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        when = str(index.data(InboxRole.WHEN) or "")
        when_width = small_metrics.horizontalAdvance(when)
        painter.setPen(QColor(palette.muted))
        head = small_metrics.elidedText(str(index.data(InboxRole.HEAD) or ""), Qt.TextElideMode.ElideRight,
                                        rect.width() - when_width - 12)  # fmt: skip
        painter.drawText(
            QRect(rect.left(), y, rect.width(), small_metrics.height()), Qt.AlignmentFlag.AlignLeft, head
        )
        painter.drawText(
            QRect(rect.left(), y, rect.width(), small_metrics.height()), Qt.AlignmentFlag.AlignRight, when
        )
        y += small_metrics.lineSpacing() + 3
        # line 2: author (bold when unread) handle ........ [Support]
        name, handle = index.data(InboxRole.WHO) or ("", "")
        name_font = bold if unread else base
        name_metrics = QFontMetrics(name_font)
        tag_width = small_metrics.horizontalAdvance(_TAG) + 16 if support else 0
        room = rect.width() - tag_width - 8
        x = rect.left()
        painter.setFont(name_font)
        painter.setPen(QColor(palette.text))
        shown_name = name_metrics.elidedText(name or handle, Qt.TextElideMode.ElideRight, room)
        painter.drawText(x, y + name_metrics.ascent(), shown_name)
        x += name_metrics.horizontalAdvance(shown_name) + 6
        if name and x < rect.left() + room:
            painter.setFont(base)
            painter.setPen(QColor(palette.muted))
            base_metrics = QFontMetrics(base)
            rest = base_metrics.elidedText(handle, Qt.TextElideMode.ElideRight, rect.left() + room - x)
            painter.drawText(x, y + name_metrics.ascent(), rest)
        if support:
            tag = QRect(rect.right() - tag_width + 4, y + 1, tag_width - 4, small_metrics.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            warn = QColor(palette.warning)
            warn.setAlpha(40)
            painter.setBrush(warn)
            painter.drawRoundedRect(tag, 6, 6)
            painter.setFont(small)
            painter.setPen(QColor(palette.warning))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, _TAG)
        y += name_metrics.lineSpacing() + 3
        # lines 3-4: the text, wrapped, the last line elided
        painter.setFont(base)
        painter.setPen(QColor(palette.text if unread else palette.muted))
        self._draw_text(
            painter, str(index.data(InboxRole.TEXT) or ""), base, QRect(rect.left(), y, rect.width(), 0)
        )
        painter.restore()

    @staticmethod
    def _draw_text(painter: QPainter, text: str, font: QFont, area: QRect) -> None:
        text = " ".join(text.split())
        wide = text.encode("utf-16-le")  # Qt's positions count UTF-16 units: an emoji is two

        def part(start: int, end: int | None = None) -> str:
            return wide[2 * start : None if end is None else 2 * end].decode("utf-16-le", errors="ignore")

        metrics = QFontMetrics(font)
        layout = QTextLayout(text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        y = area.top()
        for number in range(_TEXT_LINES):
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(area.width())
            start, length = line.textStart(), line.textLength()
            piece = part(start, start + length).rstrip()
            if number == _TEXT_LINES - 1 and 2 * (start + length) < len(wide):
                piece = metrics.elidedText(part(start), Qt.TextElideMode.ElideRight, area.width())
            painter.drawText(area.left(), y + metrics.ascent(), piece)
            y += metrics.lineSpacing()
        layout.endLayout()
