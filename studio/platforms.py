"""The registry of networks and image formats: data, not logic.

Every network-specific number lives here, so that when a network changes a limit there is one place to edit.
The numbers were read from each network's own source or documentation in late 2026; where an API reports
a live value (Mastodon's `GET /api/v2/instance`), the publisher prefers it and these are the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = [
    "FORMATS",
    "LONGEST_POST",
    "NETWORKS",
    "Counting",
    "Format",
    "Network",
    "SafeZone",
    "default_format",
    "format_by_id",
    "network_by_id",
]


class Counting(Enum):
    """How a network measures the length of a post."""

    TWITTER_WEIGHTED = "twitter-weighted"  # twitter-text v3 weights, URLs 23
    GRAPHEMES_URL_23 = "graphemes-url-23"  # Mastodon: graphemes, URLs with a scheme 23, @user@domain as @user
    GRAPHEMES_AND_BYTES = "graphemes-and-bytes"  # Bluesky: graphemes and UTF-8 bytes, both limited
    CHARS_EMOJI_BYTES = "chars-emoji-bytes"  # Threads: characters, an emoji counts its UTF-8 bytes
    CHARACTERS = "characters"  # code points (LinkedIn, Facebook, Instagram)


@dataclass(frozen=True, slots=True)
class Network:
    """One social network and its text and media rules."""

    id: str
    name: str
    limit: int
    counting: Counting
    byte_limit: int | None = None  # Bluesky: UTF-8 bytes of the text
    url_length: int | None = None  # what one URL counts as, where a network shortens links
    max_images: int = 4
    max_image_bytes: int | None = None
    max_image_pixels: int | None = None
    max_image_side: int | None = None
    alt_text_limit: int | None = None
    max_hashtags: int | None = None
    warn_hashtags: int | None = None
    max_mentions: int | None = None
    max_languages: int | None = None
    links_clickable: bool = True
    escape_chars: str = ""  # characters that must be backslash-escaped when published (LinkedIn)
    has_api: bool = False  # a publisher that posts directly; otherwise a handoff folder
    threads: bool = False  # a long text goes out as a thread of replies (else as one post)
    more_after: int | None = None  # characters the feed shows before "… more" (approximate, late 2026)


@dataclass(frozen=True, slots=True)
class SafeZone:
    """Fractions of the frame's height to keep free of text and logo."""

    top: float = 0.0
    bottom: float = 0.0
    left: float = 0.0
    right: float = 0.0


@dataclass(frozen=True, slots=True)
class Format:
    """One image format a network shows, in pixels."""

    id: str
    network: str
    width: int
    height: int
    max_bytes: int | None = None
    safe_zone: SafeZone = SafeZone()
    note: str = ""

    @property
    def aspect(self) -> float:
        """Width divided by height."""
        return self.width / self.height


NETWORKS: tuple[Network, ...] = (
    Network(
        "x",
        "X",
        threads=True,
        limit=280,
        counting=Counting.TWITTER_WEIGHTED,
        url_length=23,
        max_image_bytes=5_000_000,
        alt_text_limit=1000,
    ),
    Network(
        "mastodon",
        "Mastodon",
        threads=True,
        limit=500,
        counting=Counting.GRAPHEMES_URL_23,
        url_length=23,
        max_image_bytes=16_000_000,
        max_image_pixels=33_177_600,
        alt_text_limit=1500,
        has_api=True,
    ),
    Network(
        "bluesky",
        "Bluesky",
        threads=True,
        limit=300,
        counting=Counting.GRAPHEMES_AND_BYTES,
        byte_limit=3000,
        max_image_bytes=1_000_000,
        max_image_side=2000,
        alt_text_limit=2000,
        max_languages=3,
        has_api=True,
    ),
    Network(
        "threads", "Threads", limit=500, counting=Counting.CHARS_EMOJI_BYTES, max_images=10, threads=True
    ),
    Network(
        "linkedin",
        "LinkedIn",
        limit=3000,
        counting=Counting.CHARACTERS,
        escape_chars="\\|{}@[]()<>#*_~",
        max_images=9,
        more_after=210,
    ),
    Network("facebook", "Facebook", limit=63206, counting=Counting.CHARACTERS, max_images=10, more_after=480),
    Network(
        "instagram",
        "Instagram",
        limit=2200,
        counting=Counting.CHARACTERS,
        max_images=10,
        max_hashtags=30,
        warn_hashtags=5,
        max_mentions=20,
        links_clickable=False,
        more_after=125,
    ),
)

# Characters of the longest post any network takes (Facebook's): a longer text is refused before any work.
LONGEST_POST = max(network.limit for network in NETWORKS)

_STORY_SAFE = SafeZone(top=0.14, bottom=0.20)

FORMATS: tuple[Format, ...] = (
    Format("instagram-square", "instagram", 1080, 1080),
    Format(
        "instagram-portrait",
        "instagram",
        1080,
        1350,
        note="the feed's best format; the profile grid shows the centre 3:4",
    ),
    Format("instagram-landscape", "instagram", 1080, 566),
    Format(
        "instagram-story",
        "instagram",
        1080,
        1920,
        safe_zone=_STORY_SAFE,
        note="keep text and logo out of the top 14% and bottom 20% (Reels cover up to 35% at the bottom)",
    ),
    Format("x-landscape", "x", 1600, 900, max_bytes=5_000_000),
    Format(
        "facebook-landscape",
        "facebook",
        1200,
        630,
        note="also the link-card ratio of Facebook, LinkedIn and Bluesky",
    ),
    Format(
        "facebook-story",
        "facebook",
        1080,
        1920,
        safe_zone=_STORY_SAFE,
        note="keep text and logo out of the top 14% and bottom 20%, where Facebook draws its controls",
    ),
    Format("linkedin-landscape", "linkedin", 1200, 627),
    Format(
        "mastodon",
        "mastodon",
        1600,
        900,
        max_bytes=16_000_000,
        note="the focus point is sent too: Mastodon crops thumbnails around it",
    ),
    Format(
        "bluesky",
        "bluesky",
        1600,
        900,
        max_bytes=1_000_000,
        note="the encoder must meet the byte budget",
    ),
    Format("threads-portrait", "threads", 1080, 1350),
)

_NETWORKS_BY_ID = {n.id: n for n in NETWORKS}
_FORMATS_BY_ID = {f.id: f for f in FORMATS}


def network_by_id(network_id: str) -> Network:
    """The network with this id; KeyError names the known ids."""
    try:
        return _NETWORKS_BY_ID[network_id]
    except KeyError:
        known = ", ".join(_NETWORKS_BY_ID)
        raise KeyError(f"unknown network {network_id!r} (known: {known})") from None


def format_by_id(format_id: str) -> Format:
    """The image format with this id; KeyError names the known ids."""
    try:
        return _FORMATS_BY_ID[format_id]
    except KeyError:
        known = ", ".join(_FORMATS_BY_ID)
        raise KeyError(f"unknown format {format_id!r} (known: {known})") from None


def default_format(network_id: str, template: str) -> Format | None:
    """The format a picture in `template` goes out in on a network when the post chose none: the template's
    own (`story` -> instagram-story) where the network has it, else the network's first (the preview's first
    tab); None when the network shows no pictures in a format of its own."""
    mine = [f for f in FORMATS if f.network == network_id]
    named = next((f for f in mine if f.id == f"{network_id}-{template}"), None)
    return named or (mine[0] if mine else None)
