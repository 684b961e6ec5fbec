"""`studio series`: recurring series with a backlog, numbering and blackout days from an ICS calendar."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.commands._args import count

if TYPE_CHECKING:
    from studio.workflows.series import SeriesPlan

ORDER = 55


def register(subparsers: Any) -> None:
    """Add `series` and its subcommands."""
    parser = subparsers.add_parser("series", help="recurring series: backlog, numbering, blackout days")
    sub = parser.add_subparsers(dest="series_command", metavar="ACTION", required=True)

    create = sub.add_parser("create", help="a new series, e.g. every Tuesday 10:00 local time")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--every", required=True, metavar="DAYS", help="tue | mon,wed,fri | weekdays | daily")
    create.add_argument(
        "--at", action="append", required=True, metavar="HH:MM", help="local time; repeatable"
    )
    create.add_argument("--zone", metavar="IANA", help="time zone of --at (default: the workspace's)")
    create.add_argument(
        "--account", action="append", required=True, metavar="NAME", help="repeat for several"
    )
    create.add_argument(
        "--title", default="", metavar="TEXT", help="numbered first line: 'Tech Tip #{number}'"
    )
    create.add_argument("--blackout", choices=["skip", "shift"], default="skip", help="on a blacked-out day")
    create.add_argument(
        "--first-number",
        type=count(1, 1_000_000_000, "episodes"),
        default=1,
        metavar="N",
        help="number of the next episode",
    )
    create.set_defaults(run=_create)

    add = sub.add_parser("add", help="add a draft to the series' backlog; prints the post id")
    add.add_argument("name", metavar="NAME")
    text = add.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help="the episode's text ({number} is replaced by its number)")
    text.add_argument(
        "--text-file", type=Path, metavar="F", help="read the text from a UTF-8 file (-: standard input)"
    )
    add.set_defaults(run=_add)

    for action, helptext in (
        ("plan", "the coming slots and what goes in each; warns when the backlog runs dry"),
        ("fill", "schedule the ready drafts into the coming slots, numbering them"),
    ):
        p = sub.add_parser(action, help=helptext)
        p.add_argument("name", metavar="NAME")
        p.add_argument(
            "--weeks", type=count(1, 520, "weeks"), default=4, metavar="N", help="how far ahead (default 4)"
        )
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.set_defaults(run=_plan if action == "plan" else _fill)

    listing = sub.add_parser("list", help="every series")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    listing.set_defaults(run=_list)

    blackouts = sub.add_parser("blackouts", help="import blackout days from an ICS calendar, or list them")
    blackouts.add_argument(
        "file", nargs="?", type=Path, metavar="FILE.ics", help="without it: list them (-: standard input)"
    )
    blackouts.add_argument("--calendar", metavar="NAME", help="name to import under (default: the file's)")
    blackouts.set_defaults(run=_blackouts)


def _create(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.series import create_series
    from studio.workflows.slots import workspace_zone

    with open_store() as store:
        zone = args.zone or workspace_zone(store.settings.get().display_timezone).key
        series = create_series(
            store,
            args.name,
            every=args.every,
            at=args.at,
            zone=zone,
            account_names=args.account,
            title=args.title,
            blackout_mode=args.blackout,
            first_number=args.first_number,
        )
    print(
        f"series {series.name!r}: {args.every} at {', '.join(series.times)} {series.timezone}",
        file=sys.stderr,
    )
    print(series.id)
    return 0


def _add(args: argparse.Namespace) -> int:
    from studio.commands._input import TEXT_LIMIT, read_input
    from studio.store import open_store
    from studio.workflows.series import add_to_backlog

    body = args.text
    if args.text_file is not None:
        field = f"--text-file {args.text_file}"
        body = read_input(args.text_file, limit=TEXT_LIMIT, field=field, fix="save the text as UTF-8")
    with open_store() as store:
        post = add_to_backlog(store, args.name, body)
    print(post.id)
    return 0


def _plan(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.series import plan_series

    with open_store() as store:
        plan = plan_series(store, args.name, weeks=args.weeks)
    return _show_plan(plan, args.json)


def _fill(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.series import fill_series

    with open_store() as store:
        plan = fill_series(store, args.name, weeks=args.weeks)
    return _show_plan(plan, args.json)


def _show_plan(plan: SeriesPlan, as_json: bool) -> int:
    from studio.workflows.series import zone_named

    zone = zone_named(plan.series.timezone)
    for warning in plan.warnings:
        print(f"warning: {plan.series.name}: {warning}", file=sys.stderr)
    if plan.waiting_review:
        print(f"{plan.waiting_review} draft(s) of {plan.series.name} wait for review", file=sys.stderr)
    if as_json:
        doc = {
            "series": plan.series.name,
            "slots": [
                {
                    "at": s.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "local": s.at.astimezone(zone).isoformat(),
                    "post_id": s.post_id,
                    "number": s.number,
                    "scheduled": s.scheduled,
                }
                for s in plan.slots
            ],
            "warnings": list(plan.warnings),
            "waiting_review": plan.waiting_review,
        }
        print(json.dumps(doc, indent=2))
        return 0
    for s in plan.slots:
        what = "(empty)" if s.post_id is None else f"post {s.post_id} #{s.number}"
        state = "scheduled" if s.scheduled else ("would take" if s.post_id else "")
        print(f"{s.at.astimezone(zone):%a %Y-%m-%d %H:%M %Z}\t{state}\t{what}".replace("\t\t", "\t"))
    return 0


def _list(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.recurrence import WEEKDAYS

    with open_store() as store:
        all_series = store.series.list_all()
        backlog = {s.id: len(store.series.backlog(s.name)) for s in all_series}
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "name": s.name,
                        "days": [WEEKDAYS[d] for d in s.weekdays],
                        "times": list(s.times),
                        "zone": s.timezone,
                        "next_number": s.next_number,
                        "backlog": backlog[s.id],
                    }
                    for s in all_series
                ],
                indent=2,
            )
        )
        return 0
    if not all_series:
        print("no series: create one with `studio series create NAME --every tue --at 10:00 --account NAME`")
    for s in all_series:
        days = ",".join(WEEKDAYS[d] for d in s.weekdays)
        when = f"{days} {' '.join(s.times)} {s.timezone}"
        print(f"{s.name}\t{when}\tnext #{s.next_number}\tbacklog {backlog[s.id]}")
    return 0


def _blackouts(args: argparse.Namespace) -> int:
    from studio.commands._input import CALENDAR_LIMIT, read_input
    from studio.errors import InputError
    from studio.store import open_store
    from studio.workflows.ics import parse_ics
    from studio.workflows.slots import workspace_zone

    if args.file is None:
        with open_store() as store:
            found = store.series.blackouts()
        for b in found:
            print(f"{b.start.isoformat()}\t{b.end.isoformat()}\t{b.calendar}\t{b.summary}")
        if not found:
            print("no blackout days: import a calendar with `studio series blackouts FILE.ics`")
        return 0
    text = read_input(args.file, limit=CALENDAR_LIMIT, field=str(args.file), fix="give a UTF-8 .ics file")
    with open_store() as store:
        zone = workspace_zone(store.settings.get().display_timezone)
    events, problems = parse_ics(text, zone)
    for problem in problems:
        print(f"error: {args.file}:{problem.line}: {problem.message}", file=sys.stderr)
    if not events:
        raise InputError(str(args.file), "has no usable event", "nothing was imported")
    calendar = args.calendar or ("stdin" if str(args.file) == "-" else args.file.stem)
    with open_store() as store:
        store.series.replace_calendar(calendar, [(e.start, e.end, e.summary) for e in events])
    print(f"imported {len(events)} blackout range(s) as calendar {calendar!r}")
    return 1 if problems else 0
