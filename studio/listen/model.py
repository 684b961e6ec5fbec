"""What listening reads from a network, as plain values: the contract between the network clients
(`mastodon_inbox`, `mastodon_counts`, `bluesky`) and the inbox and metrics workflows.

A client raises `RateLimited` when the server says to slow down (HTTP 429 and its reset time) and a
`studio.errors.UserError` (one line, with the fix) for anything a person must act on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from studio.errors import UserError

__all__ = ["Counts", "CountsSource", "InboxPage", "InboxSource", "Mention", "MentionKind", "RateLimited"]

MentionKind = Literal["mention", "reply", "quote"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One item for the inbox: somebody mentioned, answered or quoted one of the team's accounts."""

    network: str  # "mastodon" or "bluesky"
    kind: MentionKind
    remote_id: str  # the item's own post: a Mastodon status id, a Bluesky at:// URI
    url: str  # where a person opens it (https only)
    author_handle: str  # "@kim@uni.social", "kim.bsky.social"
    author_name: str
    text: str  # plain text (Mastodon's HTML already turned into text)
    created_at: datetime  # aware, UTC
    in_reply_to: str | None = None  # the remote id of the post it answers (ours or another), if any
    thread_root: str | None = None  # the remote id of its thread's first post (Bluesky needs it to reply)
    cid: str = ""  # Bluesky: the item's CID (a reply's strong ref needs it); "" on Mastodon
    root_cid: str = ""  # Bluesky: the thread root's CID
    # Mastodon: public, unlisted, private (followers only) or direct. A reply keeps it: an answer to a private
    # mention must never go out in public. Bluesky has only public posts.
    visibility: str = "public"


@dataclass(frozen=True, slots=True)
class InboxPage:
    """What one fetch brought: the items (any order) and where the next fetch starts."""

    items: tuple[Mention, ...]
    cursor: str | None  # newest seen (Mastodon: the highest notification id; Bluesky: seenAt/indexedAt)


@dataclass(frozen=True, slots=True)
class Counts:
    """A post's engagement as the network reported it at `measured_at`; quotes None where it has none."""

    likes: int
    reposts: int
    replies: int
    quotes: int | None
    measured_at: datetime


class RateLimited(UserError):
    """The server asked us to wait until `until` (aware UTC) before the next call."""

    def __init__(self, what: str, until: datetime) -> None:
        super().__init__(what, f"the server asked to wait until {until:%H:%M} UTC", "it is retried then")
        self.until = until


class InboxSource(Protocol):
    """Fetches an account's mentions, replies and quotes newer than `since` (None: the latest page)."""

    def fetch(self, since: str | None) -> InboxPage: ...

    def close(self) -> None: ...


class CountsSource(Protocol):
    """Reads the counts of posts by remote id; None for a post the network no longer has (deleted)."""

    def counts(self, remote_ids: Sequence[str]) -> dict[str, Counts | None]: ...

    def close(self) -> None: ...
