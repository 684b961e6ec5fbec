"""A preview card: the post as a network's feed shows it (header, text with "… more", picture, thread)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.gui.theme import Theme
from studio.platforms import Format, Network

__all__ = ["CardContent", "PreviewCard", "feed_text", "grid_crop"]

_PAD = 14
_AVATAR = 36
_GAP = 10


def feed_text(text: str, network: Network) -> tuple[str, bool]:
    """What the feed shows before the reader taps "more": (shown text, was it shortened)."""
    limit = network.more_after
    if limit is None or len(text) <= limit:
        return text, False
    cut = text[:limit].rstrip()
    space = cut.rfind(" ")
    if space > limit * 0.6:  # end on a word, as the feeds do, unless that throws away too much
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…", True


def grid_crop(width: int, height: int) -> QRect:
    """The centre 3:4 of a picture: what Instagram's profile grid shows of a 4:5 post."""
    target = round(height * 3 / 4)
    if target <= width:
        return QRect((width - target) // 2, 0, target, height)
    tall = round(width * 4 / 3)
    return QRect(0, (height - tall) // 2, width, tall)


@dataclass(frozen=True, slots=True)
class CardContent:
    """Everything one card draws."""

    network: Network
    format: Format | None
    parts: tuple[str, ...]  # one part, or the thread it becomes
    account: str
    handle: str


class PreviewCard(QWidget):
    """Paints `CardContent` and the rendered picture; grows to its content's height."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.content: CardContent | None = None
        self.image: QImage | None = None
        self.safe_zones = True
        self.shown_text = ""  # what the feed shows of the first part (tests read it)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Preview")

    def set_content(self, content: CardContent) -> None:
        """New text or network: only the card is repainted, nothing is rendered."""
        self.content = content
        self._relayout()

    def set_image(self, image: QImage | None) -> None:
        """The rendered picture for this card's format (None: text only)."""
        self.image = image
        self._relayout()

    def set_safe_zones(self, shown: bool) -> None:
        """Draw the story's safe zones over the frame."""
        self.safe_zones = shown
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, self._height(max(self.width(), 240)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.setFixedHeight(self._height(event.size().width()))

    def _relayout(self) -> None:
        self.setFixedHeight(self._height(max(self.width(), 240)))
        self.setAccessibleDescription(self.shown_text)
        self.update()

    # Layout and painting share one walk over the card, so the height always matches what is drawn.
    def _height(self, width: int) -> int:
        return self._walk(None, width)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self._walk(painter, self.width())

    def _walk(self, painter: QPainter | None, width: int) -> int:
        palette = self._theme.palette
        content = self.content
        if content is None:
            return 40
        inner = width - 2 * _PAD
        if painter is not None:
            painter.setPen(QPen(QColor(palette.border), 1))
            painter.setBrush(QColor(palette.surface))
            painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, self.height() - 1), 10, 10)
        story = content.format is not None and content.format.safe_zone.top > 0
        if story:
            return self._story(painter, width)
        y = _PAD
        instagram = content.network.id == "instagram"
        for number, part in enumerate(content.parts):
            y = self._header(painter, y, content)
            picture_first = instagram and number == 0
            if picture_first:
                y = self._picture(painter, y, width) + _GAP
            shown, shortened = feed_text(part, content.network) if number == 0 else (part, False)
            if number == 0:
                self.shown_text = shown + (" more" if shortened else "")
            y = self._text(painter, y, inner, shown, shortened)
            if number == 0 and not picture_first:
                y = self._picture(painter, y + _GAP, width)
            if number < len(content.parts) - 1 and painter is not None:
                # The thread as a column: a line joins each reply to the post above, as the apps draw it.
                painter.setPen(QPen(QColor(palette.border), 2))
                x = _PAD + _AVATAR // 2
                painter.drawLine(x, y + 4, x, y + _GAP + 12)
            y += _GAP + 8
        if instagram and content.format is not None and content.format.id == "instagram-portrait":
            y = self._grid(painter, y, inner)
        return y + _PAD - 8

    def _header(self, painter: QPainter | None, y: int, content: CardContent) -> int:
        if painter is not None:
            palette = self._theme.palette
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.accent))
            painter.drawEllipse(_PAD, y, _AVATAR, _AVATAR)
            painter.setPen(QColor(palette.accent_text))
            initials = "".join(w[0] for w in content.account.split()[:2]).upper()
            painter.drawText(QRect(_PAD, y, _AVATAR, _AVATAR), Qt.AlignmentFlag.AlignCenter, initials)
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(QColor(palette.text))
            left = _PAD + _AVATAR + 10
            painter.drawText(left, y + 15, content.account)
            painter.setFont(self.font())
            painter.setPen(QColor(palette.muted))
            painter.drawText(left, y + 32, f"{content.handle} · {content.network.name}")
        return y + _AVATAR + 8

    def _text(self, painter: QPainter | None, y: int, inner: int, text: str, shortened: bool) -> int:
        flags = Qt.TextFlag.TextWordWrap
        more = " more" if shortened else ""
        rect = self.fontMetrics().boundingRect(QRect(0, 0, inner, 100_000), flags, text + more)
        if painter is not None:
            painter.setFont(self.font())
            painter.setPen(QColor(self._theme.palette.text))
            painter.drawText(QRect(_PAD, y, inner, rect.height()), flags, text + more)
        return y + rect.height()

    def _picture(self, painter: QPainter | None, y: int, width: int) -> int:
        image = self.image
        if image is None or image.isNull():
            return y
        inner = width - 2 * _PAD
        height = round(inner * image.height() / image.width())
        if painter is not None:
            painter.drawImage(QRectF(_PAD, y, inner, height), image, QRectF(image.rect()))
        return y + height

    def _grid(self, painter: QPainter | None, y: int, inner: int) -> int:
        image = self.image
        if image is None or image.isNull():
            return y
        cell = min(120, (inner - 8) // 3)
        tall = round(cell * 4 / 3)
        if painter is not None:
            painter.setPen(QColor(self._theme.palette.muted))
            painter.drawText(_PAD, y + 14, "In the profile grid (the centre 3:4):")
            crop = grid_crop(image.width(), image.height())
            for column in range(3):
                target = QRectF(_PAD + column * (cell + 4), y + 22, cell, tall)
                if column == 1:
                    painter.drawImage(target, image, QRectF(crop))
                else:
                    painter.fillRect(target, QColor(self._theme.palette.border))
        return y + 22 + tall + 8

    def _story(self, painter: QPainter | None, width: int) -> int:
        image = self.image
        frame_w = min(width - 2 * _PAD, 360)
        frame_h = round(frame_w * 16 / 9)
        left = (width - frame_w) // 2
        if painter is not None and self.content is not None and self.content.format is not None:
            frame = QRectF(left, _PAD, frame_w, frame_h)
            if image is not None and not image.isNull():
                painter.drawImage(frame, image, QRectF(image.rect()))
            else:
                painter.fillRect(frame, QColor(self._theme.palette.border))
            zone = self.content.format.safe_zone
            if self.safe_zones:
                shade = QColor(220, 40, 40, 90)
                top = QRectF(frame.left(), frame.top(), frame_w, frame_h * zone.top)
                bottom_h = frame_h * zone.bottom
                bottom = QRectF(frame.left(), frame.bottom() - bottom_h, frame_w, bottom_h)
                painter.fillRect(top, shade)
                painter.fillRect(bottom, shade)
                painter.setPen(QPen(QColor("white"), 1, Qt.PenStyle.DashLine))
                painter.drawLine(top.bottomLeft(), top.bottomRight())
                painter.drawLine(bottom.topLeft(), bottom.topRight())
                painter.setPen(QColor("white"))
                painter.drawText(
                    top.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "profile and progress bar"
                )
                painter.drawText(bottom.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "reply field")
        self.shown_text = ""
        return frame_h + 2 * _PAD
