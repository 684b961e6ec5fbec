"""Images as a network takes them: upright, metadata-free JPEGs within its side, pixel and byte limits.

Uses the safe decoder and encoder of `studio.media` (EXIF orientation applied, colour normalised, no EXIF/GPS
in the output). The brand templates of `studio.brand` are applied when a post is composed, not here.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from studio.media import encode_jpeg_within, load
from studio.platforms import Network

__all__ = ["fit_image"]


def fit_image(path: Path, network: Network) -> tuple[bytes, str, int, int]:
    """(JPEG bytes, mime, width, height) of the picture at `path`, within `network`'s limits."""
    image = load(path).image
    width, height = image.size
    scale = 1.0
    if network.max_image_side:
        scale = min(scale, network.max_image_side / max(width, height))
    if network.max_image_pixels:
        scale = min(scale, (network.max_image_pixels / (width * height)) ** 0.5)
    if scale < 1.0:
        image = image.resize(
            (max(1, int(width * scale)), max(1, int(height * scale))), Image.Resampling.LANCZOS
        )
    data, _quality = encode_jpeg_within(image, network.max_image_bytes)
    with Image.open(io.BytesIO(data)) as encoded:  # the encoder may have shrunk it to meet the budget
        size = encoded.size
    return data, "image/jpeg", size[0], size[1]
