"""Font chains: the kit's font plus fallbacks (CJK, colour emoji), split into runs by glyph coverage."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFont

__all__ = ["FontChain", "Run", "font_chain"]

_BITMAP_SIZE = 109  # Noto Color Emoji's only strike; it is scaled to the wanted size
_EMOJI_SCALE = 0.92  # colour emoji bitmaps are wider than a text em; this sits them beside letters
_JOINERS = {0x200D, 0xFE0E, 0xFE0F, 0x20E3}


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text drawn with one font of the chain."""

    face: int
    text: str


@cache
def _coverage(path: Path) -> frozenset[int]:
    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            cmap = font.getBestCmap() or {}
    except (TTLibError, OSError, AssertionError):
        return frozenset()
    return frozenset(cmap)


@cache
def _is_bitmap(path: Path) -> bool:
    try:
        ImageFont.truetype(str(path), 20)
    except OSError:
        return True
    return False


@lru_cache(maxsize=256)
def _face(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


class FontChain:
    """Fonts tried in order for each character; measures and draws text at any pixel size."""

    def __init__(self, paths: tuple[Path, ...]) -> None:
        self.paths = paths
        self._covers = [_coverage(p) for p in paths]
        self._bitmap = [_is_bitmap(p) for p in paths]

    def runs(self, text: str) -> tuple[Run, ...]:
        """Split `text` into runs, each drawn with the first font that has its characters."""
        return _runs(self, text)

    def _pick(self, char: str, next_char: str) -> int:
        code = ord(char)
        wants_emoji = next_char == "\ufe0f" or code >= 0x1F000
        if wants_emoji:
            for index, bitmap in enumerate(self._bitmap):
                if bitmap and code in self._covers[index]:
                    return index
        for index, covered in enumerate(self._covers):
            if code in covered:
                return index
        return 0  # nobody has it: the main font's "missing" box is the honest result

    def width(self, text: str, size: int) -> float:
        """Advance width of `text` in pixels at `size`."""
        return sum(self._run_width(run, size) for run in self.runs(text))

    def _run_width(self, run: Run, size: int) -> float:
        if self._bitmap[run.face]:
            font = _face(self.paths[run.face], _BITMAP_SIZE)
            return float(font.getlength(run.text)) * size * _EMOJI_SCALE / _BITMAP_SIZE
        return float(_face(self.paths[run.face], size).getlength(run.text))

    def metrics(self, size: int) -> tuple[int, int]:
        """Ascent and descent of the main font at `size`."""
        ascent, descent = _face(self.paths[0], size).getmetrics()
        return ascent, descent

    def draw(
        self, image: Image.Image, xy: tuple[float, float], text: str, size: int, fill: tuple[int, ...]
    ) -> None:
        """Draw `text` with its left end of the baseline at `xy` onto an RGBA `image`."""
        line, left, top = _line_image(self, text, size, fill)
        x, y = round(xy[0]) + left, round(xy[1]) + top
        image.alpha_composite(line, (max(0, x), max(0, y)), (max(0, -x), max(0, -y)))

    def line(self, text: str, size: int, fill: tuple[int, ...]) -> tuple[Image.Image, int, int]:
        """`text` rendered (cached), and the image's offset from the baseline origin."""
        return _line_image(self, text, size, fill)

    def render_line(self, text: str, size: int, fill: tuple[int, ...]) -> tuple[Image.Image, int, int]:
        """`text` drawn on a transparent canvas, and the canvas's offset from the baseline origin."""
        ascent, descent = self.metrics(size)
        pad = size // 2  # room for accents above the ascent, tails below, and overhangs
        canvas = Image.new(
            "RGBA", (int(self.width(text, size)) + 2 * pad, ascent + descent + 2 * pad), (0, 0, 0, 0)
        )
        draw = ImageDraw.Draw(canvas)
        x, baseline = float(pad), float(pad + ascent)
        for run in self.runs(text):
            if self._bitmap[run.face]:
                self._draw_bitmap(canvas, (x, baseline), run.text, size)
            else:
                draw.text(
                    (x, baseline), run.text, font=_face(self.paths[run.face], size), fill=fill, anchor="ls"
                )
            x += self._run_width(run, size)
        return canvas, -pad, -(pad + ascent)

    def _draw_bitmap(self, image: Image.Image, xy: tuple[float, float], text: str, size: int) -> None:
        font = _face(self.paths[self._bitmap.index(True)], _BITMAP_SIZE)
        ascent, descent = font.getmetrics()
        canvas = Image.new("RGBA", (max(1, int(font.getlength(text)) + 2), ascent + descent), (0, 0, 0, 0))
        ImageDraw.Draw(canvas).text((0, ascent), text, font=font, embedded_color=True, anchor="ls")
        scale = size * _EMOJI_SCALE / _BITMAP_SIZE
        small = canvas.resize(
            (max(1, round(canvas.width * scale)), max(1, round(canvas.height * scale))),
            Image.Resampling.LANCZOS,
        )
        # Centre the glyph on the text's x-height rather than its baseline, as emoji sit in running text.
        top = round(xy[1] - ascent * scale + size * 0.05)
        image.alpha_composite(small, (round(xy[0]), max(0, top)))


@lru_cache(maxsize=512)
def _line_image(
    chain: FontChain, text: str, size: int, fill: tuple[int, ...]
) -> tuple[Image.Image, int, int]:
    """One rendered line, cached: editing a caption re-renders only the line that changed."""
    return chain.render_line(text, size, fill)


@lru_cache(maxsize=1024)
def _runs(chain: FontChain, text: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    for index, char in enumerate(text):
        follows = ord(char) in _JOINERS or (0x1F3FB <= ord(char) <= 0x1F3FF) or unicodedata.combining(char)
        if runs and (follows or (char == " " and not chain._bitmap[runs[-1].face])):
            runs[-1] = Run(runs[-1].face, runs[-1].text + char)
            continue
        face = chain._pick(char, text[index + 1] if index + 1 < len(text) else "")
        if runs and runs[-1].face == face:
            runs[-1] = Run(face, runs[-1].text + char)
        else:
            runs.append(Run(face, char))
    return tuple(runs)


@cache
def font_chain(paths: tuple[Path, ...]) -> FontChain:
    """One shared chain per list of font files (coverage tables are read once per process)."""
    return FontChain(paths)
