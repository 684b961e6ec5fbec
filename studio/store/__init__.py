"""The local store: one SQLite workspace with posts, media, accounts and the publishing queue.

SQL lives only in this package; everything in and out is a frozen dataclass from `studio.store.models`.
"""

from studio.store.api import Store, open_store
from studio.store.deliveries import DEFAULT_CLAIM_TIMEOUT, ClaimLostError
from studio.store.models import (
    Account,
    AccountOptions,
    Delivery,
    DeliveryEvent,
    DeliveryPart,
    DeliveryState,
    MediaItem,
    MediaKind,
    NewAccount,
    NewPost,
    Post,
    PostMedia,
    PostStatus,
    ReplyTarget,
)
from studio.store.settings import WorkspaceSettings

__all__ = [
    "DEFAULT_CLAIM_TIMEOUT",
    "Account",
    "AccountOptions",
    "ClaimLostError",
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
    "Store",
    "WorkspaceSettings",
    "open_store",
]
