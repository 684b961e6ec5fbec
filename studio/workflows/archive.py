"""Searching the archive of published posts: plain words by default, FTS5 syntax when asked."""

from __future__ import annotations

import re

from studio.errors import InputError
from studio.store import Store
from studio.store.archive import ArchiveEntry

__all__ = ["plain_query", "search_archive"]

_WORD = re.compile(r"\w+", re.UNICODE)


def plain_query(text: str) -> str:
    """Plain words as an FTS5 query: every word must appear (any order); the last one may be a prefix.

    Quoting each word keeps FTS5 operators (AND, NOT, `-`, `:`) in the user's text from meaning anything.
    """
    words = _WORD.findall(text)
    if not words:
        raise InputError(f"search {text!r}", "has no words to look for", "give a word or two")
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def search_archive(store: Store, text: str, *, raw: bool = False, limit: int = 50) -> list[ArchiveEntry]:
    """Published deliveries matching `text` (plain words, or FTS5 syntax with `raw`), best first."""
    if limit < 1:
        raise InputError(f"--limit {limit}", "must be 1 or more", "give how many results to show")
    return store.archive.search(text if raw else plain_query(text), limit=limit)
