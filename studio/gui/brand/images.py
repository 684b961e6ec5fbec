"""Pillow images to QImage: safe in a worker thread (QImage, unlike QPixmap, is not tied to the UI thread)."""

from __future__ import annotations

from PIL import Image
from PySide6.QtGui import QImage

__all__ = ["to_qimage"]


def to_qimage(image: Image.Image) -> QImage:
    """A deep copy of `image` as an RGBA QImage."""
    rgba = image.convert("RGBA")
    data = rgba.tobytes("raw", "RGBA")
    qimage = QImage(data, rgba.width, rgba.height, rgba.width * 4, QImage.Format.Format_RGBA8888)
    return qimage.copy()  # own the pixels: `data` is freed when this function returns
