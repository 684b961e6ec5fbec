"""Pictures for the Brand view: Pillow images to QImage (safe in a worker thread, unlike QPixmap), the kit's
logo, and an SVG logo drawn to the PNG that pictures are branded with."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from studio.errors import InputError

__all__ = ["load_logo", "svg_to_png", "to_qimage"]

_SVG_LOGO_HEIGHT = 480  # px of the PNG made from an SVG logo: sharp on the largest frame (1080 wide)


def to_qimage(image: Image.Image) -> QImage:
    """A deep copy of `image` as an RGBA QImage."""
    rgba = image.convert("RGBA")
    data = rgba.tobytes("raw", "RGBA")
    qimage = QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return qimage.copy()  # own the pixels: `data` is freed when this function returns


def load_logo(path: Path) -> QImage:
    """The kit's logo, at most 480 x 240 (twice the label, so HiDPI screens get sharp pixels); in the pool."""
    with Image.open(path) as image:
        image.thumbnail((480, 240))
        return to_qimage(image)


def svg_to_png(svg: Path, target: Path) -> Path:
    """Draw `svg` into `target` (a PNG with transparency, 480 px high); InputError if it cannot be drawn."""
    renderer = QSvgRenderer(str(svg))
    size = renderer.defaultSize()
    if not renderer.isValid() or size.isEmpty():
        raise InputError(str(svg), "is not an SVG picture Studio can draw", "choose another file or a PNG")
    width = max(1, round(size.width() * _SVG_LOGO_HEIGHT / size.height()))
    image = QImage(QSize(width, _SVG_LOGO_HEIGHT), QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):  # PNG, from the suffix
        raise InputError(str(target), "could not be written", "check the disk has room")
    return target
