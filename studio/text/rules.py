"""The rules behind `studio.text.checks.check`: each yields (start, end, message, suggestion, severity)."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import regex

from studio.platforms import NETWORKS, Network, network_by_id
from studio.text.config import CheckConfig
from studio.text.entities import emoji_spans, hashtag_spans, mention_spans, url_spans
from studio.text.phrases import PhraseIndex, Token, tokens
from studio.text.readability import flesch_kincaid

__all__ = ["RULES", "Context"]

Raw = tuple[int, int, str, str | None, str]

_EMAIL = regex.compile(r"(?<![@\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", regex.IGNORECASE)
_PHONE = regex.compile(
    r"(?<![\w/.:+-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,6}){1,4}(?![\w/:-]|[.,]\d)"
)
_DATE = regex.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}\s*[-\u2013]\s*\d{2,4}")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4 = regex.compile(rf"(?<![\w.])(?:{_OCTET}\.){{3}}{_OCTET}(?![\w]|\.\d)")
_IPV6 = regex.compile(
    r"(?<![\w:])(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}(?![\w:])"
    r"|(?<![\w:])[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?(?![\w:])",
    regex.IGNORECASE,
)
_IPV6_HINT = regex.compile(r":[0-9a-f]{1,4}:[0-9a-f]{1,4}:", regex.IGNORECASE)
_SECRET_KEY = regex.compile(
    r"(?:\w*token\w*|\w*session\w*|sid|jsessionid|phpsessid|auth\w*|code|key|api_?key|access_?key|password|"
    r"passwd|pwd|secret|client_secret|signature|sig|ticket|otp|saml\w*)",
    regex.IGNORECASE,
)
_ASK = regex.compile(
    r"\b(?:send|dm|message|give|tell|share|post|e-?mail|reply with|drop)\b"
    r"(?:\s+[\w']+){0,4}?\s+(?:your|ur)\s+"
    r"(?:(?:current|old|new|full)\s+)?(?:password|passcode|pin|login details|credentials|mfa code|"
    r"verification code|one-time code|2fa code|security code|auth code|student (?:id|number)|"
    r"staff (?:id|number)|id number|date of birth|dob|account (?:number|details|info)|username|user name)\b"
    r"|\bwhat(?:'s|\u2019s|\s+is)\s+your\s+"
    r"(?:password|pin|passcode|username|student (?:id|number)|date of birth)\b",
    regex.IGNORECASE,
)
_WALKTHROUGH = regex.compile(
    r"\b(?:try|please|you (?:can|could|should|need to|have to)|just|then|first)\s+"
    r"(?:clearing|clear|restarting|"
    r"restart|resetting|reset|reinstalling|reinstall|uninstalling|uninstall|deleting|delete|removing|remove|"
    r"logging out|log out|signing out|sign out|rebooting|reboot|forgetting|forget|re-?entering|re-?enter|"
    r"disabling|disable|turning off|turn off|turning it off)\b"
    r"|\b(?:go to|open|click(?: on)?|tap(?: on)?|navigate to)\s+(?:the\s+)?"
    r"(?:settings|preferences|control panel)\b"
    r"|\bclear (?:your|the) (?:cache|cookies|browser)\b",
    regex.IGNORECASE,
)
# A numbered step at the start of a line, or right after the mention that opens a reply.
_STEP = regex.compile(
    r"(?:(?<=\n)|(?<=\A\s*[@\uff20][\w.@-]+\s+)|\A)[ \t]*(?:step\s*)?[1-9][.)][ \t]+\S[^\n]*", regex.I
)
_REPLY = regex.compile(r"\A\s*[@\uff20]\w")
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
        allowed=frozenset(_contact_key(c) for c in config.allowed_contacts),
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
            m.span() for m in _EMAIL.finditer(text, start, end) if not found or m.start() >= found[-1][1]
        ]
        at = text.find("@", end)
    return found


def _contact_key(value: str) -> str:
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


def _empty(ctx: Context) -> Iterator[Raw]:
    if not ctx.text.strip():
        yield 0, len(ctx.text), "Nothing to post", "Write the post, or remove it from the queue", "error"


def _personal_data(ctx: Context) -> Iterator[Raw]:
    text, allowed = ctx.text, ctx.compiled.allowed
    fix = "Remove it; if the person needs help, continue at the help desk"
    taken: list[tuple[int, int]] = []
    for start, end in ctx.emails:
        if _contact_key(text[start:end]) not in allowed:
            taken.append((start, end))
            yield start, end, "E-mail address in a public post", fix, "error"
    patterns = [_IPV4] if "." in text else []
    if "::" in text or _IPV6_HINT.search(text):
        patterns.append(_IPV6)
    for pattern in patterns:
        for m in pattern.finditer(text):
            if not ctx.in_entity(*m.span()) or any(s <= m.start() < e for s, e in ctx.urls):
                taken.append(m.span())
                yield m.start(), m.end(), "IP address in a public post", "Leave it out", "error"
    for name, pattern in ctx.compiled.ids:
        for m in pattern.finditer(text):
            taken.append(m.span())
            yield m.start(), m.end(), f"Looks like a {name}", fix, "error"
    for m in _PHONE.finditer(text):
        digits = sum(c.isdigit() for c in m[0])
        if not 7 <= digits <= 15 or _DATE.fullmatch(m[0]) or ctx.in_entity(*m.span()):
            continue
        if _contact_key(m[0]) in allowed or any(s < m.end() and m.start() < e for s, e in taken):
            continue
        yield m.start(), m.end(), "Phone number in a public post", fix, "error"
    for start, end in ctx.urls:
        key = _secret_in_url(text[start:end])
        if key:
            yield (
                start,
                end,
                f"This link carries a token or session id ({key}=…): whoever opens it may act as that person",
                "Share the page's plain address, without the query",
                "error",
            )


def _secret_in_url(url: str) -> str | None:
    parts = urlsplit(url if "://" in url else "https://" + url)
    pairs = parse_qsl(parts.query, keep_blank_values=True) + parse_qsl(parts.fragment, keep_blank_values=True)
    pairs += [tuple(p.split("=", 1)) for p in parts.path.split(";")[1:] if "=" in p]  # type: ignore[misc]
    for key, value in pairs:
        if value and _SECRET_KEY.fullmatch(key):
            return str(key)
    return None


def _support(ctx: Context) -> Iterator[Raw]:
    where = (
        f"the help desk: {ctx.help_desk_url}"
        if ctx.help_desk_url
        else "the help desk (set help_desk_url in the kit)"
    )
    for m in _ASK.finditer(ctx.text):
        yield (
            m.start(),
            m.end(),
            "Asks for a password, code or account details in public",
            f"Never ask for these; answer kindly and point to {where}",
            "error",
        )
    if not ctx.reply:
        return
    steps = list(_STEP.finditer(ctx.text))
    if len(steps) >= 2:
        yield (
            steps[0].start() + len(steps[0][0]) - len(steps[0][0].lstrip()),
            steps[-1].end(),
            "Numbered steps for one person's problem, in public",
            f"Answer kindly and move the case to {where}",
            "warning",
        )
    for m in _WALKTHROUGH.finditer(ctx.text):
        start = m.start() + (len(m[0]) - len(m[0].lstrip()))
        yield (
            start,
            m.end(),
            "Walks a person through a fix in public",
            f"Answer kindly and move the case to {where}",
            "warning",
        )


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
    "personal-data": _personal_data,
    "support-in-public": _support,
    "jargon": _jargon,
    "inappropriate": _inappropriate,
    "shouting": _shouting,
    "hashtag-case": _hashtag_case,
    "hashtag-count": _hashtag_count,
    "emoji-count": _emoji_count,
    "reading-level": _reading_level,
}
