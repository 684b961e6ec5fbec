"""What Compose needs from the text engine (`studio.text`), as a protocol, and offset helpers for Qt.

The engine counts in Python string indices (code points); Qt's text cursor counts UTF-16 code units, so an
emoji or any character beyond the BMP shifts every later position by one. `Utf16Map` converts both ways.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Protocol

__all__ = ["CountLike", "FindingLike", "TextEngine", "Utf16Map"]


class CountLike(Protocol):
    """One network's count of a text (`studio.text.Count`)."""

    @property
    def network(self) -> str: ...
    @property
    def length(self) -> int: ...
    @property
    def limit(self) -> int: ...
    @property
    def remaining(self) -> int: ...
    @property
    def ok(self) -> bool: ...
    @property
    def overflow_start(self) -> int | None: ...


class FindingLike(Protocol):
    """One content-check finding (`studio.text.Finding`); `start`/`end` are string indices."""

    @property
    def rule(self) -> str: ...
    @property
    def severity(self) -> object: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def message(self) -> str: ...
    @property
    def suggestion(self) -> str | None: ...


class TextEngine(Protocol):
    """The calls Compose makes; the `studio.text` module itself satisfies this."""

    def count_all(self, text: str) -> Mapping[str, CountLike]: ...
    def check(self, text: str) -> Sequence[FindingLike]: ...
    def split(self, text: str, network_id: str, *, numbering: bool = False) -> list[str]: ...


def severity_name(finding: FindingLike) -> str:
    """`error`, `warning` or `info`, whether the engine uses strings or an enum."""
    raw = getattr(finding.severity, "value", finding.severity)
    name = str(raw).lower()
    return name if name in ("error", "warning", "info") else "warning"


class Utf16Map:
    """Converts between string indices and UTF-16 positions of one text."""

    def __init__(self, text: str) -> None:
        # Indices of characters outside the BMP: each takes two UTF-16 units.
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def to_utf16(self, index: int) -> int:
        """The UTF-16 position of string index `index`."""
        return index + bisect_right(self._wide, index - 1)

    def from_utf16(self, position: int) -> int:
        """The string index at UTF-16 position `position` (inside a surrogate pair: that character)."""
        index = position
        for wide in self._wide:
            if self.to_utf16(wide) < position:
                index -= 1
            else:
                break
        return index
