"""Split a long text into a thread whose every part fits one network.

Cuts are made at paragraph breaks, then sentence ends (and line breaks), then spaces; a paragraph or sentence
break wins over a fuller word-level cut as long as its part is at least half as long. A cut never falls inside
a link, mention, hashtag, emoji sequence or grapheme. Only a single word longer than a whole post is broken
inside (at a grapheme boundary); a link, mention or hashtag that alone cannot fit is an `InputError`.
A line holding only `---` (three or more dashes) is an explicit split the user typed, and is always honoured.
With `numbering`, each part ends with " i/n", counted inside the budget; a single part is not numbered.
CRLF and CR line ends are read as LF first (`normalize_line_ends`), so no part carries a carriage return.

The work grows linearly with the text (a megabyte splits in about a second): cut candidates and entities
are found once per chunk, and each part is searched near where it should end, never over the whole rest.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import regex

from studio.errors import InputError
from studio.platforms import network_by_id
from studio.text.counting import count
from studio.text.entities import protected_spans
from studio.text.intake import check_size, normalize_line_ends

__all__ = ["SPLIT_MARKER", "parts_for", "split"]

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

    stripped = [chunk.strip() for chunk in _MARKER.split(normalize_line_ends(text))]
    chunks = [_Chunk(chunk) for chunk in stripped if chunk]  # found once for every pass below
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


class _Chunk:
    """A stripped text without marker lines, with its entities and the places each pattern allows a cut."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.protected = protected_spans(text)
        self._starts = [s for s, _ in self.protected]
        self.words, self.paragraphs, self.sentences = (
            _Cuts(text, pattern, self.allowed) for pattern in (_SPACE, _PARAGRAPH, _SENTENCE)
        )
        self.words.add_end(len(text))

    def allowed(self, pos: int) -> bool:
        """Whether a cut at `pos` leaves every link, mention, hashtag and emoji whole."""
        i = bisect.bisect_right(self._starts, pos - 1) - 1
        return not (i >= 0 and self.protected[i][0] < pos < self.protected[i][1])


def _split_chunk(found: _Chunk, fits: _Fits) -> list[str]:
    """The parts of one chunk, in linear time.

    Each part is searched near where it should end (as far as the previous part reached): the search steps
    outward by doubling and bisects the last step, so every candidate part it counts is about as long as
    the part it makes.
    """
    chunk = found.text
    parts = []
    start, reach = 0, 0
    while start < len(chunk):
        best = _best_cut(chunk, start, reach, fits, found.words, (found.paragraphs, found.sentences))
        if best is None:
            cuts = _hard_cuts(chunk, start, reach, fits, found.protected, found.allowed)
            reach = cuts[-1] - (cuts[-2] if len(cuts) > 1 else start)
        else:
            cuts = [best[0]]
            reach = best[1] - start  # the fullest cut: where the next part's search starts
        for cut in cuts:
            parts.append(chunk[start:cut].rstrip())
            start = cut
        while start < len(chunk) and chunk[start].isspace():
            start += 1
    return parts


class _Cuts:
    """Where one pattern allows a cut in a chunk: the ends of its matches, with the matches' starts."""

    def __init__(self, chunk: str, pattern: regex.Pattern[str], allowed: Callable[[int], bool]) -> None:
        matches = [m.span() for m in pattern.finditer(chunk) if m.start() > 0 and allowed(m.start())]
        self.starts = [s for s, _ in matches]
        self.ends = [e for _, e in matches]

    def add_end(self, end: int) -> None:
        """The end of the chunk is a cut too: the last part ends there."""
        if not self.ends or self.ends[-1] < end:
            self.starts.append(end)
            self.ends.append(end)

    def after(self, start: int) -> int:
        """Index of the first cut whose match starts after `start` (a part never starts with its cut)."""
        first = bisect.bisect_right(self.ends, start)
        while first < len(self.ends) and self.starts[first] <= start:
            first += 1
        return first


def _best_cut(
    text: str, start: int, reach: int, fits: _Fits, words: _Cuts, preferred: tuple[_Cuts, ...]
) -> tuple[int, int] | None:
    """The cut that ends the part starting at `start`, and the fullest word-level cut; None: no word fits."""

    def part_fits(cut: int) -> bool:
        return fits(text[start:cut].rstrip())

    ends = words.ends
    first = words.after(start)
    guess = bisect.bisect_right(ends, start + reach) - 1
    last = _last_fitting(lambda i: ends[i] if i < len(ends) else None, first, guess, part_fits)
    if last is None:
        return None
    word = ends[last]
    if word == len(text):
        return word, word
    full = len(text[start:word].rstrip())
    for cuts in preferred:
        # A preferred cut ends a space too, so its part is the word-level part cut short at a word's end:
        # it fits, as any shorter part does (counting it again would cost a third of the work).
        first, last = cuts.after(start), bisect.bisect_right(cuts.ends, word)
        if first < last:
            cut = cuts.ends[last - 1]
            if len(text[start:cut].rstrip()) >= _PREFERRED_FILL * full:
                return cut, word
    return word, word


def _last_fitting(
    position: Callable[[int], int | None], first: int, guess: int, fits: Callable[[int], bool]
) -> int | None:
    """The index (`first` or later) of the last position that fits; None when not even the first fits.

    `position(i)` is None past the last one. What fits only shrinks as the position moves on, so the search
    steps from `guess` by doubling (up while it fits, down while it does not) until the answer is
    bracketed, then bisects: the parts it counts are about as long as the part it finds.
    """

    def ok(index: int) -> bool:
        at = position(index)
        return at is not None and fits(at)

    good = bad = max(guess, first)
    step = 1
    if ok(good):
        while ok(good + step):  # up: `good` fits
            good, step = good + step, step * 2
        bad = good + step
    else:
        while True:  # down: `bad` does not fit
            if bad - step < first:
                good = first - 1
                break
            if ok(bad - step):
                good = bad - step
                break
            bad, step = bad - step, step * 2
    while bad - good > 1:
        mid = (good + bad) // 2
        if ok(mid):
            good = mid
        else:
            bad = mid
    return good if good >= first else None


def _hard_cuts(
    text: str,
    start: int,
    reach: int,
    fits: _Fits,
    protected: list[tuple[int, int]],
    allowed: Callable[[int], bool],
) -> list[int]:
    """Cuts inside the first word, each at the last grapheme boundary that fits (never inside an entity).

    The word is cut into full parts until its rest fits, which is left to start the next part. Only the
    boundaries the search reaches are found, and each part is searched from its own start: a word may be
    a megabyte long.
    """
    word_end = _SPACE.search(text, start)
    stop = word_end.start() if word_end else len(text)
    found = (m.end() for m in _GRAPHEME.finditer(text, start, stop) if allowed(m.end()))
    boundaries: list[int] = []

    def boundary(index: int) -> int | None:
        while len(boundaries) <= index:
            nxt = next(found, None)
            if nxt is None:
                return None
            boundaries.append(nxt)
        return boundaries[index]

    cuts: list[int] = []
    first, size = 0, max(reach, 1)  # a part's boundaries start at `first`; `size`: the last part's count
    while True:
        piece = boundaries[first - 1] if first else start

        def piece_fits(cut: int, at: int = piece) -> bool:
            return fits(text[at:cut])

        last = _last_fitting(boundary, first, first + size - 1, piece_fits)
        if last is None:
            break
        if boundaries[last] == stop:
            return cuts or [stop]  # the rest of the word fits: it starts the next part
        cuts.append(boundaries[last])
        first, size = last + 1, last + 1 - first
    if cuts:
        return cuts
    i = bisect.bisect_right([end for _, end in protected], start)
    span = protected[i] if i < len(protected) and protected[i][0] <= stop else (start, stop)
    raise InputError(
        "text",
        f"{text[span[0] : span[1]][:60]!r} is longer than a whole post on this network",
        "shorten it (use a shorter link) or post it separately",
    )


def parts_for(
    text: str, network_id: str, *, limit: int | None = None, url_length: int | None = None
) -> tuple[str, ...]:
    """What a post becomes on `network_id`.

    A numbered thread where the network has threads and the text does not fit or has `---` marker lines;
    otherwise the text as one post, its marker lines turned into paragraph breaks. A text longer than any
    network takes is an InputError (`check_size`); line ends are read as LF.
    """
    check_size(text)
    text = normalize_line_ends(text)
    if network_by_id(network_id).threads:
        parts = split(text, network_id, numbering=True, limit=limit, url_length=url_length)
        return tuple(parts) if parts else (text.strip(),)
    chunks = [chunk.strip() for chunk in _MARKER.split(text)]
    return ("\n\n".join(chunk for chunk in chunks if chunk),)
