"""`studio drafts`: the posts not sent anywhere yet, newest change first; delete one for good."""

from __future__ import annotations

import argparse
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from studio.commands._args import record_id

if TYPE_CHECKING:
    from studio.store import Post, Store

ORDER = 39
_FIRST_LINE = 50  # characters of the first line the table shows


def register(subparsers: Any) -> None:
    """Add `drafts` and its subcommands."""
    parser = subparsers.add_parser("drafts", help="posts you are still writing: list them, delete one")
    sub = parser.add_subparsers(dest="drafts_command", metavar="ACTION", required=True)

    listing = sub.add_parser(
        "list",
        help="every draft, the latest change first",
        description="Every draft (a post not queued, in review or sent), the latest change first: its id, "
        "when it last changed, its first line, the accounts it is meant for and how many pictures it has.",
    )
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    listing.add_argument("--search", default="", metavar="TEXT", help="only drafts whose text contains TEXT")
    listing.set_defaults(run=_list)

    delete = sub.add_parser("delete", help="delete a draft for good (a queued post: `studio queue cancel`)")
    delete.add_argument("id", type=record_id("draft", "studio drafts list"), metavar="ID")
    delete.set_defaults(run=_delete)


def _list(args: argparse.Namespace) -> int:
    import json

    from studio.store import PostStatus, open_store
    from studio.store.zones import user_zone

    with open_store() as store:
        every = max(1, store.posts.count((PostStatus.DRAFT,)))
        drafts = store.posts.drafts(search=args.search, limit=every)
        names = _account_names(store)
        zone = user_zone(store.settings.get().display_timezone)
    rows = [_row(post, names) for post in drafts]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        found = f"no draft contains {args.search!r}" if args.search.strip() else "no drafts"
        print(f"{found}: start one in the app (Compose), or import a CSV with `studio archive import`")
        return 0
    _print_table(drafts, rows, zone)
    return 0


def _account_names(store: Store) -> dict[int, str]:
    return {a.id: a.name for a in store.accounts.list()}


def _row(post: Post, names: dict[int, str]) -> dict[str, Any]:
    """The JSON of one draft: id, updated_at, first_line, accounts (names), pictures (a count)."""
    from studio.commands._queue_output import first_line, iso

    chosen = [names[a] for a in post.account_ids if a in names]
    if not chosen:  # a draft made before accounts were saved with it (a CSV import) has deliveries
        chosen = list(dict.fromkeys(d.account_name for d in post.deliveries))
    return {
        "id": post.id,
        "updated_at": iso(post.updated_at),
        "first_line": first_line(post.body.strip()),
        "accounts": chosen,
        "pictures": len(post.media),
    }


def _print_table(drafts: list[Post], rows: list[dict[str, Any]], zone: tzinfo | None) -> None:
    """Aligned columns: id, changed (in the workspace's zone), pictures, accounts, first line."""
    from studio.store.zones import show_time

    table = [("ID", "CHANGED", "PICS", "ACCOUNTS", "FIRST LINE")]
    for post, row in zip(drafts, rows, strict=True):
        line = row["first_line"]
        if len(line) > _FIRST_LINE:
            line = line[: _FIRST_LINE - 1] + "…"
        table.append(
            (
                str(row["id"]),
                show_time(post.updated_at, zone),
                str(row["pictures"]),
                ", ".join(row["accounts"]) or "-",
                line or "(no text yet)",
            )
        )
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    for r in table:
        cells = [r[0].rjust(widths[0]), r[1].ljust(widths[1]), r[2].rjust(widths[2]), r[3].ljust(widths[3])]
        print("  ".join([*cells, r[4]]).rstrip())


def _delete(args: argparse.Namespace) -> int:
    from studio.store import open_store

    with open_store() as store:
        post = store.posts.delete_draft(args.id)
    first = post.body.strip().splitlines()[0][:_FIRST_LINE] if post.body.strip() else "(no text)"
    print(f"draft {post.id} deleted: {first}")
    return 0
