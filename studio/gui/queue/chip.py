"""One post on the calendar, painted in one go (no child widgets): a month shows a hundred of them at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from studio.gui.queue.colours import STATUS_WORDS, mix, status_colour
from studio.gui.theme import Palette
from studio.platforms import network_by_id
from studio.store.schedule import CalendarPost

__all__ = ["ChipHost", "PostChip", "chip_height"]

# Short network tags for the chips (the tooltip and the accessible name say the full names).
_TAGS = {"x": "X", "mastodon": "M", "bluesky": "B", "threads": "T", "linkedin": "in", "facebook": "f"}
_TAGS["instagram"] = "IG"
_NUDGES = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ChipHost(Protocol):
    """What a chip asks of the calendar it sits in."""

    def start_drag(self, chip: PostChip) -> None: ...
    def nudge(self, post: CalendarPost, days: int) -> None: ...
    def open_menu(self, chip: PostChip, where: QPoint) -> None: ...
    def activate(self, chip: PostChip) -> None: ...


@dataclass(frozen=True, slots=True)
class _Look:
    bar: QColor
    fill: QColor
    text: QColor
    muted: QColor
    tag_fill: QColor
    tag_line: QColor


def _look(status: str, palette: Palette) -> _Look:
    colour = status_colour(status, palette)
    faded = status in ("cancelled", "published")
    return _Look(
        QColor(colour),
        QColor(mix(colour, palette.surface, 0.13)),
        QColor(palette.muted if faded else palette.text),
        QColor(palette.muted),
        QColor(palette.surface),
        QColor(palette.border),
    )


def networks_text(post: CalendarPost) -> str:
    """The post's networks by name, for tooltips and screen readers."""
    names = [network_by_id(n).name for n in post.networks]
    return ", ".join(names) if names else "no account yet"


def chip_height(line: int, lines: int) -> int:
    """A chip's height for a font's line spacing, with `lines` lines of text under the time (0: beside it)."""
    return line + 8 if lines == 0 else line * (1 + lines) + 9


class PostChip(QWidget):
    """A post's time, first line and networks on a tint of its status colour; drag it, or Alt+arrows;
    double-click it or press Enter to open it in Compose."""

    def __init__(self, host: ChipHost, palette: Palette) -> None:
        super().__init__()
        self._host = host
        self._palette = palette
        self._press: QPoint | None = None
        self.setObjectName("CalendarChip")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._bold = QFont(self.font())
        self._bold.setBold(True)
        self._small = QFont(self.font())
        self._small.setPointSizeF(max(self.font().pointSizeF() * 0.72, 6.5))
        self._small.setBold(True)
        self._line = QFontMetrics(self.font()).lineSpacing()

    def show_post(
        self, post: CalendarPost, *, lines: int, local: datetime, fixed: str, held: str = "", who: str = ""
    ) -> None:
        """Show `post` (chips are reused as the calendar moves: making widgets is the slow part).

        `held` is what a held post's status reads, e.g. "Held (outage on Campus Wi-Fi)"; `who`, in a team
        workspace, who wrote and approved it.
        """
        self.post = post
        self._lines = lines
        self._look = _look(post.status_word, self._palette)
        self.time_text = f"{local:%H:%M}"
        self.status = post.status_word
        self.text = post.body.splitlines()[0] if post.body else ""
        self._body = " ".join(post.body.split())
        self.tags = [_TAGS.get(n, n[:2]) for n in post.networks]
        self.setFixedHeight(chip_height(self._line, lines))
        word = held or STATUS_WORDS.get(post.status_word, post.status_word)
        self.status_text = word
        where = networks_text(post)
        self.setAccessibleName(f"Post {post.id}, {local:%A %d %B %H:%M}, {word}, {where}")
        self.setAccessibleDescription(post.body)
        hint = fixed or "Drag it to another day, or press Alt+Left/Right, to move it (its time of day stays)"
        people = f"\n{who}" if who else ""
        self.setToolTip(f"{post.body}\n\n{word} · {where} · {local:%a %d %b %H:%M}{people}\n{hint}")
        self.setCursor(Qt.CursorShape.ArrowCursor if fixed else Qt.CursorShape.OpenHandCursor)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(120, self.height())

    # --- painting ----------------------------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        look = self._look
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(look.text, 1.5) if self.hasFocus() else Qt.PenStyle.NoPen)
        painter.setBrush(look.fill)
        painter.drawRoundedRect(box, 5, 5)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(look.bar)
        painter.drawRoundedRect(QRectF(0, 0, 3.5, self.height()), 1.5, 1.5)
        line = self._line
        top = QRectF(9, 4, self.width() - 14, line)
        right = self._paint_tags(painter, top)
        painter.setPen(look.text)
        painter.setFont(self._bold)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.time_text)
        after_time = QFontMetrics(self._bold).horizontalAdvance(self.time_text) + 6
        painter.setFont(self.font())
        metrics = QFontMetrics(self.font())
        if self._lines == 0:
            room = int(right - top.left() - after_time - 4)
            text = metrics.elidedText(self.text, Qt.TextElideMode.ElideRight, max(room, 0))
            painter.drawText(top.adjusted(after_time, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)
        elif self._lines == 1:
            below = QRectF(9, 4 + line, self.width() - 14, line)
            text = metrics.elidedText(self.text, Qt.TextElideMode.ElideRight, int(below.width()))
            painter.drawText(below, Qt.AlignmentFlag.AlignVCenter, text)
        else:
            body = QRectF(9, 4 + line + 1, self.width() - 14, line * self._lines)
            painter.save()
            painter.setClipRect(body)
            painter.drawText(body, int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignTop), self._body)
            painter.restore()
        painter.end()

    def _paint_tags(self, painter: QPainter, row: QRectF) -> float:
        """Network tags from the right edge of `row`; returns where they begin."""
        metrics = QFontMetrics(self._small)
        x = row.right()
        height = metrics.height() + 2
        painter.setFont(self._small)
        for tag in reversed(self.tags):
            width = metrics.horizontalAdvance(tag) + 8
            x -= width
            rect = QRectF(x, row.center().y() - height / 2, width, height)
            painter.setPen(QPen(self._look.tag_line, 1))
            painter.setBrush(self._look.tag_fill)
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(self._look.muted)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tag)
            x -= 3
        return x

    # --- input -------------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        moved = self._press is not None and (
            (event.position().toPoint() - self._press).manhattanLength() >= QApplication.startDragDistance()
        )
        if moved:
            self._press = None
            self._host.start_drag(self)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = None
            self._host.activate(self)
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        days = _NUDGES.get(key)
        if days is not None and event.modifiers() == Qt.KeyboardModifier.AltModifier:
            self._host.nudge(self.post, days)
            return
        if key in _OPEN_KEYS and event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            self._host.activate(self)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self._host.open_menu(self, event.globalPos())
