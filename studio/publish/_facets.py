"""STAND-IN until the text engine lands: a minimal finder with the contract of `studio.text.bluesky_facets`.

The text engine (another branch) exports `bluesky_facets(text) -> list[Facet]` with the same frozen `Facet`
(kind "link" | "mention" | "tag", UTF-8 byte offsets, value = URI / handle without "@" / tag without "#").
When it is merged, `studio.publish.bluesky` imports that instead and this module is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

__all__ = ["Facet", "bluesky_facets"]

_LINK = regex.compile(r"https?://[^\s<>\"]+", regex.IGNORECASE)
_MENTION = regex.compile(
    r"(?:^|(?<=[\s(]))@([a-zA-Z0-9](?:[a-zA-Z0-9.-]*[a-zA-Z0-9])?\.[a-zA-Z][a-zA-Z0-9-]*)"
)
_TAG = regex.compile(r"(?:^|(?<=\s))#([^\s#\p{P}\d][^\s#]*)")
_TRAILING = ".,;:!?)\"'"


@dataclass(frozen=True, slots=True)
class Facet:
    """A link, mention or tag in a post, located by UTF-8 byte offsets (end exclusive)."""

    kind: str
    byte_start: int
    byte_end: int
    value: str


def bluesky_facets(text: str) -> list[Facet]:
    """Links, mentions and tags in `text`, in order of position."""
    found: list[tuple[int, int, str, str]] = []
    for match in _LINK.finditer(text):
        uri = match.group(0).rstrip(_TRAILING)
        found.append((match.start(), match.start() + len(uri), "link", uri))
    for match in _MENTION.finditer(text):
        handle = match.group(1).rstrip(".-")
        found.append((match.start(), match.start() + 1 + len(handle), "mention", handle))
    for match in _TAG.finditer(text):
        tag = match.group(1).rstrip(_TRAILING)
        if tag:
            found.append((match.start(), match.start() + 1 + len(tag), "tag", tag))
    facets: list[Facet] = []
    end = -1
    for start, stop, kind, value in sorted(found):
        if start < end:  # a "#" or "@" inside a URL belongs to the URL
            continue
        facets.append(Facet(kind, _bytes(text, start), _bytes(text, stop), value))
        end = stop
    return facets


def _bytes(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))
