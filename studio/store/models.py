"""The values the store takes and gives: frozen dataclasses, no SQL, no secrets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

__all__ = [
    "Account",
    "AccountOptions",
    "Delivery",
    "DeliveryEvent",
    "DeliveryPart",
    "DeliveryState",
    "MediaItem",
    "MediaKind",
    "NewAccount",
    "NewPost",
    "Post",
    "PostMedia",
    "PostStatus",
    "ReplyTarget",
]


class PostStatus(StrEnum):
    """Where a post is in the team's flow (transitions: `studio.store.states`)."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    FAILED = "failed"
    CANCELLED = "cancelled"


class DeliveryState(StrEnum):
    """Where one post-account delivery is in the queue (transitions: `studio.store.states`)."""

    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    RETRYING = "retrying"  # failed, retryable: waits for next_attempt_at
    FAILED = "failed"  # failed for good: retrying cannot fix it
    CANCELLED = "cancelled"
    MISSED = "missed"  # its time passed beyond the late window while offline; waits for the user
    HELD = "held"  # paused by incident mode; released later
    # Handoff networks: the ready folder is written; waits for the person to post it and confirm (-> sent).
    HANDED_OFF = "handed_off"


class MediaKind(StrEnum):
    """How a picture is framed: photos are cropped around the focus point, cartoons and graphics never."""

    PHOTO = "photo"
    CARTOON = "cartoon"
    GRAPHIC = "graphic"


@dataclass(frozen=True, slots=True)
class AccountOptions:
    """Per-account settings a publisher needs (never secrets); None means the network's default."""

    max_characters: int | None = None  # Mastodon instances set their own limit
    url_length: int | None = None  # characters reserved per URL (Mastodon: characters_reserved_per_url)
    max_images: int | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class NewAccount:
    """What the user gives to add an account (the secret goes to the keyring separately)."""

    network: str
    name: str
    handle: str = ""
    instance_url: str = ""
    owner: str = ""
    notes: str = ""
    options: AccountOptions = AccountOptions()


@dataclass(frozen=True, slots=True)
class Account:
    """One account on one network, as stored."""

    id: int
    network: str
    name: str
    handle: str
    instance_url: str
    owner: str
    notes: str
    options: AccountOptions
    needs_reconnect: bool
    reconnect_reason: str
    last_checked_at: datetime | None
    last_published_at: datetime | None
    created_at: datetime

    @property
    def secret_name(self) -> str:
        """The keyring username that holds this account's credential (service `studio`)."""
        return f"account:{self.id}"


@dataclass(frozen=True, slots=True)
class MediaItem:
    """An imported original, stored once under `media/` by the SHA-256 of its bytes."""

    id: int
    sha256: str
    relpath: str  # relative to the workspace
    kind: MediaKind
    focus_x: float  # -1..1 left to right, Mastodon's convention
    focus_y: float  # -1..1 bottom to top
    alt_text: str
    width: int
    height: int
    mime: str
    size_bytes: int


@dataclass(frozen=True, slots=True)
class PostMedia:
    """A picture attached to a post: its place, template and caption."""

    media: MediaItem
    position: int
    template: str
    caption: str


@dataclass(frozen=True, slots=True)
class NewPost:
    """A post to create, with one delivery per account.

    `parts` gives the fixed part texts per network (a thread has several); a network without an entry
    gets one part with `body`.
    """

    body: str
    account_ids: tuple[int, ...] = ()
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    scheduled_at: datetime | None = None
    media: tuple[tuple[int, str, str], ...] = ()  # (media id, template, caption) in order
    # network id -> that network's own text (a network without an entry gets `body`)
    text_for: dict[str, str] = field(default_factory=dict)
    # network id -> the format id its pictures go out in (a network without an entry: the template's)
    format_for: dict[str, str] = field(default_factory=dict)
    series: str = ""
    incident: str = ""
    # account id -> the delivery this post's delivery on that account replies to (continuing its thread)
    reply_to: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DeliveryPart:
    """One post of a delivery's thread, with the keys fixed at creation and its progress."""

    delivery_id: int
    position: int
    text: str
    idempotency_key: str  # Mastodon's Idempotency-Key for this part
    record_key: str  # Bluesky record key (TID) for this part
    remote_id: str | None
    remote_uri: str | None
    remote_cid: str | None
    sent_at: datetime | None

    @property
    def sent(self) -> bool:
        """True once the network has this part."""
        return self.sent_at is not None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One post to one account: the unit the runner claims and publishes."""

    id: int
    post_id: int
    account_id: int | None  # None once the account was removed
    account_name: str
    network: str
    state: DeliveryState
    attempts: int
    due_at: datetime
    next_attempt_at: datetime | None
    idempotency_key: str
    claimed_by: str | None
    claimed_at: datetime | None
    remote_id: str | None
    remote_url: str | None
    last_error: str
    sent_at: datetime | None
    parts: tuple[DeliveryPart, ...]
    reply_to_delivery_id: int | None = None  # continues the thread of that delivery (`reply_target`)

    @property
    def next_part(self) -> DeliveryPart | None:
        """The first part not sent yet: where a publisher resumes a thread."""
        return next((p for p in self.parts if not p.sent), None)


@dataclass(frozen=True, slots=True)
class DeliveryEvent:
    """One line of a delivery's append-only audit."""

    id: int
    delivery_id: int
    at: datetime
    kind: str
    attempt: int
    detail: str


# A delivery in one of these states is out, or on its way out: its post can no longer be changed.
_LOCKING = frozenset({DeliveryState.SENDING, DeliveryState.SENT, DeliveryState.HANDED_OFF})


@dataclass(frozen=True, slots=True)
class Post:
    """A post with its media and deliveries."""

    id: int
    body: str
    status: PostStatus
    scheduled_at: datetime | None
    series: str
    incident: str
    created_at: datetime
    updated_at: datetime
    media: tuple[PostMedia, ...]
    deliveries: tuple[Delivery, ...]
    text_for: Mapping[str, str] = field(default_factory=dict)  # network id -> its own text
    format_for: Mapping[str, str] = field(default_factory=dict)  # network id -> chosen format id
    account_ids: tuple[int, ...] = ()  # the accounts it is meant for, in the order chosen

    def text_on(self, network: str) -> str:
        """The text `network` gets, before thread splitting: its own where it has one, else the body."""
        return self.text_for.get(network) or self.body

    @property
    def locked_by(self) -> Delivery | None:
        """A delivery that stops the post being changed (sending, sent or handed off); None: editable."""
        return next((d for d in self.deliveries if d.state in _LOCKING), None)


@dataclass(frozen=True, slots=True)
class ReplyTarget:
    """Where a delivery that continues a thread attaches: parts as `record_part_sent` recorded them.

    `parent` is the last sent part of the nearest earlier delivery in the chain that has one (Mastodon:
    `in_reply_to_id` = parent.remote_id); `root` is the first sent part of the chain's oldest delivery
    that has one (Bluesky: reply.root = root's at:// URI and CID, reply.parent = parent's).
    """

    root: DeliveryPart
    parent: DeliveryPart
