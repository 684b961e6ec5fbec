"""`studio metrics`: read the engagement of published posts, or bring numbers for handoff networks."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from studio.commands._args import count, record_id

ORDER = 62

_COUNT = count(0, 1_000_000_000, "people")


def register(subparsers: Any) -> None:
    """Add `metrics` and its subcommands."""
    parser = subparsers.add_parser("metrics", help="likes, reposts and replies of published posts")
    sub = parser.add_subparsers(dest="metrics_command", metavar="ACTION", required=True)

    pull = sub.add_parser(
        "pull",
        help="read the counts that are due (1 hour, 1 day, 7 days after posting) from the networks",
        description="Read likes, reposts, replies and quotes from Mastodon and Bluesky: the posts due a "
        "snapshot (about 1 hour, 1 day and 7 days after posting, each once), or with --all every published "
        "post. Run it from cron or a systemd timer next to publish-due. An account whose server says to "
        "slow down waits until the time it gives; a post deleted on the network is never asked about again.",
    )
    pull.add_argument("--all", action="store_true", help="every published post now, not only what is due")
    pull.add_argument("--json", action="store_true", help="print what was done as one JSON object")
    pull.set_defaults(run=_pull)

    add = sub.add_parser("add", help="numbers typed in for one delivery (a handoff network has no API)")
    add.add_argument("delivery", type=record_id("delivery", "studio archive list"), metavar="DELIVERY_ID")
    add.add_argument("--likes", type=_COUNT, required=True, metavar="N")
    add.add_argument("--reposts", type=_COUNT, required=True, metavar="N")
    add.add_argument("--replies", type=_COUNT, required=True, metavar="N")
    add.add_argument("--quotes", type=_COUNT, default=None, metavar="N")
    add.add_argument("--url", default="", metavar="URL", help="the post's link, if it has none yet")
    add.set_defaults(run=_add)

    importing = sub.add_parser(
        "import", help="numbers from a CSV (columns: delivery_id or url, likes, reposts, replies, quotes)"
    )
    importing.add_argument("file", type=Path, metavar="FILE.csv", help="-: standard input")
    importing.set_defaults(run=_import)


def _pull(args: argparse.Namespace) -> int:
    from studio.listen.metrics import pull
    from studio.store import open_store

    shown = not args.json and sys.stderr.isatty()  # cron's mail gets the summary, not a counter

    def progress(done: int, total: int) -> None:
        if shown:
            print(f"\r{done}/{total} post(s)", end="", file=sys.stderr, flush=True)

    with open_store() as store:
        report = pull(store, args.credentials, due_only=not args.all, progress=progress)
    if report.asked and shown:
        print(file=sys.stderr)
    for name, problem in report.problems.items():
        print(f"error: account {name}: {problem}", file=sys.stderr)
    if args.json:
        doc = {
            "measured": report.recorded,
            "gone": report.gone,
            "calls": report.calls,
            "waiting": {k: v.strftime("%Y-%m-%dT%H:%M:%SZ") for k, v in report.waiting.items()},
            "problems": report.problems,
        }
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(report.summary())
    return 1 if report.problems else 0


def _add(args: argparse.Namespace) -> int:
    from studio.listen.typed import add_numbers
    from studio.store import open_store

    with open_store() as store:
        add_numbers(
            store, args.delivery, likes=args.likes, reposts=args.reposts, replies=args.replies,
            quotes=args.quotes, url=args.url,
        )  # fmt: skip
    print(f"kept the numbers of delivery {args.delivery}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from studio.commands._input import CSV_LIMIT, read_input
    from studio.listen.typed import import_numbers
    from studio.store import open_store

    text = read_input(
        args.file, limit=CSV_LIMIT, field=str(args.file), fix="save it as UTF-8 CSV", line_ends=False
    )
    with open_store() as store:
        report = import_numbers(store, text)
    for problem in report.errors:
        print(f"error: {args.file}: {problem.describe()}", file=sys.stderr)
    if report.errors:
        print(f"nothing imported: fix the {len(report.errors)} problem(s) above", file=sys.stderr)
        return 1
    print(f"imported the numbers of {report.kept} delivery(ies)")
    return 0
