"""Count a post the way each network does (its rule is in `studio.platforms`), and say where it goes over.

Kinds of counting (`studio.platforms.Counting`):
- X (`twitter-weighted`): twitter-text v3. NFC first; code points U+0000-10FF, U+2000-200D, U+2010-201F and
  U+2032-2037 weigh 1, all others 2; each emoji (a whole ZWJ sequence, flag or skin-toned emoji) weighs 2;
  each link twitter-text extracts (schemeless `example.com` included) weighs `url_length`; U+FFFE, U+FEFF and
  U+FFFF make the post invalid from where they stand.
- Mastodon (`graphemes-url-23`): grapheme clusters of content warning + text; links with a scheme weigh
  `url_length`; `@user@domain` counts as `@user`. Limit and link length come from the instance.
- Bluesky (`graphemes-and-bytes`): at most `limit` grapheme clusters *and* `byte_limit` UTF-8 bytes.
- Threads (`chars-emoji-bytes`): code points, but each emoji counts its UTF-8 byte length.
- LinkedIn, Facebook, Instagram (`characters`): code points; Instagram also limits hashtags and mentions.

`overflow_start` is the character offset in the original text of the first character that no longer fits
(or that makes the post invalid), for the editor to shade; None when the post fits.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from studio.platforms import NETWORKS, Counting, Network, network_by_id
from studio.text.entities import emoji_spans, hashtag_spans, mention_spans, url_spans
from studio.text.graphemes import grapheme_count

__all__ = ["Count", "count", "count_all"]


@dataclass(frozen=True, slots=True)
class Count:
    """How long a post is on one network, and whether it fits."""

    network: str
    length: int
    limit: int
    remaining: int
    ok: bool
    overflow_start: int | None  # character offset into the text; None when it fits
    byte_length: int | None = None  # Bluesky: UTF-8 bytes of the text
    byte_limit: int | None = None
    problems: tuple[str, ...] = ()  # why it is not ok, in words


_HEAVY = regex.compile("[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
_INVALID = regex.compile("[\ufffe\ufeff\uffff]")
_GRAPHEME = regex.compile(r"\X")
_REMOTE_MENTION = regex.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)@[\w.-]+\w", regex.IGNORECASE
)


def count(
    text: str,
    network_id: str,
    *,
    content_warning: str = "",
    limit: int | None = None,
    url_length: int | None = None,
) -> Count:
    """Count `text` for one network; `limit` and `url_length` override the registry (Mastodon instances)."""
    network = network_by_id(network_id)
    lim = network.limit if limit is None else limit
    # Networks without a link length (Bluesky and the character counters) count links as written.
    url_len = (network.url_length or 0) if url_length is None else url_length
    kind = network.counting
    if kind is Counting.TWITTER_WEIGHTED:
        length, over = _twitter(text, lim, url_len)
    elif kind is Counting.GRAPHEMES_URL_23:
        length, over = _mastodon(text, content_warning, lim, url_len)
    elif kind is Counting.GRAPHEMES_AND_BYTES:
        return _bluesky(text, network, lim)
    elif kind is Counting.CHARS_EMOJI_BYTES:
        length, over = _threads(text, lim)
    else:
        length = len(text)
        over = lim if length > lim else None
    problems = [f"{length - lim} over the limit of {lim}"] if length > lim else []
    if over is not None and length <= lim:
        problems.append("contains a character the network refuses (U+FFFE, U+FEFF or U+FFFF)")
    problems += _entity_limits(text, network)
    return Count(network.id, length, lim, lim - length, not problems, over, problems=tuple(problems))


def count_all(
    text: str,
    networks: Iterable[str] | None = None,
    *,
    content_warning: str = "",
    mastodon_limit: int | None = None,
    mastodon_url_length: int | None = None,
) -> dict[str, Count]:
    """Count `text` for each network (all in the registry by default), keyed by network id."""
    ids = [n.id for n in NETWORKS] if networks is None else list(networks)
    result = {}
    for network_id in ids:
        mastodon = network_id == "mastodon"
        result[network_id] = count(
            text,
            network_id,
            content_warning=content_warning if mastodon else "",
            limit=mastodon_limit if mastodon else None,
            url_length=mastodon_url_length if mastodon else None,
        )
    return result


def _entity_limits(text: str, network: Network) -> list[str]:
    problems = []
    if network.max_hashtags is not None:
        tags = len(hashtag_spans(text))
        if tags > network.max_hashtags:
            problems.append(f"{tags} hashtags (at most {network.max_hashtags})")
    if network.max_mentions is not None:
        mentions = len(mention_spans(text))
        if mentions > network.max_mentions:
            problems.append(f"{mentions} mentions (at most {network.max_mentions})")
    return problems


def _weighted_units(
    text: str, fixed: list[tuple[int, int, int]], plain_weight: _PlainWeight, limit: int
) -> tuple[int, int | None]:
    """Total weight of `text` and the offset of the first unit past `limit`.

    `fixed` holds (start, end, weight) spans that count as one unit (links, emoji); the rest is weighed by
    `plain_weight`, which also knows how to find the first unit of a run that goes over.
    """
    total = 0
    over: int | None = None
    pos = 0
    for start, end, weight in fixed:
        if start < pos:
            continue  # an emoji inside a link: the link already counted it
        run = plain_weight.total(text, pos, start)
        if over is None and total + run > limit:
            over = plain_weight.locate(text, pos, start, limit - total)
        total += run
        if over is None and total + weight > limit:
            over = start
        total += weight
        pos = end
    run = plain_weight.total(text, pos, len(text))
    if over is None and total + run > limit:
        over = plain_weight.locate(text, pos, len(text), limit - total)
    return total + run, over


class _PlainWeight:
    """Weighs runs of ordinary text for one counting kind."""

    def total(self, text: str, start: int, end: int) -> int:
        return end - start

    def locate(self, text: str, start: int, end: int, budget: int) -> int:
        """Offset of the first unit in text[start:end] whose weight takes the run past `budget`.

        The weight of a prefix only grows with its length, so the first prefix over the budget is found by
        bisection; its last character starts the unit that does not fit.
        """
        lo, hi = start + 1, end
        while lo < hi:
            mid = (lo + hi) // 2
            if self.total(text, start, mid) > budget:
                hi = mid
            else:
                lo = mid + 1
        return lo - 1


class _TwitterPlain(_PlainWeight):
    def total(self, text: str, start: int, end: int) -> int:
        return end - start + len(_HEAVY.findall(text, start, end))


class _GraphemePlain(_PlainWeight):
    def total(self, text: str, start: int, end: int) -> int:
        return grapheme_count(text, start, end)


def _bytes_over(text: str, byte_limit: int) -> int:
    """Start of the grapheme cluster holding the first byte past `byte_limit`."""
    lo, hi = 1, len(text)
    while lo < hi:  # the first prefix longer than the limit in UTF-8
        mid = (lo + hi) // 2
        if len(text[:mid].encode("utf-8")) > byte_limit:
            hi = mid
        else:
            lo = mid + 1
    char = lo - 1
    # Clusters never continue past a line feed, so segmenting from the line's start finds the right one.
    line_start = text.rfind("\n", 0, char) + 1
    *_, last = _GRAPHEME.finditer(text[line_start : char + 1])
    return line_start + last.start()


def _nfc_offsets(text: str) -> tuple[str, list[int] | None]:
    """NFC of `text`, and for each NFC character the original offset (None when nothing changed)."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    nfc_parts: list[str] = []
    offsets: list[int] = []
    for cluster in _GRAPHEME.finditer(text):
        normal = unicodedata.normalize("NFC", cluster[0])
        nfc_parts.append(normal)
        offsets.extend([cluster.start()] * len(normal))
    offsets.append(len(text))
    return "".join(nfc_parts), offsets


def _twitter(text: str, limit: int, url_length: int, *, emoji: bool = True) -> tuple[int, int | None]:
    """Weighted length (twitter-text v3; `emoji=False` is its v2 config) and where it goes over."""
    normal, offsets = _nfc_offsets(text)
    fixed = [(s, e, url_length) for s, e in url_spans(normal)]
    fixed += [(s, e, 2) for s, e in emoji_spans(normal)] if emoji else []
    fixed.sort()
    length, over = _weighted_units(normal, fixed, _TwitterPlain(), limit)
    invalid = _INVALID.search(normal)
    if invalid and (over is None or invalid.start() < over):
        over = invalid.start()
    if over is not None and offsets is not None:
        over = offsets[over]
    return length, over


def _mastodon(text: str, content_warning: str, limit: int, url_length: int) -> tuple[int, int | None]:
    plain = _GraphemePlain()
    warning = plain.total(content_warning, 0, len(content_warning))
    fixed = [(s, e, url_length) for s, e in url_spans(text, without_scheme=False)]
    fixed += (
        [(m.start(), m.end(), len(m[1]) + 1) for m in _REMOTE_MENTION.finditer(text)] if "@" in text else []
    )
    fixed.sort()
    length, over = _weighted_units(text, fixed, plain, limit - warning)
    if warning > limit:
        over = 0
    return warning + length, over


def _threads(text: str, limit: int) -> tuple[int, int | None]:
    fixed = [(s, e, len(text[s:e].encode("utf-8"))) for s, e in emoji_spans(text)]
    return _weighted_units(text, fixed, _PlainWeight(), limit)


def _bluesky(text: str, network: Network, limit: int) -> Count:
    byte_limit = network.byte_limit
    data_len = len(text.encode("utf-8"))
    bytes_over = byte_limit is not None and data_len > byte_limit
    graphemes = _GraphemePlain().total(text, 0, len(text))
    over: int | None = None
    if graphemes > limit:
        over = _GraphemePlain().locate(text, 0, len(text), limit)
    if bytes_over and byte_limit is not None:
        over_bytes = _bytes_over(text, byte_limit)
        over = over_bytes if over is None else min(over, over_bytes)
    problems = []
    if graphemes > limit:
        problems.append(f"{graphemes - limit} over the limit of {limit} characters")
    if bytes_over and byte_limit is not None:
        problems.append(f"{data_len - byte_limit} bytes over the limit of {byte_limit} bytes")
    return Count(
        network.id,
        graphemes,
        limit,
        limit - graphemes,
        not problems,
        over,
        byte_length=data_len,
        byte_limit=byte_limit,
        problems=tuple(problems),
    )
