"""From stored accounts and deliveries to publishers and their plain inputs."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

from studio.brand import BrandKit
from studio.errors import FinalError, InputError, UserError
from studio.platforms import Format, Network, network_by_id
from studio.publish.base import ImageInput, PartInput, PostInput, Publisher, ReconnectNeeded, Secret, SentPart
from studio.publish.bluesky import BlueskyPublisher
from studio.publish.handoff import HandoffPublisher
from studio.publish.images import (
    BrandedImage,
    branded_image,
    cropped_image,
    delivery_format,
    fit_image,
    uses_template,
)
from studio.publish.mastodon import InstanceLimits, MastodonPublisher
from studio.publish.sessions import StoredSessions
from studio.publish.xrpc import MemorySessions
from studio.secrets import CredentialStore, account_key
from studio.store import Account, Delivery, DeliveryPart, PostMedia, Store

__all__ = [
    "BLUESKY_DEFAULT_PDS",
    "SENDING_EVENT",
    "KitSource",
    "Publishers",
    "confirm_command",
    "done_parts",
    "post_input",
    "publisher_for",
]

BLUESKY_DEFAULT_PDS = "https://bsky.social"
KitSource = Callable[[], BrandKit]  # the workspace's brand kit, loaded when a picture needs drawing
SENDING_EVENT = "part_sending"  # audit line written just before a part's creating request


class Publishers:
    """Builds the publisher of a stored account, its credential from the credential store it was given."""

    def __init__(self, credentials: CredentialStore) -> None:
        self.credentials = credentials

    def __call__(self, account: Account, workspace: Path) -> Publisher:
        return publisher_for(account, workspace, self.credentials)

    def trying(self, account: Account, workspace: Path, secret: str) -> Publisher:
        """A publisher with a credential not stored yet (to verify it); a Bluesky session stays in memory."""
        return publisher_for(account, workspace, self.credentials, secret=secret)


def publisher_for(
    account: Account, workspace: Path, credentials: CredentialStore, *, secret: str | None = None
) -> Publisher:
    """The publisher for a stored account, with its stored credential (or `secret`, to try a new one)."""
    info = network_by_id(account.network)
    if not info.has_api:
        return HandoffPublisher(account.network, workspace / "handoff")
    token = Secret(secret) if secret is not None else _secret(account, credentials)
    if account.network == "mastodon":
        options = account.options
        default = InstanceLimits()
        limits = InstanceLimits(
            max_characters=options.max_characters or default.max_characters,
            max_media=options.max_images or default.max_media,
            url_length=options.url_length or default.url_length,
        )
        return MastodonPublisher(account.instance_url, token, account_name=account.name, limits=limits)
    if account.network == "bluesky":
        return BlueskyPublisher(
            account.instance_url or BLUESKY_DEFAULT_PDS,
            account.handle,
            token,
            account_name=account.name,
            # A credential being tried must not replace the kept session before it is verified.
            sessions=MemorySessions() if secret is not None else StoredSessions(credentials, account.id),
        )
    raise FinalError(f"account {account.name}", f"Studio cannot publish to {info.name} yet", "use handoff")


def post_input(store: Store, delivery: Delivery, kit: KitSource | None = None) -> PostInput:
    """The delivery as a publisher takes it: parts, keys, and the post's images in the network's format.

    The format is the one chosen for the network in the post, else the template's (`delivery_format`).
    Pictures are drawn with `kit()` (the composition root passes the workspace's kit; None: the kit the
    workspace records), loaded once and only for a post with pictures.
    """
    post = store.posts.get(delivery.post_id)
    network = network_by_id(delivery.network)
    loaded: BrandKit | None = None
    images = []
    for attached in post.media:
        item = attached.media
        path = store.media.path(item)
        if not path.is_file():
            raise FinalError(
                f"image {item.id} of post {post.id}",
                f"its file {path} cannot be read (it is missing)",
                "import the picture again, attach it to the post, and send it again",
            )
        # The store keeps Mastodon's focus (-1..1, y up); publishers take fractions from the top-left.
        focus = ((item.focus_x + 1) / 2, (1 - item.focus_y) / 2)
        try:
            fmt = delivery_format(network, attached.template, post.format_for.get(network.id, ""))
        except InputError as error:  # stored before this check, or a format since removed
            raise FinalError(f"post {post.id}", error.why, f"{error.fix}, then send it again") from None
        loaded = loaded or (kit() if kit is not None else _recorded_kit(store))
        made = _picture(path, network, loaded, attached, fmt, focus, f"image {item.id} of post {post.id}")
        images.append(ImageInput(made.data, item.alt_text, made.width, made.height, focus=made.focus))
    first = tuple(images)  # a thread's pictures go with its first post
    parts = tuple(
        PartInput(part.text, part.idempotency_key, first if part.position == 0 else (), part.record_key)
        for part in sorted(delivery.parts, key=lambda p: p.position)
    )
    # An incident update continues the thread of the one before (RetryableError while that one waits).
    target = store.deliveries.reply_target(delivery)
    reply_to = root = None
    visibility = "public"
    if target is not None:
        reply_to, root = _as_sent(target.parent), _as_sent(target.root)
    elif (answered := store.inbox.by_reply_post(post.id)) is not None:  # an inbox reply, in its thread
        reply_to = SentPart(0, answered.remote_id, answered.url, answered.cid)
        has_root = answered.thread_root and answered.thread_root != answered.remote_id
        root = SentPart(0, answered.thread_root or "", "", answered.root_cid) if has_root else reply_to
        visibility = answered.visibility  # an answer to a private mention stays private
    return PostInput(
        parts,
        delivery.due_at,
        resumed=_maybe_sent_unrecorded(store, delivery),
        not_before=post.created_at,
        reply_to=reply_to,
        thread_root=root,
        confirm_hint=confirm_command(delivery),
        visibility=visibility,
    )


def _picture(
    path: Path,
    network: Network,
    kit: BrandKit,
    attached: PostMedia,
    fmt: Format | None,
    focus: tuple[float, float],
    what: str,
) -> BrandedImage:
    """One picture as the delivery sends it: branded in its template, or cropped to `fmt`, or as made."""
    if uses_template(attached.template) and fmt is not None:  # matches the preview: template and caption
        branded = branded_image(
            path, network, kit, template=attached.template, caption=attached.caption, focus=focus, fmt=fmt
        )
        if branded is not None:
            return branded
    try:
        if not attached.template and fmt is not None:  # `queue add --image`: still the network's shape
            return cropped_image(path, network, fmt, kit, focus=focus)
        data, _mime, width, height = fit_image(path, network)  # a status card: already finished
    except UserError as error:  # damaged since it was imported
        raise FinalError(what, error.why, "import the picture again and send it again") from None
    return BrandedImage(data, width, height, focus, "")


def _recorded_kit(store: Store) -> BrandKit:
    from studio.workflows.kits import workspace_kit  # the workflows load after the publishers

    return workspace_kit(store)


def confirm_command(delivery: Delivery) -> str:
    """The command that marks a handed-off delivery done (names the account: a post may have several)."""
    return f"studio queue done {delivery.post_id} --account {shlex.quote(delivery.account_name)}"


def _as_sent(part: DeliveryPart) -> SentPart:
    """A part of an earlier delivery as publishers know sent parts (id, web address, Bluesky CID)."""
    return SentPart(part.position, part.remote_id or "", part.remote_uri or "", part.remote_cid or "")


def _maybe_sent_unrecorded(store: Store, delivery: Delivery) -> bool:
    """Did an earlier attempt start sending the next part and die before recording it?"""
    nxt = delivery.next_part
    if nxt is None or delivery.attempts <= 1:  # the claim counted this attempt: 1 means the first
        return False
    started = {e.detail for e in store.deliveries.events(delivery.id) if e.kind == SENDING_EVENT}
    return f"part {nxt.position}" in started


def done_parts(delivery: Delivery) -> list[SentPart]:
    """The parts the network already has, as recorded."""
    return [
        SentPart(p.position, p.remote_id or "", p.remote_uri or "", p.remote_cid or "")
        for p in delivery.parts
        if p.sent
    ]


def _secret(account: Account, credentials: CredentialStore) -> Secret:
    value = credentials.get(account_key(account.id))
    if not value:
        raise ReconnectNeeded(
            f"account {account.name}",
            "the OS keyring has no credential for it",
            f"give it again: studio accounts reconnect {account.name} --secret-stdin",
        )
    if not value.isascii() or not value.isprintable():  # stored before such tokens were refused
        raise ReconnectNeeded(
            f"account {account.name}",
            "its stored credential has characters no token has (it was pasted with something else)",
            f"give it again: studio accounts reconnect {account.name} --secret-stdin",
        )
    return Secret(value)
