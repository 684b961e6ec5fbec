"""Images are fitted to a network's limits: upright, within budget, and with no metadata left."""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image

from studio.platforms import network_by_id
from studio.publish.images import fit_image


def _noisy_jpeg(path: Path, width: int, height: int, exif: Image.Exif | None = None) -> Path:
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))  # incompressible
    image.save(path, "JPEG", quality=95, exif=exif or Image.Exif())
    return path


def test_a_large_photo_is_brought_within_blueskys_budget(tmp_path: Path) -> None:
    original = _noisy_jpeg(tmp_path / "big.jpg", 2400, 1600)
    assert original.stat().st_size > 1_000_000

    data, mime, width, height = fit_image(original, network_by_id("bluesky"))

    assert len(data) <= 1_000_000
    assert max(width, height) <= 2000
    assert abs(width / height - 1.5) < 0.02  # the shape is kept
    assert mime == "image/jpeg"
    with Image.open(io.BytesIO(data)) as fitted:
        assert fitted.size == (width, height)


def test_location_and_camera_data_never_leave_the_machine(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x010F] = "Studio Test Camera"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    original = _noisy_jpeg(tmp_path / "phone.jpg", 300, 200, exif)

    data, _, width, height = fit_image(original, network_by_id("mastodon"))

    assert (width, height) == (200, 300)  # turned upright, as the phone showed it
    assert b"Studio Test Camera" not in data
    with Image.open(io.BytesIO(data)) as sent:
        assert not sent.getexif()
