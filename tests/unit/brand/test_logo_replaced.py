"""A logo replaced in place (the Brand editor, a team sync) is drawn at once, not after a restart."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from studio.brand import RenderRequest, render
from studio.brand.kit import load_kit


def _logo_colour(kit_dir: Path, photo: Path, out: Path) -> tuple[int, int, int]:
    kit = load_kit(kit_dir)
    (output,) = render(RenderRequest((photo,), out, kit, "photo", ("mastodon",), "Hi", workers=1)).outputs
    assert output.logo is not None
    left, top, right, bottom = output.logo
    with Image.open(output.path) as image:
        pixel = image.convert("RGB").getpixel(((left + right) // 2, (top + bottom) // 2))
    assert isinstance(pixel, tuple)
    return pixel[0], pixel[1], pixel[2]


def test_a_logo_replaced_in_place_is_drawn_at_once(kit_copy: Path, photo: Path, tmp_path: Path) -> None:
    logo = load_kit(kit_copy).logo
    Image.new("RGB", (400, 400), (200, 230, 0)).save(logo)  # lime, same file
    first = _logo_colour(kit_copy, photo, tmp_path / "a")
    Image.new("RGB", (400, 400), (120, 0, 140)).save(logo)  # plum, same path
    stat = logo.stat()
    os.utime(logo, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # a coarse clock still moves
    second = _logo_colour(kit_copy, photo, tmp_path / "b")
    assert first[1] > 180, first
    assert second[1] < 60, second
    assert second[2] > 100, second
