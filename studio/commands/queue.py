"""`studio queue`: add posts to the publishing queue, list, show, cancel, approve, retry and confirm them."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.commands._args import read_time, record_id
from studio.commands._handoff_cli import add_done, folder_lost, folder_of, handoff_lines

if TYPE_CHECKING:
    from studio.store import Delivery, Post, Store

ORDER = 40
_MIME = {
    "JPEG": "image/jpeg",
    "MPO": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}


def register(subparsers: Any) -> None:
    """Add `queue` and its subcommands."""
    parser = subparsers.add_parser("queue", help="the publishing queue: posts and their deliveries")
    sub = parser.add_subparsers(dest="queue_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="queue a post for one or more accounts; prints the new post's id")
    add.add_argument("--account", action="append", required=True, metavar="NAME", help="repeat for several")
    text = add.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help="the post's text")
    text.add_argument(
        "--text-file", type=Path, metavar="F", help="read the text from a UTF-8 file (-: standard input)"
    )
    add.add_argument("--image", action="append", default=[], type=Path, metavar="IMG", help="repeatable")
    add.add_argument(
        "--alt",
        action="append",
        default=[],
        metavar="TEXT",
        help="alt text: the n-th --alt describes the n-th --image",
    )
    add.add_argument(
        "--at", metavar="ISO8601", help="when to publish (no offset: your zone); left out or past: now"
    )
    add.add_argument(
        "--allow",
        action="append",
        default=[],
        type=_rule,
        metavar="RULE",
        help="post despite this content check's error (e.g. personal-data); repeatable; kept in the audit",
    )
    add.set_defaults(run=_add)
    post_id = record_id("post", "studio queue list")

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

    approve = sub.add_parser("approve", help="approve a post in review and schedule it")
    approve.add_argument("id", type=post_id, metavar="ID")
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


def _rule(text: str) -> str:
    """A content rule's id, for `--allow` (the checks load only when it is given)."""
    from studio.text import RULE_IDS

    if text not in RULE_IDS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a content rule (rules: {', '.join(RULE_IDS)})")
    return text


def _add(args: argparse.Namespace) -> int:
    import sys

    from studio.store import NewPost, PostStatus, open_store
    from studio.store.times import now_utc
    from studio.store.zones import user_zone
    from studio.workflows.scheduling import Picture, Plan, check_post, target_of

    body = _read_text(args)
    images = _check_images(args.image, args.alt)
    with open_store() as store:
        settings = store.settings.get()
        accounts = [store.accounts.by_name(name) for name in args.account]
        when = None
        now = now_utc()
        if args.at:
            when = read_time(args.at, user_zone(settings.display_timezone), field="--at")
            if when <= now:
                when = None  # in the past: due now
        targets = tuple(target_of(a) for a in accounts)
        plan = Plan(body, targets, tuple(Picture(alt) for _, alt, _ in images), when)
        verdict = check_post(plan, now=now, allow=args.allow)
        if not verdict.ok:
            for problem in verdict.problems:
                fix = problem.fix
                if problem.allowable:
                    fix += f", or --allow {problem.rule} to post it anyway"
                print(f"error: {problem.what}: {problem.why} ({fix})", file=sys.stderr)
            return 1
        media = []
        for path, alt, info in images:
            item = store.media.add(path, width=info[0], height=info[1], mime=info[2], alt_text=alt)
            media.append((item.id, "", ""))
        status = PostStatus.SCHEDULED if settings.solo_mode else PostStatus.IN_REVIEW
        post = store.posts.create(
            NewPost(
                body=body,
                account_ids=tuple(a.id for a in accounts),
                parts=dict(verdict.parts),
                scheduled_at=when,
                media=tuple(media),
            ),
            status,
        )
        # The override is on purpose and kept: one audit line per delivery and rule (no migration needed).
        for rule in sorted({problem.rule for problem in verdict.allowed}):
            for delivery in post.deliveries:
                store.deliveries.append_event(delivery.id, "allowed", rule)
    if status is PostStatus.IN_REVIEW:
        print(f"post {post.id} waits for review: `studio queue approve {post.id}`", file=sys.stderr)
    print(post.id)
    return 0


def _read_text(args: argparse.Namespace) -> str:
    from studio.commands._input import STDIN, TEXT_LIMIT, read_input
    from studio.errors import InputError

    if args.text_file is not None:
        field = f"--text-file {args.text_file}"
        body = read_input(args.text_file, limit=TEXT_LIMIT, field=field, fix="save the text as UTF-8")
    else:
        body, field = str(args.text), "--text"
    body = body.strip()
    if not body:
        raise InputError(field, "the post's text is empty", "write something to post")
    from studio.text import check_size

    check_size(body, field="standard input" if str(args.text_file) == STDIN else field)
    return body


def _check_images(paths: list[Path], alts: list[str]) -> list[tuple[Path, str, tuple[int, int, str]]]:
    """Each image checked by the safe import, with its alt text (the guardrails refuse a missing one)."""
    from studio.errors import InputError

    if len(alts) > len(paths):
        raise InputError(
            "--alt", f"{len(alts)} alt texts for {len(paths)} image(s)", "give one --alt per --image"
        )
    checked = []
    for index, path in enumerate(paths):
        alt = alts[index].strip() if index < len(alts) else ""
        checked.append((path, alt, _inspect(path)))
    return checked


def _inspect(path: Path) -> tuple[int, int, str]:
    """(width, height, MIME type) from the safe import, which refuses bad images with an InputError."""
    from studio.media import inspect

    info = inspect(path)
    return info.width, info.height, _MIME.get(info.format, f"image/{info.format.lower()}")


def _list(args: argparse.Namespace) -> int:
    from studio.store import open_store

    with open_store() as store:
        posts = _all_posts(store)
        zone_name = store.settings.get().display_timezone
    if args.json:
        print(json.dumps([_post_json(p) for p in posts], indent=2, ensure_ascii=False))
        return 0
    if not posts:
        print("the queue is empty: add a post with `studio queue add --account NAME --text TEXT`")
        return 0
    from studio.store.zones import show_time, user_zone

    zone = user_zone(zone_name)
    for p in posts:
        when = show_time(p.scheduled_at, zone) or "now"
        states = ", ".join(f"{d.account_name}: {_state_word(d)}" for d in p.deliveries)
        first = p.body.splitlines()[0] if p.body else ""
        print(f"{p.id}\t{p.status.value}\t{when}\t{states}\t{first[:60]}")
        for d in p.deliveries:
            for line in handoff_lines(d):
                print(f"\t{d.account_name}: {line}")
    return 0


def _all_posts(store: Store) -> list[Post]:
    posts: list[Post] = []
    while page := store.posts.page(offset=len(posts), limit=500):
        posts += page
    return posts


def _state_word(d: Delivery) -> str:
    if d.state.value == "retrying" and d.next_attempt_at is not None:
        return f"retrying (attempt {d.attempts})"
    if d.state.value == "handed_off":
        return "HANDED OFF (waits for you)"
    return d.state.value


def _post_json(post: Post) -> dict[str, Any]:
    """The shape scripts rely on: id, status, text, scheduled_at, deliveries[...]."""
    return {
        "id": post.id,
        "status": post.status.value,
        "text": post.body,
        "scheduled_at": _iso(post.scheduled_at),
        "deliveries": [
            {
                "account": d.account_name,
                "network": d.network,
                "state": d.state.value,
                "attempts": d.attempts,
                "remote_url": d.remote_url,
                "last_error": d.last_error or None,
            }
            for d in post.deliveries
        ],
    }


def _iso(moment: datetime | None) -> str | None:
    """UTC, to the second, with a Z: what scripts parse."""
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _show(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.store.zones import show_time, user_zone

    with open_store() as store:
        post = store.posts.get(args.id)
        events = {d.id: store.deliveries.events(d.id) for d in post.deliveries}
        zone = user_zone(store.settings.get().display_timezone)
    if args.json:
        doc = _post_json(post)
        for entry, d in zip(doc["deliveries"], post.deliveries, strict=True):
            entry["folder"] = folder_of(d)  # handoff networks: the ready folder, once written
            entry["parts"] = [
                {
                    "position": p.position,
                    "text": p.text,
                    "remote_uri": p.remote_uri,
                    "sent_at": _iso(p.sent_at),
                }
                for p in d.parts
            ]
            entry["events"] = [
                {"at": _iso(e.at), "kind": e.kind, "attempt": e.attempt, "detail": e.detail}
                for e in events[d.id]
            ]
        doc["media"] = [
            {"sha256": m.media.sha256, "alt_text": m.media.alt_text, "kind": m.media.kind.value}
            for m in post.media
        ]
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    print(f"post {post.id}: {post.status.value}, at {show_time(post.scheduled_at, zone) or 'now'}")
    print(post.body)
    for m in post.media:
        print(f"  image {m.media.sha256[:12]} ({m.media.width}x{m.media.height}): alt {m.media.alt_text!r}")
    for d in post.deliveries:
        print(f"- {d.account_name} ({d.network}): {_state_word(d)}, {d.attempts} attempt(s)")
        handoff = handoff_lines(d)
        if d.remote_url and not handoff:  # a handed-off delivery's address is its folder, shown below
            print(f"    {d.remote_url}")
        for line in handoff:
            print(f"    {line}")
        if d.last_error:
            print(f"    last error: {d.last_error}")
        for e in events[d.id]:
            print(f"    {show_time(e.at, zone)}  {e.kind}  {e.detail}")
    return 0


def _cancel(args: argparse.Namespace) -> int:
    from studio.store import open_store

    with open_store() as store:
        post = store.posts.cancel(args.id)
    print(f"post {post.id}: {post.status.value}")
    return 0


def _approve(args: argparse.Namespace) -> int:
    from studio.store import PostStatus, open_store

    with open_store() as store:
        post = store.posts.get(args.id)
        if post.status is PostStatus.IN_REVIEW:
            store.posts.set_status(post.id, PostStatus.APPROVED)
        post = store.posts.set_status(post.id, PostStatus.SCHEDULED)
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
