"""Split a long text into a thread whose every part fits one network.

Cuts are made at paragraph breaks, then sentence ends (and line breaks), then spaces; a paragraph or sentence
break wins over a fuller word-level cut as long as its part is at least half as long. A cut never falls inside
a link, mention, hashtag, emoji sequence or grapheme. Only a single word longer than a whole post is broken
inside (at a grapheme boundary); a link, mention or hashtag that alone cannot fit is an `InputError`.
A line holding only `---` (three or more dashes) is an explicit split the user typed, and is always honoured.
With `numbering`, each part ends with " i/n", counted inside the budget; a single part is not numbered.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import regex

from studio.errors import InputError
from studio.text.counting import count
from studio.text.entities import protected_spans

__all__ = ["SPLIT_MARKER", "split"]

SPLIT_MARKER = "---"
_MARKER = regex.compile(r"^[ \t]*-{3,}[ \t]*$", regex.MULTILINE)
_PARAGRAPH = regex.compile(r"\n[ \t]*\n\s*")
_SENTENCE = regex.compile(r"(?:[.!?\u2026\u3002\uff01\uff1f]+[\"'\u2019\u201d)\]]*\s+|\n\s*)")
_SPACE = regex.compile(r"\s+")
_GRAPHEME = regex.compile(r"\X")
# A part cut at a paragraph or sentence break may be this much shorter than the fullest word-level cut.
_PREFERRED_FILL = 0.5

_Fits = Callable[[str], bool]


def split(
    text: str,
    network_id: str,
    *,
    numbering: bool = False,
    limit: int | None = None,
    url_length: int | None = None,
    content_warning: str = "",
) -> list[str]:
    """The parts of a thread for `network_id`, in order; [] when there is nothing to post."""

    def fits_with(suffix: str) -> _Fits:
        def fits(part: str) -> bool:
            c = count(
                part + suffix, network_id, content_warning=content_warning, limit=limit, url_length=url_length
            )
            return c.length <= c.limit and (c.byte_limit is None or (c.byte_length or 0) <= c.byte_limit)

        return fits

    chunks = [chunk.strip() for chunk in _MARKER.split(text)]
    chunks = [chunk for chunk in chunks if chunk]
    if not chunks:
        return []
    plain = [part for chunk in chunks for part in _split_chunk(chunk, fits_with(""))]
    if not numbering or len(plain) == 1:
        return plain
    width = len(str(len(plain)))
    while True:
        widest = " " + "9" * width + "/" + "9" * width
        parts = [part for chunk in chunks for part in _split_chunk(chunk, fits_with(widest))]
        if len(str(len(parts))) <= width:
            total = len(parts)
            return [f"{part} {index}/{total}" for index, part in enumerate(parts, 1)]
        width = len(str(len(parts)))


def _split_chunk(chunk: str, fits: _Fits) -> list[str]:
    parts = []
    rest = chunk
    while rest:
        if fits(rest):
            parts.append(rest)
            break
        cut = _best_cut(rest, fits)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return parts


def _best_cut(text: str, fits: _Fits) -> int:
    protected = protected_spans(text)
    starts = [s for s, _ in protected]

    def allowed(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos - 1) - 1
        return not (i >= 0 and protected[i][0] < pos < protected[i][1])

    def cuts(pattern: regex.Pattern[str]) -> list[int]:
        return [m.end() for m in pattern.finditer(text) if m.start() > 0 and allowed(m.start())]

    def largest(candidates: list[int]) -> int | None:
        lo, hi, best = 0, len(candidates) - 1, None
        while lo <= hi:  # the prefix only grows with the cut, so the fitting cuts come first
            mid = (lo + hi) // 2
            if fits(text[: candidates[mid]].rstrip()):
                best, lo = candidates[mid], mid + 1
            else:
                hi = mid - 1
        return best

    word = largest(cuts(_SPACE))
    if word is not None:
        for pattern in (_PARAGRAPH, _SENTENCE):
            preferred = largest(cuts(pattern))
            if preferred is not None and len(text[:preferred].rstrip()) >= _PREFERRED_FILL * len(
                text[:word].rstrip()
            ):
                return preferred
        return word
    return _hard_cut(text, fits, protected, allowed)


def _hard_cut(
    text: str, fits: _Fits, protected: list[tuple[int, int]], allowed: Callable[[int], bool]
) -> int:
    """A cut inside the first word, at the last grapheme boundary that fits (never inside an entity)."""
    boundaries = [m.end() for m in _GRAPHEME.finditer(text) if allowed(m.end())]
    best = None
    lo, hi = 0, len(boundaries) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(text[: boundaries[mid]]):
            best, lo = boundaries[mid], mid + 1
        else:
            hi = mid - 1
    if best is None:
        start, end = protected[0] if protected else (0, len(text))
        raise InputError(
            "text",
            f"{text[start:end][:60]!r} is longer than a whole post on this network",
            "shorten it (use a shorter link) or post it separately",
        )
    return best
