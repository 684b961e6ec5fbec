"""What every content rule shares about one post: spans found once, and the config's compiled lists."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from studio.platforms import NETWORKS, Network, network_by_id
from studio.text.config import CheckConfig
from studio.text.entities import emoji_spans, hashtag_spans, mention_spans, url_spans
from studio.text.phrases import PhraseIndex, Token, tokens

__all__ = ["EMAIL", "Context", "Raw", "contact_key"]

# One finding before the config's severity is applied: start, end, message, suggestion, default severity.
Raw = tuple[int, int, str, str | None, str]

EMAIL = regex.compile(r"(?<![@\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", regex.IGNORECASE)
_REPLY = regex.compile(r"\A\s*[@\uff20]\w")


@dataclass(frozen=True, slots=True)
class _Compiled:
    jargon: PhraseIndex
    jargon_plain: dict[str, str]
    inappropriate: PhraseIndex
    ids: tuple[tuple[str, regex.Pattern[str]], ...]
    allowed: frozenset[str]
    tag_words: dict[str, str]  # casefolded word -> how to write it in a hashtag


@functools.lru_cache(maxsize=16)
def _compile(config: CheckConfig) -> _Compiled:
    return _Compiled(
        jargon=PhraseIndex(term for term, _ in config.jargon),
        jargon_plain={" ".join(term.casefold().split()): plain for term, plain in config.jargon},
        inappropriate=PhraseIndex(config.inappropriate, suffixes=("s", "es", "ed", "ing")),
        ids=tuple((p.name, regex.compile(p.pattern)) for p in config.id_patterns),
        allowed=frozenset(contact_key(c) for c in config.allowed_contacts),
        tag_words={w.casefold(): (w if w != w.lower() else w.capitalize()) for w in config.hashtag_words},
    )


_SPACE = re.compile(r"\s")


def _emails(text: str) -> list[tuple[int, int]]:
    """E-mail addresses; the pattern runs only on the words around an @ (it is slow across a whole post)."""
    found: list[tuple[int, int]] = []
    at = text.find("@")
    while at >= 0:
        start = at
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        space = _SPACE.search(text, at)
        end = space.start() if space else len(text)
        found += [
            m.span() for m in EMAIL.finditer(text, start, end) if not found or m.start() >= found[-1][1]
        ]
        at = text.find("@", end)
    return found


def contact_key(value: str) -> str:
    digits = regex.sub(r"\D", "", value)
    return digits if "@" not in value and len(digits) >= 5 else value.strip().casefold()


@dataclass(frozen=True, slots=True)
class Context:
    """One post and everything the rules share about it, computed once."""

    text: str
    networks: tuple[Network, ...]
    config: CheckConfig
    help_desk_url: str
    reply: bool
    compiled: _Compiled
    urls: list[tuple[int, int]]
    hashtags: list[tuple[int, int]]
    emoji: list[tuple[int, int]]
    emails: list[tuple[int, int]]
    entities: list[tuple[int, int]]  # links, mentions, hashtags, e-mail addresses: not prose
    words: list[Token]

    @classmethod
    def build(
        cls,
        text: str,
        network_ids: Iterable[str] | None,
        config: CheckConfig,
        help_desk_url: str | None,
        reply: bool | None,
    ) -> Context:
        """Precompute the shared spans for `text`."""
        networks = NETWORKS if network_ids is None else tuple(network_by_id(n) for n in network_ids)
        urls = url_spans(text)
        hashtags = hashtag_spans(text)
        emails = _emails(text)
        entities = sorted(urls + mention_spans(text) + hashtags + emails)
        return cls(
            text=text,
            networks=networks,
            config=config,
            help_desk_url=help_desk_url if help_desk_url is not None else config.help_desk_url,
            reply=bool(_REPLY.match(text)) if reply is None else reply,
            compiled=_compile(config),
            urls=urls,
            hashtags=hashtags,
            emoji=emoji_spans(text),
            emails=emails,
            entities=entities,
            words=tokens(text),
        )

    def in_entity(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a link, mention, hashtag or e-mail address."""
        i = bisect.bisect_left(self.entities, (end, end))
        return any(s < end and start < e for s, e in self.entities[max(i - 8, 0) : i])
