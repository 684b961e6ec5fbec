"""A preview card: the post as a feed shows it (author, text with "… more", pictures, link, thread)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.gui.theme import Theme
from studio.platforms import Format, Network

__all__ = [
    "CAROUSEL_NETWORKS",
    "CardContent",
    "Identity",
    "LinkCard",
    "PreviewCard",
    "feed_text",
    "grid_crop",
]

_PAD = 14
_AVATAR = 36
_GAP = 10
# Where several pictures are swiped one by one; the other feeds lay them out as a grid.
CAROUSEL_NETWORKS = frozenset({"instagram", "threads"})


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


def _cover(source: QRectF, aspect: float) -> QRectF:
    """The centre part of `source` with this width/height ratio (how feeds crop grid cells)."""
    if source.width() / source.height() > aspect:
        width = source.height() * aspect
        return QRectF(source.left() + (source.width() - width) / 2, source.top(), width, source.height())
    height = source.width() / aspect
    return QRectF(source.left(), source.top() + (source.height() - height) / 2, source.width(), height)


def grid_cells(count: int, width: float, height: float) -> list[QRectF]:
    """Where 2, 3 or 4 pictures go in a feed's grid (X, Bluesky and Mastodon draw them so); more show 4."""
    gap = 4.0
    half_w, half_h = (width - gap) / 2, (height - gap) / 2
    if count <= 1:
        return [QRectF(0, 0, width, height)]
    if count == 2:
        return [QRectF(0, 0, half_w, height), QRectF(half_w + gap, 0, half_w, height)]
    if count == 3:
        return [
            QRectF(0, 0, half_w, height),
            QRectF(half_w + gap, 0, half_w, half_h),
            QRectF(half_w + gap, half_h + gap, half_w, half_h),
        ]
    return [QRectF(x, y, half_w, half_h) for y in (0, half_h + gap) for x in (0, half_w + gap)]


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the post appears from: the chosen account on that network, else the workspace's kit."""

    name: str
    handle: str
    colour: str  # the avatar disc's colour (the brand's), with the initials on it

    @property
    def initials(self) -> str:
        """Up to two letters for the avatar disc."""
        return "".join(w[0] for w in self.name.split()[:2] if w[0].isalnum()).upper() or "?"


@dataclass(frozen=True, slots=True)
class LinkCard:
    """The card a feed makes of the first link: offline, the title is the domain (nothing is fetched)."""

    domain: str
    url: str


@dataclass(frozen=True, slots=True)
class CardContent:
    """Everything one card draws besides the pictures."""

    network: Network
    format: Format | None
    parts: tuple[str, ...]  # one part, or the thread it becomes
    identity: Identity
    link: LinkCard | None = None  # shown only when the post has no pictures, as the feeds do


class PreviewCard(QWidget):
    """Paints `CardContent` and the rendered pictures; grows to its content's height."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.content: CardContent | None = None
        self.pixmaps: list[QPixmap] = []
        self.format_id = ""  # the format the pictures were rendered for
        self.fit_height = 0  # the visible height a story frame shrinks to fit (0: no limit)
        self._fitted: dict[tuple[int, tuple[float, ...], int, int], QPixmap] = {}
        self.safe_zones = True
        self.shown_text = ""  # what the feed shows of the first part (tests read it)
        self.layout_kind = ""  # "single", "grid", "carousel", "story" or "" (tests read it)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Preview")

    @property
    def image(self) -> QPixmap | None:
        """The first picture, as rendered."""
        return self.pixmaps[0] if self.pixmaps else None

    def set_content(self, content: CardContent) -> None:
        """New text or network: only the card is repainted, nothing is rendered."""
        self.content = content
        self._relayout()

    def set_images(self, images: Sequence[QImage], ratio: float = 1.0, format_id: str = "") -> None:
        """The rendered pictures for a format, made at `ratio` device pixels per logical pixel."""
        self.format_id = format_id
        self.pixmaps = []
        self._fitted = {}
        for image in images:
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)  # sharp on HiDPI: the painter maps it 1:1 to device pixels
            self.pixmaps.append(pixmap)
        self._relayout()

    def set_fit_height(self, height: int) -> None:
        """The height the card is seen in (a story frame is drawn to fit it)."""
        if height != self.fit_height:
            self.fit_height = height
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
            self.layout_kind = "story"
            return self._story(painter, width)
        y = _PAD
        instagram = content.network.id == "instagram"
        for number, part in enumerate(content.parts):
            y = self._header(painter, y, content)
            picture_first = instagram and number == 0
            if picture_first:
                y = self._pictures(painter, y, width) + _GAP
            shown, shortened = feed_text(part, content.network) if number == 0 else (part, False)
            if number == 0:
                self.shown_text = shown + (" more" if shortened else "")
            y = self._text(painter, y, inner, shown, shortened)
            if number == 0 and not picture_first:
                y = self._pictures(painter, y + _GAP, width)
                if not self.pixmaps and content.link is not None:
                    y = self._link(painter, y + _GAP, inner, content.link)
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
            who = content.identity
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(who.colour))
            painter.drawEllipse(_PAD, y, _AVATAR, _AVATAR)
            painter.setPen(QColor("white"))
            painter.drawText(QRect(_PAD, y, _AVATAR, _AVATAR), Qt.AlignmentFlag.AlignCenter, who.initials)
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(QColor(palette.text))
            left = _PAD + _AVATAR + 10
            painter.drawText(left, y + 15, who.name)
            painter.setFont(self.font())
            painter.setPen(QColor(palette.muted))
            painter.drawText(left, y + 32, f"{who.handle} · {content.network.name}")
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

    def _pictures(self, painter: QPainter | None, y: int, width: int) -> int:
        first = self.image
        if first is None or first.isNull() or self.content is None:
            self.layout_kind = ""
            return y
        inner = width - 2 * _PAD
        height = round(inner * first.height() / first.width())
        area = QRectF(_PAD, y, inner, height)
        carousel = self.content.network.id in CAROUSEL_NETWORKS
        many = len(self.pixmaps) > 1
        self.layout_kind = "carousel" if many and carousel else "grid" if many else "single"
        if painter is None:
            return y + height + (14 if self.layout_kind == "carousel" else 0)
        if self.layout_kind == "grid":
            shown = self.pixmaps[:4]
            cells = grid_cells(len(shown), inner, height)
            for pixmap, cell in zip(shown, cells, strict=True):
                target = cell.translated(area.topLeft())
                source = _cover(QRectF(pixmap.rect()), target.width() / target.height())
                self._draw(painter, target, pixmap, source)
            if len(self.pixmaps) > 4:  # Facebook-style "+N" on the last cell
                last = cells[-1].translated(area.topLeft())
                painter.fillRect(last, QColor(0, 0, 0, 120))
                painter.setPen(QColor("white"))
                painter.drawText(last, Qt.AlignmentFlag.AlignCenter, f"+{len(self.pixmaps) - 4}")
            return y + height
        self._draw(painter, area, first, QRectF(first.rect()))
        if self.layout_kind == "carousel":
            self._carousel_marks(painter, area)
            return y + height + 14
        return y + height

    def _draw(self, painter: QPainter, target: QRectF, pixmap: QPixmap, source: QRectF) -> None:
        """Draw `source` of `pixmap` into `target`, scaled once per size: typing repaints at 1:1 cost."""
        ratio = pixmap.devicePixelRatio()
        width, height = round(target.width() * ratio), round(target.height() * ratio)
        key = (pixmap.cacheKey(), (source.x(), source.y(), source.width(), source.height()), width, height)
        fitted = self._fitted.get(key)
        if fitted is None:
            fitted = pixmap.copy(source.toAlignedRect()).scaled(
                width,
                height,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            fitted.setDevicePixelRatio(ratio)
            if len(self._fitted) > 32:  # sizes left behind by resizing
                self._fitted.clear()
            self._fitted[key] = fitted
        painter.drawPixmap(target.topLeft(), fitted)

    def _carousel_marks(self, painter: QPainter, area: QRectF) -> None:
        """Instagram's "1/N" badge and the dots under the picture."""
        count = len(self.pixmaps)
        badge = QRectF(area.right() - 48, area.top() + 10, 38, 22)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(badge, 11, 11)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, f"1/{count}")
        left = area.center().x() - (count - 1) * 5
        for dot in range(count):
            colour = QColor(self._theme.palette.accent if dot == 0 else self._theme.palette.border)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(QRectF(left + dot * 10 - 3, area.bottom() + 5, 6, 6))

    def _link(self, painter: QPainter | None, y: int, inner: int, link: LinkCard) -> int:
        height = 58
        if painter is not None:
            palette = self._theme.palette
            box = QRectF(_PAD, y, inner, height)
            painter.setPen(QPen(QColor(palette.border), 1))
            painter.setBrush(QColor(palette.window))
            painter.drawRoundedRect(box, 8, 8)
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(QColor(palette.text))
            painter.drawText(box.adjusted(12, 8, -12, -30), Qt.AlignmentFlag.AlignLeft, link.domain)
            painter.setFont(self.font())
            painter.setPen(QColor(palette.muted))
            elided = self.fontMetrics().elidedText(link.url, Qt.TextElideMode.ElideRight, inner - 24)
            painter.drawText(box.adjusted(12, 30, -12, -6), Qt.AlignmentFlag.AlignLeft, elided)
        return y + height

    def _grid(self, painter: QPainter | None, y: int, inner: int) -> int:
        pixmap = self.image
        if pixmap is None or pixmap.isNull():
            return y
        cell = min(120, (inner - 8) // 3)
        tall = round(cell * 4 / 3)
        if painter is not None:
            painter.setPen(QColor(self._theme.palette.muted))
            painter.drawText(_PAD, y + 14, "In the profile grid (the centre 3:4):")
            crop = grid_crop(pixmap.width(), pixmap.height())
            for column in range(3):
                target = QRectF(_PAD + column * (cell + 4), y + 22, cell, tall)
                if column == 1:
                    self._draw(painter, target, pixmap, QRectF(crop))
                else:
                    painter.fillRect(target, QColor(self._theme.palette.border))
        return y + 22 + tall + 8

    def _story(self, painter: QPainter | None, width: int) -> int:
        pixmap = self.image
        frame_w = min(width - 2 * _PAD, 360)
        if self.fit_height > 0:  # the whole phone screen in view, as the story is seen
            frame_w = max(120, min(frame_w, round((self.fit_height - 2 * _PAD) * 9 / 16)))
        frame_h = round(frame_w * 16 / 9)
        left = (width - frame_w) // 2
        if painter is not None and self.content is not None and self.content.format is not None:
            frame = QRectF(left, _PAD, frame_w, frame_h)
            if pixmap is not None and not pixmap.isNull():
                self._draw(painter, frame, pixmap, QRectF(pixmap.rect()))
            else:
                painter.fillRect(frame, QColor(self._theme.palette.border))
            if self.safe_zones:
                self._safe_zones(painter, frame)
        self.shown_text = ""
        return frame_h + 2 * _PAD

    def _safe_zones(self, painter: QPainter, frame: QRectF) -> None:
        assert self.content is not None
        assert self.content.format is not None
        zone = self.content.format.safe_zone
        shade = QColor(220, 40, 40, 90)
        top = QRectF(frame.left(), frame.top(), frame.width(), frame.height() * zone.top)
        bottom_h = frame.height() * zone.bottom
        bottom = QRectF(frame.left(), frame.bottom() - bottom_h, frame.width(), bottom_h)
        painter.fillRect(top, shade)
        painter.fillRect(bottom, shade)
        painter.setPen(QPen(QColor("white"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(top.bottomLeft(), top.bottomRight())
        painter.drawLine(bottom.topLeft(), bottom.topRight())
        painter.setPen(QColor("white"))
        painter.drawText(top.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "profile and progress bar")
        painter.drawText(bottom.adjusted(8, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "reply field")
