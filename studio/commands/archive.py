"""`studio archive`: search published posts, export and import posts, the schedule as ICS."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studio.commands._args import check_month, count

ORDER = 60


def register(subparsers: Any) -> None:
    """Add `archive` and its subcommands."""
    parser = subparsers.add_parser("archive", help="published posts: search, export, import, calendar")
    sub = parser.add_subparsers(dest="archive_command", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="published posts with each delivery's link and engagement")
    listing.add_argument("--month", metavar="YYYY-MM", help="only what was published that month")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    listing.set_defaults(run=_list)

    search = sub.add_parser("search", help="full-text search of everything published")
    search.add_argument("query", metavar="WORDS")
    search.add_argument(
        "--fts", action="store_true", help='WORDS is an SQLite FTS5 query (AND, OR, NOT, "...")'
    )
    search.add_argument("--limit", type=count(1, 10_000, "results"), default=50, metavar="N")
    search.add_argument("--json", action="store_true", help="print one JSON array")
    search.set_defaults(run=_search)

    export = sub.add_parser("export", help="every post as CSV or JSON")
    export.add_argument(
        "--format", choices=["csv", "json"], default=None, help="default: from --out's suffix"
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE")
    export.set_defaults(run=_export)

    importing = sub.add_parser(
        "import", help="posts from a CSV file (columns: text, accounts, at, status, series)"
    )
    importing.add_argument("file", type=Path, metavar="FILE.csv", help="-: standard input")
    importing.add_argument(
        "--skip-bad", action="store_true", help="import the good rows even if some are bad"
    )
    importing.set_defaults(run=_import)

    ics = sub.add_parser("ics", help="the schedule (scheduled posts) as an ICS calendar")
    ics.add_argument("--out", type=Path, required=True, metavar="FILE.ics")
    ics.set_defaults(run=_ics)

    report = sub.add_parser("report", help="the monthly HTML report: totals, a chart, incidents, every post")
    report.add_argument("--month", required=True, metavar="YYYY-MM")
    report.add_argument("--out", type=Path, required=True, metavar="FILE.html")
    report.set_defaults(run=_report)


def _list(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.store.zones import show_time
    from studio.workflows.engagement import by_post, measure, metrics_json
    from studio.workflows.report import month_bounds
    from studio.workflows.slots import workspace_zone

    with open_store() as store:
        zone = workspace_zone(store.settings.get().display_timezone)
        bounds = month_bounds(check_month(args.month), zone) if args.month else (None, None)
        posts = by_post(measure(store, *bounds))
    if args.json:
        doc = [
            {
                "post_id": p.post_id,
                "sent_at": _utc(p.sent_at),
                "series": p.series,
                "incident": p.incident,
                "text": p.text,
                "deliveries": [
                    {
                        "delivery_id": m.entry.delivery_id,
                        "account": m.entry.account,
                        "network": m.entry.network,
                        "url": m.entry.remote_url,
                        "sent_at": _utc(m.entry.sent_at),
                        "metrics": metrics_json(m.counts),
                        "deleted": m.gone,
                    }
                    for m in p.deliveries
                ],
            }
            for p in posts
        ]
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    if not posts:
        print("nothing published" + (f" in {args.month}" if args.month else ""))
    for p in posts:
        first_line = (p.text.splitlines() or [""])[0][:60]
        print(f"post {p.post_id}\t{show_time(p.sent_at, zone)}\t{first_line}")
        for m in p.deliveries:
            c = m.counts
            numbers = (
                f"{c.likes} likes, {c.reposts} reposts, {c.replies} replies"
                + ("" if c.quotes is None else f", {c.quotes} quotes")
                if c is not None
                else "not measured"
            )
            gone = " (deleted)" if m.gone else ""
            print(f"  {m.entry.delivery_id}\t{m.entry.account}\t{m.entry.remote_url}\t{numbers}{gone}")
    return 0


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _search(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.store.zones import show_time, user_zone
    from studio.workflows.archive import search_archive

    with open_store() as store:
        hits = search_archive(store, args.query, raw=args.fts, limit=args.limit)
        zone = user_zone(store.settings.get().display_timezone)
    if args.json:
        doc = [
            {
                "post_id": h.post_id,
                "account": h.account,
                "network": h.network,
                "url": h.remote_url,
                "sent_at": h.sent_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "text": h.text,
                "snippet": h.snippet,
            }
            for h in hits
        ]
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    if not hits:
        print(f"nothing published matches {args.query!r}")
    for h in hits:
        snippet = " ".join(h.snippet.split())
        print(f"{show_time(h.sent_at, zone)}\t{h.account}\t{h.remote_url}\t{snippet}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from studio.errors import InputError
    from studio.store import open_store
    from studio.workflows.exports import all_posts, export_csv, export_json, latest_metrics, write_atomic

    kind = args.format or args.out.suffix.lower().lstrip(".")
    if kind not in ("csv", "json"):
        raise InputError(
            f"--out {args.out}", "the format is not clear from the name", "add --format csv or json"
        )
    with open_store() as store:
        posts = all_posts(store)
        metrics = latest_metrics(store, posts)
    write_atomic(args.out, export_csv(posts, metrics) if kind == "csv" else export_json(posts, metrics))
    print(f"exported {len(posts)} post(s) to {args.out}", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace) -> int:
    from studio.commands._input import CSV_LIMIT, read_input
    from studio.store import open_store
    from studio.store.zones import user_zone
    from studio.workflows.csv_import import import_csv

    # line_ends=False: the csv module reads line ends itself (a CR inside a quoted cell is text)
    text = read_input(
        args.file, limit=CSV_LIMIT, field=str(args.file), fix="save it as UTF-8 CSV", line_ends=False
    )
    with open_store() as store:
        zone = user_zone(store.settings.get().display_timezone)
        report = import_csv(store, text, zone=zone, skip_bad=args.skip_bad)
    for problem in report.errors:
        print(f"error: {args.file}: {problem.describe()}", file=sys.stderr)
    if report.errors and not args.skip_bad:
        print(
            f"nothing imported: fix the {len(report.errors)} problem(s) above, or use --skip-bad",
            file=sys.stderr,
        )
        return 1
    print(
        f"imported {len(report.created)} of {report.rows} row(s): posts {', '.join(map(str, report.created))}"
    )
    return 1 if report.errors else 0


def _ics(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.store.times import now_utc
    from studio.workflows.exports import all_posts, schedule_ics, write_atomic

    with open_store() as store:
        posts = all_posts(store)
    write_atomic(args.out, schedule_ics(posts, now=now_utc()))
    count = sum(1 for p in posts if p.status.value == "scheduled" and p.scheduled_at is not None)
    print(f"wrote {count} scheduled post(s) to {args.out}", file=sys.stderr)
    return 0


def _report(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.exports import write_atomic
    from studio.workflows.report import monthly_report
    from studio.workflows.slots import workspace_zone

    with open_store() as store:
        zone = workspace_zone(store.settings.get().display_timezone)
        text = monthly_report(store, check_month(args.month), zone)
    write_atomic(args.out, text)
    print(f"wrote the report for {args.month} to {args.out}", file=sys.stderr)
    return 0
