"""Find words and phrases from a list (jargon, inappropriate words) by looking words up, not by regex.

A list of ~110 terms as one regular expression is tried at every character; looking each word of the post up
in a dictionary keyed by a term's first word costs one lookup per word. A word is letters/digits joined by
hyphens or apostrophes (`end-of-life` is one word), so a term never matches inside a longer word; the words of
a phrase must be separated by spaces only; matching ignores case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = ["PhraseIndex", "Token", "tokens"]

Token = tuple[int, int, str]  # start, end, casefolded word

_WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")


def tokens(text: str) -> list[Token]:
    """The words of `text` with their character spans, casefolded."""
    folded = text.casefold()
    if len(folded) == len(text):  # nearly always: fold once, not word by word
        return [(m.start(), m.end(), m[0]) for m in _WORD.finditer(folded)]
    return [(m.start(), m.end(), m[0].casefold()) for m in _WORD.finditer(text)]


class PhraseIndex:
    """A word list, looked up word by word; `suffixes` are endings allowed on a phrase's last word."""

    def __init__(self, phrases: Iterable[str], suffixes: tuple[str, ...] = ()) -> None:
        self._suffixes = suffixes
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(w.casefold() for w in phrase.split())
            if words:
                self._by_first.setdefault(words[0], []).append(words)
        # Every first word with each allowed ending, so most words are ruled out by two set lookups.
        self._inflected = {first + ending for first in self._by_first for ending in suffixes}
        for candidates in self._by_first.values():
            candidates.sort(key=len, reverse=True)  # the longest phrase wins: "MFA token" before "MFA"

    def _forms(self, word: str) -> list[str]:
        forms = [word]
        forms += [word[: -len(s)] for s in self._suffixes if word.endswith(s) and len(word) > len(s) + 1]
        return forms

    def find(self, text: str, words: list[Token]) -> Iterator[tuple[int, int, str]]:
        """(start, end, phrase) for each listed phrase in `text`, whose `words` come from `tokens(text)`."""
        by_first = self._by_first
        i = 0
        while i < len(words):
            word = words[i][2]
            if word not in by_first and word not in self._inflected:
                i += 1  # the common case, kept cheap: this runs for every word at every keystroke
                continue
            length = self._match(text, words, i)
            if length:
                phrase = " ".join(w[2] for w in words[i : i + length])
                yield words[i][0], words[i + length - 1][1], phrase
                i += length
            else:
                i += 1

    def _match(self, text: str, words: list[Token], i: int) -> int:
        best = 0
        for form in self._forms(words[i][2]):
            for phrase in self._by_first.get(form, ()):
                n = len(phrase)
                if n <= best or i + n > len(words):
                    continue
                if n == 1:
                    best = 1
                    continue
                if form != words[i][2]:
                    continue  # an ending is only allowed on the last word
                if all(self._next_word(text, words, i + k, phrase[k], k == n - 1) for k in range(1, n)):
                    best = n
        return best

    def _next_word(self, text: str, words: list[Token], j: int, expected: str, last: bool) -> bool:
        start, _, word = words[j]
        if not text[words[j - 1][1] : start].isspace():
            return False
        return word == expected or (last and expected in self._forms(word))
