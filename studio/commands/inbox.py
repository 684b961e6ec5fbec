"""`studio inbox`: mentions, replies and quotes of the team's Mastodon and Bluesky accounts; answering them.

studio inbox sync                      fetch what is new (cron: every 10 minutes or so)
studio inbox list [--json] [--unread] [--all] [--reveal]
studio inbox reply ID (--text T | --text-file F | --ready)
studio inbox done ID [--undo]
studio inbox assign ID MEMBER | --nobody
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.commands._args import record_id

if TYPE_CHECKING:
    from studio.store.inbox import InboxItem

ORDER = 61

_ITEM = record_id("inbox item", "studio inbox list")


def register(subparsers: Any) -> None:
    """Add `inbox` and its subcommands."""
    parser = subparsers.add_parser("inbox", help="mentions, replies and quotes of the team's accounts")
    sub = parser.add_subparsers(dest="inbox_command", metavar="ACTION", required=True)

    sync = sub.add_parser("sync", help="fetch new mentions, replies and quotes from Mastodon and Bluesky")
    sync.add_argument("--json", action="store_true", help="print what was done as one JSON object")
    sync.set_defaults(run=_sync)

    listing = sub.add_parser("list", help="the inbox, newest first (personal data masked)")
    listing.add_argument("--json", action="store_true", help="print the items as a JSON array")
    listing.add_argument("--unread", action="store_true", help="only items nobody has read or answered")
    listing.add_argument("--all", action="store_true", help="done items too")
    listing.add_argument("--reveal", action="store_true", help="show personal data instead of masking it")
    listing.set_defaults(run=_list)

    answer = sub.add_parser("reply", help="queue a reply in the item's thread (checked like any post)")
    answer.add_argument("item", type=_ITEM, metavar="ID")
    given = answer.add_mutually_exclusive_group(required=True)
    given.add_argument("--text", metavar="TEXT", help="the reply")
    given.add_argument(
        "--text-file", type=Path, metavar="FILE", help="the reply from a UTF-8 file (-: stdin)"
    )
    given.add_argument(
        "--ready", action="store_true", help="the ready reply of a support item (to the kit's help desk)"
    )
    answer.set_defaults(run=_reply)

    finish = sub.add_parser("done", help="mark an item done (it leaves the open inbox)")
    finish.add_argument("item", type=_ITEM, metavar="ID")
    finish.add_argument("--undo", action="store_true", help="open it again")
    finish.set_defaults(run=_done)

    give = sub.add_parser("assign", help="give an item to a team member")
    give.add_argument("item", type=_ITEM, metavar="ID")
    who = give.add_mutually_exclusive_group(required=True)
    who.add_argument("member", nargs="?", metavar="MEMBER")
    who.add_argument("--nobody", action="store_true", help="take it back from whoever has it")
    give.set_defaults(run=_assign)


def _sync(args: argparse.Namespace) -> int:
    from studio.listen.inbox import sync_inbox
    from studio.store import open_store

    with open_store() as store:
        report = sync_inbox(store, args.credentials)
    for name, line in report.errors:
        print(f"error: account {name}: {line}", file=sys.stderr)
    if args.json:
        doc = {
            "new": report.new,
            "waiting": {n: u.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") for n, u in report.wait_until},
            "errors": dict(report.errors),
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(report.summary())
    return 1 if report.errors else 0


def _list(args: argparse.Namespace) -> int:
    from studio.listen.inbox import checks_of, shown_text
    from studio.store import open_store
    from studio.store.zones import show_time, user_zone

    with open_store() as store:
        items = store.inbox.items(unread=args.unread, done=args.all)
        config = checks_of(store)
        zone = user_zone(store.settings.get().display_timezone)
    texts = {item.id: shown_text(item, reveal=args.reveal, config=config) for item in items}
    if args.json:
        print(json.dumps([_as_json(item, texts[item.id]) for item in items], indent=2, ensure_ascii=False))
        return 0
    if not items:
        print("the inbox is empty" if not args.unread else "nothing unread", file=sys.stderr)
        return 0
    for item in items:
        marks = [m for m in (_support_mark(item), _state(item)) if m]
        head = (
            f"{item.id}\t{show_time(item.created_at, zone)}\t{item.network}\t{item.account_name}\t{item.kind}"
        )
        print(f"{head}\t{item.author_handle}" + (f"\t{' · '.join(marks)}" if marks else ""))
        for line in texts[item.id].splitlines() or [""]:
            print(f"\t{line}")
        print(f"\t{item.url}")
    if not args.reveal and any(texts[i.id] != i.text for i in items):
        print("personal data is masked (•••); `studio inbox list --reveal` shows it", file=sys.stderr)
    return 0


def _as_json(item: InboxItem, text: str) -> dict[str, object]:
    return {
        "id": item.id,
        "network": item.network,
        "account": item.account_name,
        "kind": item.kind,
        "author": item.author_handle,
        "text": text,
        "url": item.url,
        "created_at": item.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "in_reply_to": item.in_reply_to_post,
        "findings": list(item.findings),
        "support": item.support,
    }


def _support_mark(item: InboxItem) -> str:
    return "Support: move to the help desk" if item.support else ""


def _state(item: InboxItem) -> str:
    if item.done_at is not None:
        return "done"
    if item.reply_post_id is not None:
        return f"answered (post {item.reply_post_id})"
    marks = ["unread"] if item.unread else []
    if item.assigned_to:
        marks.append(f"assigned to {item.assigned_to}")
    return ", ".join(marks)


def _reply(args: argparse.Namespace) -> int:
    from studio.commands._queue_input import main_text, print_refusal
    from studio.errors import InputError
    from studio.listen.inbox import help_desk_url, ready_reply, reply
    from studio.store import PostStatus, open_store
    from studio.workflows.posting import Refused

    with open_store() as store:
        if args.ready:
            item = store.inbox.get(args.item)
            text = ready_reply(item, help_desk_url(store))
            if not text:
                raise InputError(
                    f"inbox item {args.item}",
                    "has no ready reply (it is not a support case)",
                    "write one: --text",
                )
        else:
            text = main_text(args.text, args.text_file) or ""
        try:
            post = reply(store, args.item, text)
        except Refused as refused:
            print_refusal(refused.problems)
            return 1
    if post.status is PostStatus.IN_REVIEW:
        print(f"the reply waits for review: `studio queue approve {post.id}`", file=sys.stderr)
    else:
        print(f"reply queued as post {post.id}: `studio publish-due` sends it in the thread", file=sys.stderr)
    print(post.id)
    return 0


def _done(args: argparse.Namespace) -> int:
    from studio.listen.inbox import done
    from studio.store import open_store

    with open_store() as store:
        done(store, args.item, done=not args.undo)
    print(f"inbox item {args.item} {'opened again' if args.undo else 'done'}")
    return 0


def _assign(args: argparse.Namespace) -> int:
    from studio.listen.inbox import assign
    from studio.store import open_store

    with open_store() as store:
        assign(store, args.item, None if args.nobody else args.member)
    print(
        f"inbox item {args.item} " + ("assigned to nobody" if args.nobody else f"assigned to {args.member}")
    )
    return 0
