"""An explainable focus-point suggestion: the centre of the most detailed, most colourful part of a picture.

Renders use the centre unless a focus point is given (the issue's rule); the app may offer this suggestion for
the user to accept with a click. How it works, in words the user can be told: on a small copy of the picture,
each cell scores its edge strength times (1 + its colour saturation); the suggestion is the score-weighted
centre of the best-scoring tenth of the cells.
"""

from __future__ import annotations

from PIL import Image, ImageFilter

__all__ = ["suggest_focus"]

_GRID = 48  # the long side of the copy the scores are taken on
_TOP = 0.1  # the share of cells that count


def suggest_focus(image: Image.Image) -> tuple[float, float]:
    """A focus point (x, y as fractions of the picture) for a cover crop of `image`."""
    small = image.convert("RGB")
    small.thumbnail((_GRID, _GRID), Image.Resampling.BOX)
    width, height = small.size
    edges = small.convert("L").filter(ImageFilter.FIND_EDGES).tobytes()
    saturation = small.convert("HSV").getchannel("S").tobytes()
    scores = []
    for index, edge in enumerate(edges):
        x, y = index % width, index // width
        if x in (0, width - 1) or y in (0, height - 1):
            continue  # FIND_EDGES marks the border of the copy itself
        scores.append((edge * (1 + saturation[index] / 255), x, y))
    scores.sort(reverse=True)
    best = [s for s in scores[: max(1, int(len(scores) * _TOP))] if s[0] > 0]
    if not best:
        return (0.5, 0.5)  # a flat picture: nothing to prefer over the centre
    total = sum(score for score, _, _ in best)
    focus_x = sum(score * (cx + 0.5) for score, cx, _ in best) / total / width
    focus_y = sum(score * (cy + 0.5) for score, _, cy in best) / total / height
    return (round(focus_x, 3), round(focus_y, 3))
