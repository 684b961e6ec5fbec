"""A decoded picture with smaller copies made on demand, so each format resizes from a nearby scale.

Resampling cost grows with the source area a filter reads. Formats far smaller than the decoded picture
(a 1200x630 card from a 3000x2000 decode) resize from a copy at 0.7^k of it instead, each copy made once from
the one before, so a picture's ten formats together read far fewer pixels than ten full-size resizes would.
"""

from __future__ import annotations

from PIL import Image

__all__ = ["Pyramid"]

_STEP = 0.7  # each level's side is 0.7 of the one above: half the pixels


class Pyramid:
    """The full picture plus lazily made levels at 0.7, 0.49, ... of its size."""

    def __init__(self, image: Image.Image) -> None:
        self.image = image
        self._levels: list[tuple[Image.Image, float]] = [(image, 1.0)]

    @property
    def size(self) -> tuple[int, int]:
        """Size of the full picture."""
        return self.image.size

    def level_for(self, scale: float) -> tuple[Image.Image, float]:
        """The smallest level (image, its factor) that is still at least `scale` of the full picture."""
        while self._levels[-1][1] * _STEP >= scale:
            above, factor = self._levels[-1]
            width, height = round(above.width * _STEP), round(above.height * _STEP)
            if width < 1 or height < 1:
                break
            self._levels.append((above.resize((width, height), Image.Resampling.BICUBIC), factor * _STEP))
        for image, factor in reversed(self._levels):
            if factor >= scale:
                return image, factor
        return self._levels[0]
