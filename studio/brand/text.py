"""Caption layout: wrap into a box, shrink to fit, and never overflow (shorten with an ellipsis instead)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image

from studio.brand.fonts import FontChain

__all__ = ["Piece", "TextBlock", "draw_block", "fit_text", "place_block"]

_LINE_HEIGHT = 1.22
_REFERENCE = 100  # token widths are measured once at this size and scaled: fitting is then arithmetic
_SLACK = 0.97  # hinting makes widths grow a little faster than linear at small sizes
# A token is a run of non-space characters, except that each CJK character may break a line on its own.
_TOKENS = re.compile(
    r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uac00-\ud7af]+"
)


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Lines laid out at one size, ready to draw."""

    lines: tuple[str, ...]
    size: int
    line_height: int
    widths: tuple[float, ...]
    shortened: bool

    @property
    def height(self) -> int:
        """Height of the whole block in pixels."""
        return self.line_height * len(self.lines)


def fit_text(
    chain: FontChain, text: str, box: tuple[int, int], sizes: tuple[int, int], max_lines: int
) -> TextBlock:
    """The largest size in `sizes` (max, min) at which `text` wraps into `box` within `max_lines`."""
    width, height = box
    largest, smallest = sizes
    size = largest
    # Skip, by arithmetic alone, the sizes at which the words cannot fit even when packed perfectly.
    total = sum(_token_width(chain, m.group()) for m in _TOKENS.finditer(text)) / _REFERENCE
    while size > smallest and total * size > width * _SLACK * min(max_lines, height // _line_height(size)):
        size = max(smallest, int(size * 0.92))
    while True:
        lines = _wrap(chain, text, width * _SLACK, size)
        line_height = _line_height(size)
        if len(lines) <= max_lines and len(lines) * line_height <= height:
            return _block(
                chain, _balanced(chain, text, lines, width * _SLACK, size), size, line_height, False
            )
        if size <= smallest:
            break
        size = max(smallest, int(size * 0.92))
    line_height = round(size * _LINE_HEIGHT)
    keep = max(1, min(max_lines, height // line_height))
    if keep == 1 and line_height > height:  # the box cannot hold even one line at the smallest size
        size = max(1, int(height / _LINE_HEIGHT))
        line_height = round(size * _LINE_HEIGHT)
    kept = list(lines[:keep])
    kept[-1] = _ellipsis(chain, kept[-1], width * _SLACK, size)
    return _block(chain, tuple(kept), size, line_height, shortened=True)


Piece = tuple[Image.Image, tuple[int, int]]  # an RGBA image and where its top-left corner goes


def place_block(
    chain: FontChain,
    block: TextBlock,
    box: tuple[int, int, int, int],
    align: str,
    valign: str,
    fill: tuple[int, int, int],
) -> tuple[list[Piece], tuple[int, int, int, int]]:
    """The rendered lines of `block` placed inside `box` (left, top, right, bottom), and the box they use."""
    left, top, right, bottom = box
    if valign == "top":
        y = top
    elif valign == "bottom":
        y = bottom - block.height
    else:
        y = top + (bottom - top - block.height) // 2
    ascent, descent = chain.metrics(block.size)
    # Centre the font's ascent+descent inside each line so the block looks balanced.
    baseline_offset = (block.line_height - (ascent + descent)) // 2 + ascent
    used_left, used_right = right, left
    pieces: list[Piece] = []
    for index, (line, line_width) in enumerate(zip(block.lines, block.widths, strict=True)):
        if align == "center":
            x = left + (right - left - line_width) / 2
        elif align == "right":
            x = right - line_width
        else:
            x = left
        image, dx, dy = chain.line(line, block.size, (*fill, 255))
        pieces.append((image, (round(x) + dx, y + index * block.line_height + baseline_offset + dy)))
        used_left, used_right = min(used_left, int(x)), max(used_right, int(x + line_width + 0.999))
    return pieces, (used_left, y, used_right, y + block.height)


def draw_block(
    image: Image.Image,
    chain: FontChain,
    block: TextBlock,
    box: tuple[int, int, int, int],
    align: str,
    valign: str,
    fill: tuple[int, int, int],
) -> tuple[int, int, int, int]:
    """Draw `block` inside `box` onto an RGBA image; returns the box the lines occupy."""
    pieces, used = place_block(chain, block, box, align, valign, fill)
    for piece, (x, y) in pieces:
        image.alpha_composite(piece, (max(0, x), max(0, y)), (max(0, -x), max(0, -y)))
    return used


def _block(
    chain: FontChain, lines: tuple[str, ...], size: int, line_height: int, shortened: bool
) -> TextBlock:
    return TextBlock(
        lines=lines,
        size=size,
        line_height=line_height,
        widths=tuple(_line_width(chain, line, size) for line in lines),
        shortened=shortened,
    )


def _line_height(size: int) -> int:
    return max(1, round(size * _LINE_HEIGHT))


@lru_cache(maxsize=2048)
def _line_width(chain: FontChain, line: str, size: int) -> float:
    return chain.width(line, size)


@lru_cache(maxsize=4096)
def _token_width(chain: FontChain, token: str) -> float:
    return chain.width(token, _REFERENCE)


def _wrap(chain: FontChain, text: str, width: float, size: int) -> tuple[str, ...]:
    scale = size / _REFERENCE
    space = _token_width(chain, " ") * scale
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, line_width = "", 0.0
        for match in _TOKENS.finditer(paragraph):
            token = match.group()
            gap = " " if line and paragraph[match.start() - 1 : match.start()].isspace() else ""
            token_width = _token_width(chain, token) * scale
            if line and line_width + (space if gap else 0) + token_width > width:
                lines.append(line)
                line, line_width, gap = "", 0.0, ""
            if not line and token_width > width:  # one word wider than the box: break it by characters
                for piece in _split_long(chain, token, width, scale):
                    if line:
                        lines.append(line)
                    line, line_width = piece, _token_width(chain, piece) * scale
                continue
            line += gap + token
            line_width += (space if gap else 0) + token_width
        lines.append(line)
    return tuple(lines)


def _balanced(
    chain: FontChain, text: str, lines: tuple[str, ...], width: float, size: int
) -> tuple[str, ...]:
    """The same number of lines, made as even as possible, so no last line holds a lone word."""
    if len(lines) < 2 or _line_width(chain, lines[-1], size) > width * 0.6:
        return lines  # the last line is already well filled
    low, high, best = width * 0.5, width, lines
    for _ in range(5):  # bisect the narrowest width that still gives as few lines
        middle = (low + high) / 2
        attempt = _wrap(chain, text, middle, size)
        if len(attempt) <= len(lines):
            best, high = attempt, middle
        else:
            low = middle
    return best


def _split_long(chain: FontChain, token: str, width: float, scale: float) -> list[str]:
    pieces, piece = [], ""
    for char in token:
        if piece and _token_width(chain, piece + char) * scale > width:
            pieces.append(piece)
            piece = ""
        piece += char
    pieces.append(piece)
    return pieces


def _ellipsis(chain: FontChain, line: str, width: float, size: int) -> str:
    text = line.rstrip()
    while text and chain.width(text + "…", size) > width:
        text = text[:-1].rstrip()
    return text + "…"
