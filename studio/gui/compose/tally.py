"""Each network's count of the text it gets: the main text, or its own.

A keystroke recounts only the text being typed; the other texts' counts are kept until they change, so a
post with a text per network costs no more per keystroke than one with a single text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from studio.gui.compose.engine import CountLike, TextEngine

__all__ = ["Tally"]


class Tally:
    """Counts per network, each of the text that network gets."""

    def __init__(self, engine: TextEngine) -> None:
        self._engine = engine
        self._main: tuple[str, Mapping[str, CountLike]] | None = None
        self._own: dict[str, tuple[str, CountLike]] = {}

    def counts(self, main: str, own: Mapping[str, str], networks: Sequence[str]) -> dict[str, CountLike]:
        """Every network's count (those in `networks` with an own text, counted on it)."""
        if self._main is None or self._main[0] != main:
            self._main = (main, self._engine.count_all(main))
        merged = dict(self._main[1])
        for network in networks:
            text = own.get(network)
            if not text:
                continue
            kept = self._own.get(network)
            if kept is None or kept[0] != text:
                count = self._engine.count_all(text).get(network)
                if count is None:
                    continue
                kept = self._own[network] = (text, count)
            merged[network] = kept[1]
        return merged
