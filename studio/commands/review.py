"""`studio review`: people and roles, sending posts to review, decisions, and the HTML review bundle."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studio.commands._args import record_id
from studio.commands._queue_input import rule

ORDER = 45
_ID = record_id("post", "studio review list")


def register(subparsers: Any) -> None:
    """Add `review` and its subcommands."""
    parser = subparsers.add_parser("review", help="review by name: submit, approve, ask for changes, bundle")
    sub = parser.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    people = sub.add_parser("people", help="list the team, or add someone: people add NAME --role ROLE")
    people.add_argument("action", nargs="?", choices=["add"], help="add (or change) a person")
    people.add_argument("name", nargs="?", metavar="NAME")
    people.add_argument("--role", choices=["author", "reviewer"], default="author")
    people.set_defaults(run=_people)

    submit = sub.add_parser("submit", help="send a draft to review")
    submit.add_argument("id", type=_ID, metavar="ID")
    submit.add_argument("--as", dest="person", required=True, metavar="NAME")
    submit.add_argument("--comment", default="", metavar="TEXT")
    submit.set_defaults(run=_submit)

    for action, helptext in (
        ("approve", "approve a post in review (it is scheduled, or waits for its series slot)"),
        ("changes", "send a post back to its author with what to change"),
    ):
        p = sub.add_parser(action, help=helptext)
        p.add_argument("id", type=_ID, metavar="ID")
        p.add_argument("--as", dest="person", required=True, metavar="NAME")
        p.add_argument("--comment", default="", metavar="TEXT", required=action == "changes")
        p.add_argument(
            "--via", choices=["studio", "bundle"], default="studio", help="bundle: decided from a bundle"
        )
        if action == "approve":
            p.add_argument(
                "--allow",
                action="append",
                default=[],
                type=rule,
                metavar="RULE",
                help="approve despite this content check's error (e.g. personal-data); kept in the audit",
            )
        p.set_defaults(run=_approve if action == "approve" else _changes)

    listing = sub.add_parser("list", help="posts waiting for review")
    listing.set_defaults(run=_list)

    bundle = sub.add_parser("bundle", help="one self-contained HTML file with every post waiting for review")
    bundle.add_argument("--out", type=Path, required=True, metavar="FILE.html")
    bundle.add_argument(
        "--kit", metavar="K", help="brand kit to render the pictures in (default: the workspace's)"
    )
    bundle.set_defaults(run=_bundle)


def _people(args: argparse.Namespace) -> int:
    from studio.errors import InputError
    from studio.store import open_store
    from studio.workflows.review import add_person, people_of

    with open_store() as store:
        if args.action == "add":
            if not args.name:
                raise InputError(
                    "people add", "needs a NAME", "studio review people add NAME --role reviewer"
                )
            person = add_person(store, args.name, args.role)
            print(f"{person.name}: {person.role}")
            return 0
        people = people_of(store)
    for person in people:
        print(f"{person.name}\t{person.role}")
    if not people:
        print("nobody yet: studio review people add NAME --role reviewer")
    return 0


def _submit(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.review import submit

    with open_store() as store:
        post = submit(store, args.id, args.person, comment=args.comment)
    print(f"post {post.id}: {post.status.value}")
    return 0


def _approve(args: argparse.Namespace) -> int:
    from studio.commands._queue_input import print_refusal
    from studio.store import open_store
    from studio.workflows.posting import Refused
    from studio.workflows.review import approve

    with open_store() as store:
        try:
            post = approve(store, args.id, args.person, comment=args.comment, via=args.via, allow=args.allow)
        except Refused as refused:
            print_refusal(refused.problems)
            return 1
    print(f"post {post.id}: {post.status.value}")
    return 0


def _changes(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.review import request_changes

    with open_store() as store:
        post = request_changes(store, args.id, args.person, args.comment, via=args.via)
    print(f"post {post.id}: {post.status.value} (changes asked)")
    return 0


def _list(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.review import pending

    with open_store() as store:
        posts = pending(store)
        who = {p.id: [s.person for s in store.reviews.steps(p.id) if s.action == "submitted"] for p in posts}
    for post in posts:
        first = post.body.splitlines()[0] if post.body else ""
        sender = who[post.id][-1] if who[post.id] else "?"
        print(f"{post.id}\tfrom {sender}\t{first[:60]}")
    if not posts:
        print("nothing waits for review")
    return 0


def _bundle(args: argparse.Namespace) -> int:
    from studio.brand import load_kit
    from studio.store import open_store
    from studio.store.times import now_utc
    from studio.store.zones import user_zone
    from studio.workflows.exports import write_atomic
    from studio.workflows.kits import workspace_kit
    from studio.workflows.review import pending
    from studio.workflows.review_bundle import review_bundle

    with open_store() as store:
        posts = pending(store)
        zone = user_zone(store.settings.get().display_timezone)
        kit = load_kit(args.kit) if args.kit else workspace_kit(store)
        text = review_bundle(store, posts, now=now_utc(), zone=zone, kit=kit)
    write_atomic(args.out, text)
    print(f"wrote {len(posts)} post(s) to {args.out}", file=sys.stderr)
    return 0
