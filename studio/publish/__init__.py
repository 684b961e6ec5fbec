"""Publishing: one publisher per network (Mastodon, Bluesky, handoff folders) behind one small protocol."""

from studio.publish.base import (
    AccountHealth,
    ImageInput,
    PartInput,
    PostInput,
    Problem,
    Publisher,
    ReconnectNeeded,
    Secret,
    SentPart,
)
from studio.publish.bluesky import BlueskyPublisher, record_key
from studio.publish.handoff import HandoffPublisher
from studio.publish.http import check_server_url
from studio.publish.mastodon import InstanceLimits, MastodonPublisher
from studio.publish.xrpc import BlueskySession

__all__ = [
    "AccountHealth",
    "BlueskyPublisher",
    "BlueskySession",
    "HandoffPublisher",
    "ImageInput",
    "InstanceLimits",
    "MastodonPublisher",
    "PartInput",
    "PostInput",
    "Problem",
    "Publisher",
    "ReconnectNeeded",
    "Secret",
    "SentPart",
    "check_server_url",
    "record_key",
]
