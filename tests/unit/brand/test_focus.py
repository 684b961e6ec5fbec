"""The focus-point suggestion finds the detailed, colourful subject and falls back to the centre."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from studio.brand import suggest_focus


@pytest.mark.parametrize("where", [(0.8, 0.25), (0.2, 0.7), (0.5, 0.5)])
def test_suggestion_lands_on_the_busy_colourful_subject(where: tuple[float, float]) -> None:
    image = Image.new("RGB", (1200, 800), (128, 128, 128))
    draw = ImageDraw.Draw(image)
    cx, cy = where[0] * 1200, where[1] * 800
    for i in range(6):  # a small red and yellow checkerboard: edges and colour
        for j in range(6):
            colour = (220, 30, 30) if (i + j) % 2 else (250, 210, 0)
            draw.rectangle(
                (cx - 90 + i * 30, cy - 90 + j * 30, cx - 61 + i * 30, cy - 61 + j * 30), fill=colour
            )
    x, y = suggest_focus(image)
    assert abs(x - where[0]) < 0.06
    assert abs(y - where[1]) < 0.06


def test_a_flat_picture_keeps_the_centre() -> None:
    assert suggest_focus(Image.new("RGB", (300, 200), (40, 90, 200))) == (0.5, 0.5)
