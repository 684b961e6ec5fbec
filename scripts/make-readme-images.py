#!/usr/bin/env python3
"""Make the README's before/after images from the demo media, through the real render pipeline.

Run from the repository root: `python scripts/make-readme-images.py` (writes docs/images/).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from studio.brand import RenderRequest, default_kit, render

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "assets" / "demo"
OUT = ROOT / "docs" / "images"
FONT = ROOT / "assets" / "fonts" / "NotoSans-Bold.ttf"
HEIGHT = 540  # of each panel


def _panel(path: Path, label: str) -> Image.Image:
    with Image.open(path) as source:
        image = source.convert("RGB")
    image.thumbnail((10_000, HEIGHT), Image.Resampling.LANCZOS)
    canvas = Image.new("RGB", (image.width, HEIGHT + 44), (255, 255, 255))
    canvas.paste(image, (0, 44))
    ImageDraw.Draw(canvas).text(
        (4, 22), label, font=ImageFont.truetype(str(FONT), 24), fill=(20, 33, 61), anchor="lm"
    )
    return canvas


def _row(panels: list[Image.Image], path: Path) -> None:
    gap = 24
    row = Image.new(
        "RGB", (sum(p.width for p in panels) + gap * (len(panels) - 1), panels[0].height), "white"
    )
    x = 0
    for panel in panels:
        row.paste(panel, (x, 0))
        x += panel.width + gap
    row.save(path, quality=88, optimize=True, progressive=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    kit = default_kit()
    with tempfile.TemporaryDirectory() as temp:
        out = Path(temp)
        photo = DEMO / "lego-staff.jpg"
        words = "Meet Sam from the help desk: ask him anything about Wi-Fi, printing or passwords 🙂"
        formats = ("instagram-portrait", "instagram-story")
        render(RenderRequest((photo,), out, kit, "photo", formats, words, (0.42, 0.45)))
        _row(
            [
                _panel(photo, "before: lego-staff.jpg"),
                _panel(out / "lego-staff.instagram-portrait.jpg", "after: instagram-portrait"),
                _panel(out / "lego-staff.instagram-story.jpg", "instagram-story"),
            ],
            OUT / "render-photo-before-after.jpg",
        )
        cartoon = DEMO / "cartoon-restart.png"
        render(RenderRequest((cartoon,), out, kit, "cartoon", ("instagram-square", "x-landscape"),
                             "Monday, 8:59 at the help desk"))  # fmt: skip
        _row(
            [
                _panel(cartoon, "before: cartoon-restart.png"),
                _panel(out / "cartoon-restart.instagram-square.jpg", "after: instagram-square"),
                _panel(out / "cartoon-restart.x-landscape.jpg", "x-landscape"),
            ],
            OUT / "render-cartoon-before-after.jpg",
        )
        tip = "Tech Tip Tuesday #12\nLock your screen with Windows+L whenever you leave your desk."
        render(RenderRequest((photo,), out, kit, "tip", ("instagram-square",), tip))
        status = "Identified: Eduroam Wi-Fi is down in the library. Next update at 14:30."
        render(RenderRequest((photo,), out / "s", kit, "status", ("instagram-square",), status))
        _row(
            [
                _panel(out / "lego-staff.instagram-square.jpg", "tip"),
                _panel(out / "s" / "lego-staff.instagram-square.jpg", "status (identified)"),
            ],
            OUT / "render-cards.jpg",
        )
    print(f"wrote the README images in {OUT}")


if __name__ == "__main__":
    main()
