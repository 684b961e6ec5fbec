"""Reading level: the Flesch-Kincaid grade of a post.

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

Words are runs of letters (apostrophes and hyphens inside count as one word); links, mentions, hashtags and
emoji are left out. Sentences end at `.`, `!`, `?`, `…` or a line break after text; a text without an end
counts as one sentence. Syllables are counted with the usual English heuristic: groups of vowels
(a e i o u y), less a silent final "e" (but not "-le"), at least one per word. It is an estimate, meant to
flag long
sentences and long words, not to grade a text exactly.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Readability", "flesch_kincaid"]

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?\u2026]+(?=\s|\Z)|\n+")
_VOWELS = re.compile(r"[aeiouy]+")
# Links, addresses, mentions and hashtags are not prose: a token with one of these is left out.
_MAYBE_NOT_PROSE = re.compile(r"://|[@#\uff20\uff03]|\w\.\w")
_NOT_PROSE = re.compile(r"\S*(?:://|[@#\uff20\uff03]|\w\.\w)\S*")


@dataclass(frozen=True, slots=True)
class Readability:
    """The counts behind a grade, and the grade."""

    words: int
    sentences: int
    syllables: int
    grade: float


@functools.lru_cache(maxsize=8192)
def syllables(word: str) -> int:
    """Estimated syllables of one English word (at least 1)."""
    lower = word.lower()
    count = len(_VOWELS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(count, 1)


def flesch_kincaid(text: str, skip: Sequence[tuple[int, int]] | None = None) -> Readability:
    """The Flesch-Kincaid grade of `text` (0 words gives grade 0).

    `skip` gives the spans of links, mentions and hashtags when the caller has found them already;
    otherwise words holding `://`, `@`, `#` or a dot between letters are left out.
    """
    if skip is not None:
        pieces, pos = [], 0
        for start, end in sorted(skip):
            pieces.append(text[pos:start])
            pos = max(pos, end)
        plain = " ".join([*pieces, text[pos:]])
    else:
        plain = _NOT_PROSE.sub(" ", text) if _MAYBE_NOT_PROSE.search(text) else text
    words = _WORD.findall(plain)
    if not words:
        return Readability(0, 0, 0, 0.0)
    ends = list(_SENTENCE_END.finditer(plain.strip()))
    sentences = max(len(ends), 1)
    total = sum(map(syllables, words))
    grade = 0.39 * (len(words) / sentences) + 11.8 * (total / len(words)) - 15.59
    return Readability(len(words), sentences, total, round(grade, 1))
