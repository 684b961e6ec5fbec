"""Click on the picture to say what must stay in every crop (the focus point)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QWidget

__all__ = ["FocusPicker"]


class FocusPicker(QWidget):
    """The picture with a crosshair at the focus point; a click or arrow keys move it.

    Signals:
        focus_picked(float, float): the new focus as fractions of the picture (x right, y down).
    """

    focus_picked = Signal(float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pixmap: QPixmap | None = None
        self.focus = (0.5, 0.5)
        self.setMinimumSize(QSize(160, 110))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName("Focus point: click what must stay in every crop")

    def set_picture(self, pixmap: QPixmap | None, focus: tuple[float, float]) -> None:
        """Show `pixmap` with the crosshair at `focus` (fractions)."""
        self._pixmap = pixmap
        self.focus = focus
        self.update()

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn (kept in proportion, centred)."""
        if self._pixmap is None or self._pixmap.isNull():
            return QRectF(self.rect())
        size = self._pixmap.deviceIndependentSize().scaled(
            QSize(self.width(), self.height()).toSizeF(), Qt.AspectRatioMode.KeepAspectRatio
        )
        return QRectF(
            (self.width() - size.width()) / 2,
            (self.height() - size.height()) / 2,
            size.width(),
            size.height(),
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        rect = self.picture_rect()
        if not rect.contains(event.position()) or rect.width() <= 0:
            return
        x = (event.position().x() - rect.left()) / rect.width()
        y = (event.position().y() - rect.top()) / rect.height()
        self._pick(x, y)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {
            Qt.Key.Key_Left: (-0.05, 0.0),
            Qt.Key.Key_Right: (0.05, 0.0),
            Qt.Key.Key_Up: (0.0, -0.05),
            Qt.Key.Key_Down: (0.0, 0.05),
        }.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        self._pick(self.focus[0] + step[0], self.focus[1] + step[1])

    def _pick(self, x: float, y: float) -> None:
        self.focus = (min(1.0, max(0.0, x)), min(1.0, max(0.0, y)))
        self.update()
        self.focus_picked.emit(*self.focus)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        rect = self.picture_rect()
        if self._pixmap is not None:
            painter.drawPixmap(rect, self._pixmap, QRectF(self._pixmap.rect()))
        centre = QPointF(
            rect.left() + self.focus[0] * rect.width(), rect.top() + self.focus[1] * rect.height()
        )
        for colour, width in ((QColor(0, 0, 0, 160), 4.0), (QColor("white"), 2.0)):
            painter.setPen(QPen(colour, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, 10, 10)
            painter.drawLine(centre - QPointF(16, 0), centre + QPointF(16, 0))
            painter.drawLine(centre - QPointF(0, 16), centre + QPointF(0, 16))
