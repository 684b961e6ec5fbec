"""Find links, mentions, hashtags and emoji the way the networks' own code does.

Links follow twitter-text's extractor (its regular expressions and top-level-domain list, which Mastodon's
server also uses): a link needs a known TLD; `example.com` counts even without a scheme; a host label longer
than 63 characters (after punycode) is not a link. Emoji are recommended (RGI) emoji, as twitter-text's
emoji list has them: a ZWJ sequence, flag or tag sequence Unicode does not recommend is its parts.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

import regex

from studio.text import _rgi_emoji
from studio.text._assets import ASSETS_DIR

__all__ = [
    "emoji_spans",
    "hashtag_spans",
    "mention_spans",
    "protected_spans",
    "trie_pattern",
    "url_spans",
]

_TLD_FILE = ASSETS_DIR / "twitter-tlds.txt"

# Character groups of twitter-text (conformance/tld_lib.yml and its regexp/ folder describe them).
_INVALID = "\ufffe\ufeff\uffff"
_DIRECTIONAL = "\u202a-\u202e\u061c\u200e\u200f\u2066-\u2069"
_SPACES = "\x09-\x0d\x20\x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_PUNCT = r"!'#%&()*+,\\\-./:;<=>?@\[\]^_{|}~$"
_LATIN_ACCENTS = (
    "\xc0-\xd6\xd8-\xf6\xf8-\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263\u0268\u026f"
    "\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_CYRILLIC = "\u0400-\u04ff"
_MAX_URL_LENGTH = 4096
_MAX_LABEL = 63


def _load_tlds() -> list[str]:
    tlds = []
    for line in _TLD_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "[")):
            tlds.append(line)
    return sorted(set(tlds))


_Trie = dict[str, "_Trie"]


def trie_pattern(words: Iterable[str], space: str = " ") -> str:
    """One alternation shaped as a prefix tree: the same matches, longest first, far less backtracking."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: _Trie) -> str:
        branches = [
            (space if c == " " else regex.escape(c)) + render(child) for c, child in sorted(node.items()) if c
        ]
        if "" in node:
            branches.append("")  # the word may end here: tried after every longer one
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return render(trie)


@functools.cache
def _tld_pattern() -> str:
    return "(?:" + trie_pattern(_load_tlds()) + r"(?=[^0-9a-zA-Z@+-]|\Z))"


@functools.cache
def _url_regex() -> regex.Pattern[str]:
    domain_char = f"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
    tld = _tld_pattern()
    punycode = r"(?:xn--[\-0-9a-z]+)"
    subdomain = f"(?:(?:{domain_char}(?:[_-]|{domain_char})*)?{domain_char}\\.)"
    domain_name = f"(?:(?:{domain_char}(?:-|{domain_char})*)?{domain_char}\\.)"
    domain = f"(?:{subdomain}*{domain_name}(?:{tld}|{punycode}))"
    path_char = f"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~@|&{_LATIN_ACCENTS}]"
    parens = f"\\((?:{path_char}+|(?:{path_char}*\\({path_char}+\\){path_char}*))\\)"
    path_end = f"(?:[+\\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]|(?:{parens}))"
    path = f"(?:(?:{path_char}*(?:{parens}{path_char}*)*{path_end})|(?:@{path_char}+/))"
    query_char = r"[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]"
    query_end = r"[a-z0-9\-_&=#/]"
    preceding = f"(?:[^A-Za-z0-9@\uff20$#\uff03{_INVALID}]|[{_DIRECTIONAL}]|^)"
    pattern = (
        f"(?P<before>{preceding})"
        f"(?P<url>(?P<scheme>https?://)?(?P<domain>{domain})(?::[0-9]+)?"
        f"(?P<path>/{path}*)?(?:\\?{query_char}*{query_end})?)"
    )
    return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)


@functools.cache
def _ascii_domain_regex() -> regex.Pattern[str]:
    tld = _tld_pattern()
    return regex.compile(
        f"(?:(?:[\\-a-z0-9{_LATIN_ACCENTS}]+)\\.)+(?:{tld}|(?:xn--[\\-0-9a-z]+))", regex.IGNORECASE
    )


_TCO = regex.compile(
    r"^https?://t\.co/([a-z0-9]+)(?:\?[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/])?", regex.I
)
_NO_SCHEME_BAD_BEFORE = regex.compile(r"[-_./]\Z")


def _punycode_ok(domain: str) -> int | None:
    """The domain's length once punycode-encoded, or None when a label is empty or too long."""
    total = 0
    for label in domain.split("."):
        encoded = label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        if not 1 <= len(encoded) <= _MAX_LABEL:
            return None
        total += len(encoded) + 1
    return total - 1


# A link never contains a space, so the full expression only runs on space-free words with a dot and a letter.
_WORDS = re.compile(f"[^{_SPACES}]+")
_DOT_LETTER = re.compile(r"\.[^\W\d_]")


_Spans = tuple[tuple[int, int], ...]
# The composer counts every network and runs every check on the same text at each keystroke: remember the
# last few texts' entities rather than finding them again for each network and rule.
_CACHE = 64


def url_spans(text: str, *, without_scheme: bool = True) -> list[tuple[int, int]]:
    """Character spans of the links twitter-text extracts (schemeless ones only if `without_scheme`)."""
    return list(_url_spans(text, without_scheme))


@functools.lru_cache(maxsize=_CACHE)
def _url_spans(text: str, without_scheme: bool) -> _Spans:
    if "." not in text:
        return ()
    spans = []
    for word in _WORDS.finditer(text):
        if "." in word[0] and _DOT_LETTER.search(word[0]):
            base = word.start()
            links = _word_links(word[0], base == 0)
            spans += [(base + s, base + e) for s, e, scheme in links if scheme or without_scheme]
    return tuple(spans)


@functools.lru_cache(maxsize=4096)
def _word_links(word: str, at_start: bool) -> tuple[tuple[int, int, bool], ...]:
    """Links in one space-free word (offsets into the word), each with whether it has a scheme.

    A link never spans a space, so a post's links are its words' links; between keystrokes only the word
    being typed changes, and the others come from this cache. A word inside the post has a space before it;
    the first word has the start of the text, where twitter-text's "preceding character" may be the word's
    own first character (`éx.com` at the start is the link `x.com`).
    """
    shift = 0 if at_start else 1
    text = word if at_start else " " + word
    links: list[tuple[int, int, bool]] = []
    for match in _url_regex().finditer(text):
        url, domain, start, end = match["url"], match["domain"], match.start("url"), match.end("url")
        encoded = _punycode_ok(domain)
        if encoded is None or len(url) + encoded - len(domain) + 8 > _MAX_URL_LENGTH:
            continue
        if match["scheme"]:
            tco = _TCO.match(url)
            if tco:
                if len(tco[1]) > 40:
                    continue
                end = start + tco.end()
            links.append((start - shift, end - shift, True))
            continue
        if _NO_SCHEME_BAD_BEFORE.search(match["before"]):
            continue
        # Without a scheme only ASCII domains count, and only the ASCII part.
        offset = match.start("domain") - shift
        found = list(_ascii_domain_regex().finditer(domain))
        if not found:
            continue
        links += [(offset + item.start(), offset + item.end(), False) for item in found[:-1]]
        last = found[-1]
        links.append((offset + last.start(), end - shift if match["path"] else offset + last.end(), False))
    return tuple(links)


_EMOJI_CORE = (
    r"(?:[\u00a9\u00ae\u2122]\ufe0f|(?![\u00a9\u00ae\u2122])\p{Extended_Pictographic}|\p{Emoji_Presentation})"
)
_TONES = "\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff"


def _rgi_sequences() -> list[str]:
    """Every RGI ZWJ sequence, flag and subdivision flag (`_rgi_emoji` holds them as templates)."""

    def chars(template: str, tones: tuple[str, ...]) -> str:
        filled = iter(tones)
        return "".join(next(filled) if code == "T" else chr(int(code, 16)) for code in template.split())

    sequences = []
    for templates, distinct in ((_rgi_emoji.ZWJ_EVERY_TONE, False), (_rgi_emoji.ZWJ_DISTINCT_TONES, True)):
        for template in (t.strip() for t in templates.split(",")):
            slots = template.split().count("T")
            for tones in itertools.product(_TONES, repeat=slots):
                if not (distinct and len(set(tones)) < slots):
                    sequences.append(chars(template, tones))
    sequences += [
        "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in r) for r in _rgi_emoji.FLAG_REGIONS.split()
    ]
    sequences += [
        "\U0001f3f4" + "".join(chr(0xE0000 + ord(c)) for c in name) + "\U000e007f"
        for name in _rgi_emoji.SUBDIVISION_FLAGS
    ]
    return sequences


# Runs that may hold emoji (any ZWJ sequence, any tags, any run of regional indicators)...
_EMOJI_RUN = regex.compile(
    r"[0-9#*]\ufe0f?\u20e3"
    r"|\p{Regional_Indicator}+"
    rf"|{_EMOJI_CORE}(?:\ufe0f|\p{{Emoji_Modifier}}|[\U000e0020-\U000e007f])*"
    rf"(?:\u200d{_EMOJI_CORE}(?:\ufe0f|\p{{Emoji_Modifier}})*)*"
)
# ...and one emoji that is not a recommended sequence: a keycap, a skin tone on a base that takes one, or
# one emoji character with its variation selector.
_SINGLE_EMOJI = regex.compile(
    r"[0-9#*]\ufe0f?\u20e3"
    r"|\p{Emoji_Modifier_Base}\p{Emoji_Modifier}"
    rf"|{_EMOJI_CORE}\ufe0f?"
    r"|\p{Regional_Indicator}"
)


@functools.cache
def _rgi_set() -> tuple[frozenset[str], int]:
    """The recommended sequences, and the length of the longest."""
    sequences = frozenset(_rgi_sequences())
    return sequences, max(map(len, sequences))


def _split_run(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The emoji in text[start:end] as twitter-text's emoji list finds them.

    At each place the longest recommended sequence is one emoji, else a single emoji; what is neither (a
    ZWJ, a tag) is no emoji and is weighed on its own.
    """
    rgi, longest = _rgi_set()
    if text[start:end] in rgi:
        return [(start, end)]
    spans = []
    pos = start
    while pos < end:
        size = next(
            (n for n in range(min(longest, end - pos), 1, -1) if text[pos : pos + n] in rgi),
            None,
        )
        if size is None:
            single = _SINGLE_EMOJI.match(text, pos, end)
            if single is None:
                pos += 1
                continue
            size = single.end() - pos
        spans.append((pos, pos + size))
        pos += size
    return spans


def emoji_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of each emoji; a sequence Unicode does not recommend (not RGI) is its parts."""
    return list(_emoji_spans(text))


@functools.lru_cache(maxsize=_CACHE)
def _emoji_spans(text: str) -> _Spans:
    if text.isascii():
        return ()
    return tuple(span for m in _EMOJI_RUN.finditer(text) for span in _split_run(text, *m.span()))


# `@user`, `@user@example.social` (Mastodon) and `@name.bsky.social` (Bluesky handles).
_MENTION = regex.compile(r"(?<![\w@\uff20=/.])[@\uff20]\w[\w.-]*\w(?:@[\w-]+(?:\.[\w-]+)+)?|(?<![\w@=/.])@\w")
_HASHTAG = regex.compile(r"(?<![\w&#\uff03])[#\uff03](?=[\w\p{M}]*[^\d\W])[\w\p{M}]+")


def mention_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of mentions: `@user`, `@user@domain`, `@handle.domain`."""
    return list(_mention_spans(text))


@functools.lru_cache(maxsize=_CACHE)
def _mention_spans(text: str) -> _Spans:
    if "@" not in text and "\uff20" not in text:
        return ()
    return tuple(m.span() for m in _MENTION.finditer(text))


def hashtag_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of hashtags (`#` then letters/digits/underscore, not only digits)."""
    return list(_hashtag_spans(text))


@functools.lru_cache(maxsize=_CACHE)
def _hashtag_spans(text: str) -> _Spans:
    if "#" not in text and "\uff03" not in text:
        return ()
    return tuple(m.span() for m in _HASHTAG.finditer(text))


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans that must never be cut: links, mentions, hashtags and emoji, merged where they overlap."""
    spans = sorted(url_spans(text) + mention_spans(text) + hashtag_spans(text) + emoji_spans(text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
