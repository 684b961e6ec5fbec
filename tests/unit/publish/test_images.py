"""Images are fitted to a network's byte, side and pixel limits before upload."""

from __future__ import annotations

import io
import os

from PIL import Image

from studio.platforms import network_by_id
from studio.publish.images import fit_image


def _noisy_jpeg(width: int, height: int) -> bytes:
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))  # incompressible
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def test_a_large_photo_is_brought_within_blueskys_budget() -> None:
    original = _noisy_jpeg(2400, 1600)
    bluesky = network_by_id("bluesky")
    assert len(original) > 1_000_000

    data, mime, width, height = fit_image(original, "image/jpeg", bluesky)

    assert len(data) <= 1_000_000
    assert max(width, height) <= 2000
    assert abs(width / height - 1.5) < 0.01  # the shape is kept
    assert mime == "image/jpeg"
    with Image.open(io.BytesIO(data)) as fitted:
        assert fitted.size == (width, height)


def test_an_image_that_fits_is_sent_as_it_is() -> None:
    original = _noisy_jpeg(320, 200)
    assert fit_image(original, "image/jpeg", network_by_id("mastodon")) == (original, "image/jpeg", 320, 200)
