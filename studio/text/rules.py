"""The rules behind `studio.text.checks.check`: each yields (start, end, message, suggestion, severity)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex

from studio.text.context import Context, Raw
from studio.text.privacy import personal_data, support_in_public
from studio.text.readability import flesch_kincaid

__all__ = ["RULES", "Context"]

# An all-caps word of two or more capitals ("E-MAIL" and "DON'T" are one word), and runs of them.
_CAPS = r"\p{Lu}(?:[\p{Lu}\d]|['\u2019-](?=\p{Lu}))*\p{Lu}"
_CAPS_RUN = regex.compile(rf"\b{_CAPS}\b(?:[ \t,;:!&/-]+{_CAPS}\b)*")
_CAPS_WORD = regex.compile(_CAPS)
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "do",
        "down",
        "for",
        "from",
        "go",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "no",
        "not",
        "now",
        "of",
        "off",
        "on",
        "or",
        "our",
        "out",
        "so",
        "the",
        "to",
        "up",
        "us",
        "was",
        "we",
        "will",
        "with",
        "you",
        "your",
        "all",
        "new",
        "get",
    ]
)
_SENTENCE = regex.compile(r"[^.!?\u2026\n]+[.!?\u2026]*")


def _empty(ctx: Context) -> Iterator[Raw]:
    if not ctx.text.strip():
        yield 0, len(ctx.text), "Nothing to post", "Write the post, or remove it from the queue", "error"


def _jargon(ctx: Context) -> Iterator[Raw]:
    for start, end, phrase in ctx.compiled.jargon.find(ctx.text, ctx.words):
        if ctx.in_entity(start, end):
            continue
        plain = ctx.compiled.jargon_plain.get(phrase)
        said = ctx.text[start:end]
        yield start, end, f'"{said}" is IT jargon', f'Say "{plain}"' if plain else None, "warning"


def _inappropriate(ctx: Context) -> Iterator[Raw]:
    for start, end, _ in ctx.compiled.inappropriate.find(ctx.text, ctx.words):
        if not ctx.in_entity(start, end):
            yield (
                start,
                end,
                f'"{ctx.text[start:end]}" does not belong on an institutional account',
                "Rephrase it in the team's voice",
                "warning",
            )


def _shouting(ctx: Context) -> Iterator[Raw]:
    for m in _CAPS_RUN.finditer(ctx.text):
        words = _CAPS_WORD.findall(m[0])
        letters = sum(ch.isalpha() for ch in m[0])
        longest = max(sum(ch.isalpha() for ch in w) for w in words)
        if letters < ctx.config.shouting_min_letters or longest < 5:
            continue
        if ctx.in_entity(*m.span()):
            continue
        calm = _CAPS_WORD.sub(lambda w: _calm(w[0]), m[0])
        calm = calm[0].upper() + calm[1:]
        yield (
            m.start(),
            m.end(),
            "All capitals reads as shouting (and screen readers may spell it out)",
            f'"{calm}"',
            "warning",
        )


def _calm(word: str) -> str:
    return word.lower() if len(word) >= 5 or word.lower() in _SMALL_WORDS else word


def _hashtag_case(ctx: Context) -> Iterator[Raw]:
    minimum = ctx.config.hashtag_case_min_letters
    for start, end in ctx.hashtags:
        body = ctx.text[start + 1 : end]
        letters = [c for c in body if c.isalpha()]
        if len(letters) < minimum or not (body.islower() or body.isupper()):
            continue
        if body.casefold() in ctx.compiled.tag_words:
            continue
        words = _segment(body.casefold(), ctx.compiled.tag_words)
        if words and len(words) > 1:
            suggestion = "#" + "".join(ctx.compiled.tag_words.get(w, w) for w in words)
        else:
            suggestion = "Start each word with a capital (#LikeThis)"
        yield start, end, "Screen readers cannot split a one-case hashtag into words", suggestion, "warning"


def _segment(body: str, vocabulary: dict[str, str]) -> list[str] | None:
    """Split `body` into the fewest known words (digit runs count as words), or None."""
    best: list[list[str] | None] = [None] * (len(body) + 1)
    best[0] = []
    for end in range(1, len(body) + 1):
        for start in range(max(0, end - 20), end):
            head = best[start]
            piece = body[start:end]
            if head is None or not (piece in vocabulary or piece.isdigit()):
                continue
            if best[end] is None or len(head) + 1 < len(best[end] or []):
                best[end] = [*head, piece]
    return best[len(body)]


def _hashtag_count(ctx: Context) -> Iterator[Raw]:
    tags = ctx.hashtags
    for network in ctx.networks:
        cap = network.max_hashtags
        if cap is not None and len(tags) > cap:
            yield (
                tags[cap][0],
                tags[-1][1],
                f"{len(tags)} hashtags: {network.name} allows {cap}",
                f"Keep {cap} or fewer",
                "error",
            )
    limits = {n.name: (n.warn_hashtags or ctx.config.hashtag_max) for n in ctx.networks}
    over = {name: limit for name, limit in limits.items() if len(tags) > limit}
    if over:
        lowest = min(over.values())
        names = ", ".join(name for name, limit in over.items() if limit == lowest)
        yield (
            tags[lowest][0],
            tags[-1][1],
            f"{len(tags)} hashtags; more than {lowest} reads as spam ({names})",
            f"Keep the {lowest} that matter most",
            "warning",
        )


def _emoji_count(ctx: Context) -> Iterator[Raw]:
    limit = ctx.config.emoji_max
    if len(ctx.emoji) > limit:
        yield (
            ctx.emoji[limit][0],
            ctx.emoji[-1][1],
            f"{len(ctx.emoji)} emoji: screen readers read each one's name aloud",
            f"Keep {limit} or fewer, and not in place of words",
            "info",
        )


def _reading_level(ctx: Context) -> Iterator[Raw]:
    score = flesch_kincaid(ctx.text, ctx.entities)
    limit = ctx.config.reading_level
    if score.words < ctx.config.reading_level_min_words or score.grade <= limit:
        return
    longest = max(_SENTENCE.finditer(ctx.text), key=lambda m: len(m[0].split()))
    start = longest.start() + len(longest[0]) - len(longest[0].lstrip())
    yield (
        start,
        longest.end(),
        f"Reading level is grade {score.grade:g} (Flesch-Kincaid); aim for {limit:g} or lower",
        "Use shorter sentences and everyday words; this is the longest sentence",
        "warning",
    )


RULES: dict[str, Callable[[Context], Iterator[Raw]]] = {
    "empty": _empty,
    "personal-data": personal_data,
    "support-in-public": support_in_public,
    "jargon": _jargon,
    "inappropriate": _inappropriate,
    "shouting": _shouting,
    "hashtag-case": _hashtag_case,
    "hashtag-count": _hashtag_count,
    "emoji-count": _emoji_count,
    "reading-level": _reading_level,
}
