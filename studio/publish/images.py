"""Images as a network takes them: the original when it fits, else a smaller JPEG within the byte budget.

STAND-IN until the render pipeline (`studio.brand`) is wired in: it does the real per-format rendering with
brand layers; this only guarantees the network's byte, side and pixel limits so an upload is never refused.
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from studio.errors import FinalError
from studio.platforms import Network

__all__ = ["fit_image"]

_QUALITIES = (90, 82, 74, 66, 58, 50)


def fit_image(data: bytes, mime: str, network: Network) -> tuple[bytes, str, int, int]:
    """(bytes, mime, width, height) within `network`'s limits."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = image.copy()
    except (UnidentifiedImageError, OSError) as error:
        raise FinalError("Preparing an image", f"it cannot be read ({error})", "import it again") from None
    width, height = picture.size
    if _fits(len(data), width, height, network):
        return data, mime, width, height
    scale = 1.0
    if network.max_image_side:
        scale = min(scale, network.max_image_side / max(width, height))
    if network.max_image_pixels:
        scale = min(scale, (network.max_image_pixels / (width * height)) ** 0.5)
    rgb = picture.convert("RGB")
    while True:
        size = (max(1, int(width * scale)), max(1, int(height * scale)))
        resized = rgb.resize(size, Image.Resampling.LANCZOS) if size != rgb.size else rgb
        for quality in _QUALITIES:
            buffer = io.BytesIO()
            resized.save(buffer, "JPEG", quality=quality, optimize=True)
            if _fits(buffer.tell(), *size, network):
                return buffer.getvalue(), "image/jpeg", size[0], size[1]
        scale *= 0.8


def _fits(size: int, width: int, height: int, network: Network) -> bool:
    if network.max_image_bytes and size > network.max_image_bytes:
        return False
    if network.max_image_side and max(width, height) > network.max_image_side:
        return False
    return not (network.max_image_pixels and width * height > network.max_image_pixels)
