"""Counted nouns for what people read ("1 account", "3 accounts"), instead of "account(s)"."""

from __future__ import annotations

__all__ = ["counted"]


def counted(n: int, word: str, plural: str = "") -> str:
    """`n` and the noun in the right number; `plural` for the irregular ones (default: word + "s")."""
    return f"{n:,} {word if n == 1 else plural or word + 's'}"
