"""Bluesky rich-text facets: links, mentions and hashtags with UTF-8 byte offsets.

Follows the detection rules of Bluesky's own client library (`@atproto/api` rich text):
- a mention is `@` plus a handle with a known top-level domain, after the start, a space or `(`;
- a link starts with `http(s)://`, or is a bare domain with a known TLD (then `https://` is added); a
  trailing `.,;!?` (and an unmatched `)`) is left out;
- a tag is `#` plus up to 64 characters that are not all digits, trailing punctuation left out.
Known TLDs are twitter-text's list (`assets/text/twitter-tlds.txt`). Offsets are UTF-8 byte offsets into
the text, as the `app.bsky.richtext.facet` lexicon requires; where two would overlap, the one that starts
first is kept. Mention handles are resolved to DIDs by the publisher.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import regex

from studio.text._assets import ASSETS_DIR

__all__ = ["Facet", "bluesky_facets"]

FacetKind = Literal["link", "mention", "tag"]


@dataclass(frozen=True, slots=True)
class Facet:
    """One facet: `value` is the URI (link), the handle without "@" (mention) or the tag without "#"."""

    kind: FacetKind
    byte_start: int
    byte_end: int
    value: str


# ASCII word boundaries, as in the JavaScript original: "@ann.bsky.social日本" ends before "日".
_MENTION = regex.compile(r"(?:^|(?<=[\s(]))@([a-zA-Z0-9.-]+)\b", regex.ASCII)
_LINK = regex.compile(
    r"(?:^|(?<=[\s(]))(?:https?://\S+|(?P<domain>[a-z][a-z0-9]*(?:\.[a-z0-9]+)+)\S*)", regex.IGNORECASE
)
_TAG_STOP = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
_TAG = regex.compile(
    rf"(?:^|(?<=\s))[#\uff03](?!\ufe0f)([^\s{_TAG_STOP}]*[^\d\s\p{{P}}{_TAG_STOP}]+[^\s{_TAG_STOP}]*)"
)
_TRAILING_PUNCT = regex.compile(r"\p{P}+\Z")
_MAX_TAG = 64


@functools.cache
def _tlds() -> frozenset[str]:
    lines = (ASSETS_DIR / "twitter-tlds.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and line[0] not in "#[")


def _valid_domain(name: str) -> bool:
    # Case-sensitive, as Bluesky's client checks it: `example.COM` is not made a link.
    head, dot, tld = name.rpartition(".")
    return bool(head and dot) and (tld in _tlds() or tld == "test")


def bluesky_facets(text: str) -> list[Facet]:
    """Facets for `text`, sorted by position; the byte offsets index `text.encode("utf-8")`."""
    spans: list[tuple[int, int, FacetKind, str]] = []
    for match in _MENTION.finditer(text):
        if _valid_domain(match[1]):
            spans.append((match.start(), match.end(), "mention", match[1]))
    for match in _LINK.finditer(text):
        uri, start, end = match[0], match.start(), match.end()
        domain = match["domain"]
        if not uri.lower().startswith("http"):
            if not domain or not _valid_domain(domain):
                continue
            uri = "https://" + uri
        if uri[-1] in ".,;:!?":
            uri, end = uri[:-1], end - 1
        if uri.endswith(")") and "(" not in uri:
            uri, end = uri[:-1], end - 1
        spans.append((start, end, "link", uri))
    for match in _TAG.finditer(text):
        tag = _TRAILING_PUNCT.sub("", match[1])
        if not tag or _utf16_len(tag) > _MAX_TAG:  # measured as JavaScript does, in UTF-16 units
            continue
        start = match.start()
        spans.append((start, start + 1 + len(tag), "tag", tag))
    spans.sort()
    kept: list[tuple[int, int, FacetKind, str]] = []
    for span in spans:
        # "https://x.edu/a(@b.bsky.social" yields a link and a mention over the same bytes; facets may not
        # overlap, so the one that starts first wins.
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return [
        Facet(kind, _byte_offset(text, start), _byte_offset(text, end), value)
        for start, end, kind, value in kept
    ]


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))
