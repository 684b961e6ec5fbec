"""Publishing: a publisher per network (Mastodon, Bluesky, handoff folders) behind one small protocol, and
the runner that publishes what is due (`Runner(store).run()`: `studio publish-due` and the app)."""

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
from studio.publish.runner import Runner, RunOptions, RunReport
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
    "RunOptions",
    "RunReport",
    "Runner",
    "Secret",
    "SentPart",
    "check_server_url",
    "record_key",
]
