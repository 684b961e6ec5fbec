"""`studio queue`: add, edit, list, show, cancel, approve, retry and confirm posts in the publishing queue.

Adding and editing go through `studio.workflows.posting`, behind the one set of guardrails: a refusal prints
one `error:` line per problem (with the `--allow` for a content finding) and changes nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.commands import _queue_change
from studio.commands._args import record_id
from studio.commands._handoff_cli import add_done, folder_lost
from studio.commands._queue_input import format_choice, network_text, rule

if TYPE_CHECKING:
    from studio.store import Post, Store

ORDER = 40


def register(subparsers: Any) -> None:
    """Add `queue` and its subcommands."""
    parser = subparsers.add_parser("queue", help="the publishing queue: posts and their deliveries")
    sub = parser.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    post_id = record_id("post", "studio queue list")

    add = sub.add_parser("add", help="queue a post for one or more accounts; prints the new post's id")
    add.add_argument("--account", action="append", required=True, metavar="NAME", help="repeat for several")
    _text_options(add, required=True)
    add.add_argument("--image", action="append", default=[], type=Path, metavar="IMG", help="repeatable")
    add.add_argument(
        "--alt",
        action="append",
        default=[],
        metavar="TEXT",
        help="alt text: the n-th --alt describes the n-th --image",
    )
    _look_options(add, "--image")
    add.add_argument(
        "--at", metavar="ISO8601", help="when to publish (no offset: your zone); left out or past: now"
    )
    _allow_option(add)
    add.set_defaults(run=_queue_change.add)

    edit = sub.add_parser(
        "edit",
        help="change a post that has not gone out (what is not given stays); prints its id",
        description="Change a draft, or a queued post none of whose copies is being sent, sent or handed "
        "off. Its deliveries are planned again in one transaction, behind the same guardrails as `add`.",
    )
    edit.add_argument("id", type=post_id, metavar="ID")
    _text_options(edit, required=False)
    _look_options(edit, "picture of the post")
    edit.add_argument(
        "--at", metavar="ISO8601", help="a new time (no offset: your zone); past: as soon as possible"
    )
    edit.add_argument(
        "--account", action="append", default=[], metavar="NAME", help="the accounts instead (repeatable)"
    )
    _allow_option(edit)
    edit.set_defaults(run=_queue_change.edit)

    listing = sub.add_parser("list", help="list queued and past posts")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    listing.set_defaults(run=_list)

    show = sub.add_parser("show", help="one post with its deliveries, parts and audit")
    show.add_argument("id", type=post_id, metavar="ID")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    show.set_defaults(run=_show)

    cancel = sub.add_parser("cancel", help="cancel a post and every delivery not sent yet")
    cancel.add_argument("id", type=post_id, metavar="ID")
    cancel.set_defaults(run=_cancel)

    approve = sub.add_parser("approve", help="approve a post in review and schedule it (guardrails first)")
    approve.add_argument("id", type=post_id, metavar="ID")
    _allow_option(approve)
    approve.set_defaults(run=_approve)

    retry = sub.add_parser(
        "retry", help="send a post's missed, failed or held deliveries again, now (and lost handoff folders)"
    )
    retry.add_argument("id", type=post_id, metavar="ID")
    retry.set_defaults(run=_retry)

    add_done(sub)

    solo = sub.add_parser("solo", help="show or set solo mode (on: posts skip review)")
    solo.add_argument("value", nargs="?", choices=["on", "off"])
    solo.set_defaults(run=_solo)


def _text_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    text = parser.add_mutually_exclusive_group(required=required)
    text.add_argument("--text", help="the post's text (every network's, unless it has its own)")
    text.add_argument(
        "--text-file", type=Path, metavar="F", help="read the text from a UTF-8 file (-: standard input)"
    )
    parser.add_argument(
        "--text-for",
        action="append",
        default=[],
        type=network_text,
        metavar="NETWORK=TEXT",
        help="a network's own text, e.g. x='Short version' (repeatable; empty: same as all)",
    )
    parser.add_argument(
        "--text-file-for",
        action="append",
        default=[],
        type=network_text,
        metavar="NETWORK=FILE",
        help="a network's own text from a UTF-8 file (repeatable)",
    )
    parser.add_argument(
        "--format-for",
        action="append",
        default=[],
        type=format_choice,
        metavar="NETWORK=FORMAT_ID",
        help="the picture format a network gets, e.g. instagram=instagram-story (repeatable)",
    )


def _look_options(parser: argparse.ArgumentParser, whose: str) -> None:
    parser.add_argument(
        "--template",
        action="append",
        default=[],
        metavar="T",
        help=f"the kit's template the n-th {whose} is drawn in (photo, cartoon, tip, story, status)",
    )
    parser.add_argument(
        "--caption", action="append", default=[], metavar="C", help=f"the caption drawn on the n-th {whose}"
    )


def _allow_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow",
        action="append",
        default=[],
        type=rule,
        metavar="RULE",
        help="post despite this content check's error (e.g. personal-data); repeatable; kept in the audit",
    )


def _list(args: argparse.Namespace) -> int:
    import json

    from studio.commands._queue_output import post_json, print_list
    from studio.store import open_store
    from studio.store.zones import user_zone

    with open_store() as store:
        posts = _all_posts(store)
        zone_name = store.settings.get().display_timezone
    if args.json:
        print(json.dumps([post_json(p) for p in posts], indent=2, ensure_ascii=False))
        return 0
    if not posts:
        print("the queue is empty: add a post with `studio queue add --account NAME --text TEXT`")
        return 0
    print_list(posts, user_zone(zone_name))
    return 0


def _all_posts(store: Store) -> list[Post]:
    posts: list[Post] = []
    while page := store.posts.page(offset=len(posts), limit=500):
        posts += page
    return posts


def _show(args: argparse.Namespace) -> int:
    from studio.commands._queue_output import print_show, show_json
    from studio.store import open_store
    from studio.store.zones import user_zone

    with open_store() as store:
        post = store.posts.get(args.id)
        events = {d.id: store.deliveries.events(d.id) for d in post.deliveries}
        zone = user_zone(store.settings.get().display_timezone)
    if args.json:
        print(show_json(post, events))
        return 0
    print_show(post, events, zone)
    return 0


def _cancel(args: argparse.Namespace) -> int:
    from studio.store import open_store

    with open_store() as store:
        post = store.posts.cancel(args.id)
    print(f"post {post.id}: {post.status.value}")
    return 0


def _approve(args: argparse.Namespace) -> int:
    from studio.commands._queue_input import print_refusal
    from studio.store import open_store
    from studio.workflows.posting import Refused
    from studio.workflows.review import approve_queued

    with open_store() as store:
        try:
            post = approve_queued(store, args.id, allow=args.allow)
        except Refused as refused:
            print_refusal(refused.problems)
            return 1
    print(f"post {post.id}: {post.status.value}")
    return 0


def _retry(args: argparse.Namespace) -> int:
    from studio.errors import InputError
    from studio.store import DeliveryState, open_store

    waiting = (DeliveryState.MISSED, DeliveryState.FAILED, DeliveryState.HELD)
    with open_store() as store:
        post = store.posts.get(args.id)
        # A handoff whose folder was deleted is written again; one with its folder in place is left alone.
        again = [d for d in post.deliveries if d.state in waiting or folder_lost(d)]
        if not again:
            raise InputError(
                f"post {post.id}",
                "has nothing missed, failed or held, and no lost handoff folder",
                "see `studio queue show`",
            )
        for d in again:
            store.deliveries.requeue(d.id)
    print(f"post {post.id}: {len(again)} deliveries queued again")
    return 0


def _solo(args: argparse.Namespace) -> int:
    from studio.store import open_store

    with open_store() as store:
        if args.value is not None:
            store.settings.update(solo_mode=args.value == "on")
        solo = store.settings.get().solo_mode
    print(f"solo mode {'on: posts skip review' if solo else 'off: posts wait for `studio queue approve`'}")
    return 0
