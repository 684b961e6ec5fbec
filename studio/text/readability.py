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

from dataclasses import dataclass

import regex

__all__ = ["Readability", "flesch_kincaid"]

_WORD = regex.compile(r"\p{L}+(?:['\u2019-]\p{L}+)*")
_SENTENCE_END = regex.compile(r"[.!?\u2026]+(?=\s|\Z)|\n+")
_VOWELS = regex.compile(r"[aeiouy]+")
_SKIP = regex.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|edu|org|net|gov|ac\.\w\w|io)\S*|[@#]\w+", regex.I)


@dataclass(frozen=True, slots=True)
class Readability:
    """The counts behind a grade, and the grade."""

    words: int
    sentences: int
    syllables: int
    grade: float


def syllables(word: str) -> int:
    """Estimated syllables of one English word (at least 1)."""
    lower = word.lower()
    count = len(_VOWELS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(count, 1)


def flesch_kincaid(text: str) -> Readability:
    """The Flesch-Kincaid grade of `text` (0 words gives grade 0)."""
    plain = _SKIP.sub(" ", text)
    words = _WORD.findall(plain)
    if not words:
        return Readability(0, 0, 0, 0.0)
    ends = list(_SENTENCE_END.finditer(plain.strip()))
    sentences = max(len(ends), 1)
    total = sum(syllables(w) for w in words)
    grade = 0.39 * (len(words) / sentences) + 11.8 * (total / len(words)) - 15.59
    return Readability(len(words), sentences, total, round(grade, 1))
