"""What every publisher takes and gives: plain frozen values, the protocol, and the reconnect error.

Publishers never see the store: the runner turns a delivery into a `PostInput` (text parts, rendered images,
stable per-part keys) and hands back what came out (`SentPart`s) to be recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from studio.errors import FinalError

__all__ = [
    "AccountHealth",
    "ImageInput",
    "PartInput",
    "PostInput",
    "Problem",
    "Publisher",
    "ReconnectNeeded",
    "Secret",
    "SentPart",
]


class Secret:
    """A credential that never shows itself in a repr, a log line or an exception message."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The value itself; only for the one place that sends it (an HTTP header or body)."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True, slots=True)
class ImageInput:
    """One rendered image, ready to upload.

    `focus` is the point to keep in view, as fractions of width and height from the top-left corner
    (0.5, 0.5 is the centre); each network converts it to its own convention.
    """

    data: bytes = field(repr=False)
    alt: str
    width: int
    height: int
    mime: str = "image/jpeg"
    focus: tuple[float, float] = (0.5, 0.5)


@dataclass(frozen=True, slots=True)
class PartInput:
    """One post of a thread (a single post is a thread of one).

    `key` is stable for the life of the delivery: Mastodon gets it as the `Idempotency-Key`. `record_key` is
    the Bluesky record key (a TID) made with the delivery; when empty, one is derived from `key` and the
    delivery's time. Either way, sending the same part again can never make a second post.
    """

    text: str
    key: str
    images: tuple[ImageInput, ...] = ()
    record_key: str = ""


@dataclass(frozen=True, slots=True)
class PostInput:
    """Everything a publisher needs to send one delivery."""

    parts: tuple[PartInput, ...]
    created_at: datetime  # when the delivery was made (UTC); fixes Bluesky's record keys
    language: str | None = None
    content_warning: str = ""
    visibility: str = "public"
    # An earlier attempt began sending the first part not in `done` and did not live to record it: publishers
    # whose duplicate protection can expire look on the network for it before sending it again.
    resumed: bool = False
    not_before: datetime | None = None  # no part can have been sent before this (the post's creation)
    # Continuing a thread (an incident's later update): the first part replies to `reply_to`, and on
    # Bluesky every part names `thread_root` as its root. Both None: the delivery starts its own thread.
    reply_to: SentPart | None = None
    thread_root: SentPart | None = None
    # Handoff: the command that tells Studio the person posted it (shown in the folder's README.txt).
    confirm_hint: str = ""


@dataclass(frozen=True, slots=True)
class SentPart:
    """A part the network has: its id (Mastodon status id, Bluesky at:// URI) and its web address."""

    index: int
    remote_id: str
    url: str
    cid: str = ""  # Bluesky: the record's content hash, which reply references need


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a post the account cannot take; `blocking` problems stop it from being scheduled."""

    part: int | None  # 0-based part index, or None for the whole post
    field: str  # "text", "image 2", "alt text of image 1", "language", ...
    message: str
    fix: str
    blocking: bool = True

    def line(self) -> str:
        where = f"part {self.part + 1}, " if self.part is not None else ""
        return f"{where}{self.field}: {self.message} ({self.fix})"


@dataclass(frozen=True, slots=True)
class AccountHealth:
    """The result of checking one account's credential against its server."""

    ok: bool
    detail: str  # "signed in as @studio@example.social", or what is wrong
    needs_reconnect: bool = False


class ReconnectNeeded(FinalError):
    """The network no longer accepts the account's credential: the user must reconnect the account."""


class Publisher(Protocol):
    """One network's publisher: check a post, publish a delivery, verify the credential."""

    network: str
    needs_confirmation: bool  # True for handoff: the delivery ends handed off; the user confirms it later

    def check(self, post: PostInput) -> list[Problem]:
        """What this account cannot take in `post`; nothing is sent."""
        ...

    def publish(
        self,
        post: PostInput,
        done: Sequence[SentPart],
        on_sent: Callable[[SentPart], None],
        on_sending: Callable[[int], None] | None = None,
    ) -> list[SentPart]:
        """Send the parts not in `done`, in order, calling `on_sent` after each; returns every part.

        `on_sending(index)`, where a publisher calls it, comes just before the request that creates a part:
        the runner notes it, so after a crash it knows which part may be on the network unrecorded.
        """
        ...

    def verify(self) -> AccountHealth:
        """Check the credential with the network."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...
