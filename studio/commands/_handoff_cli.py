"""`studio queue done ID [--url URL] [--account NAME]`, and how `queue` shows a handed-off delivery."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.commands._args import record_id

if TYPE_CHECKING:
    from studio.store import Delivery

__all__ = ["add_done", "folder_lost", "folder_of", "handoff_lines"]


def add_done(sub: Any) -> None:
    """Add `queue done`."""
    done = sub.add_parser(
        "done",
        help="mark a handed-off post as posted (you posted its ready folder by hand)",
        description="A post for Instagram, Threads or LinkedIn is handed off: Studio writes a ready folder "
        "and waits. Once you have posted it, run this so the post counts as published and is archived.",
    )
    done.add_argument(
        "id",
        type=record_id("post", "studio queue list"),
        metavar="ID",
        help="the post's id, as in `studio queue list`",
    )
    done.add_argument("--url", default="", metavar="URL", help="the post's web address, kept in the archive")
    done.add_argument("--account", metavar="NAME", help="which account, when several handoffs of it wait")
    done.set_defaults(run=_done)


def _done(args: argparse.Namespace) -> int:
    from studio.errors import InputError
    from studio.store import DeliveryState, open_store

    with open_store() as store:
        post = store.posts.get(args.id)
        waiting = [d for d in post.deliveries if d.state is DeliveryState.HANDED_OFF]
        if args.account:
            waiting = [d for d in waiting if d.account_name.casefold() == args.account.casefold()]
        if not waiting:
            which = f" for account {args.account}" if args.account else ""
            raise InputError(
                f"post {post.id}", f"has no handoff waiting{which}", f"see `studio queue show {post.id}`"
            )
        if len(waiting) > 1:
            names = ", ".join(d.account_name for d in waiting)
            raise InputError(
                f"post {post.id}",
                f"has {len(waiting)} handoffs waiting ({names})",
                "name one with --account NAME",
            )
        done = store.deliveries.confirm_handoff(waiting[0].id, remote_url=args.url)
        post = store.posts.get(post.id)
    where = f" at {done.remote_url}" if args.url else ""
    print(f"post {post.id}: marked posted on {done.account_name}{where}; the post is {post.status.value}")
    return 0


def folder_of(delivery: Delivery) -> str | None:
    """The ready folder of a delivery on a handoff network, once written."""
    from studio.platforms import network_by_id

    try:
        handoff = not network_by_id(delivery.network).has_api
    except KeyError:
        return None
    return delivery.remote_id if handoff and delivery.remote_id else None


def folder_lost(delivery: Delivery) -> bool:
    """A handed-off delivery whose ready folder is gone (deleted or moved): `queue retry` writes it again."""
    folder = folder_of(delivery)
    return delivery.state.value == "handed_off" and (folder is None or not Path(folder).is_dir())


def handoff_lines(delivery: Delivery) -> list[str]:
    """What a person needs about a handed-off delivery: where its folder is and how to confirm it."""
    from studio.publish.factory import confirm_command

    if delivery.state.value != "handed_off":
        return []
    folder = folder_of(delivery) or "(unknown)"
    lines = [f"ready folder: {folder}"]
    if folder_lost(delivery):
        lines.append(f"the folder is gone: `studio queue retry {delivery.post_id}` writes it again")
    lines.append(f"when posted: {confirm_command(delivery)} [--url URL]")
    return lines
