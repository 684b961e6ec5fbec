"""`studio incident`: open, update, close and list outages and maintenance as threads of updates."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from studio.commands._args import count, read_time, record_id

if TYPE_CHECKING:
    from studio.brand import BrandKit
    from studio.store import Store
    from studio.store.incidents import Incident
    from studio.workflows import IncidentTexts, UpdateResult

ORDER = 50
_ID = record_id("incident", "studio incident list")
# A promise of the next update: up to a year ahead (a long maintenance); more is no promise.
_MINUTES = count(0, 366 * 24 * 60, "minutes")


def register(subparsers: Any) -> None:
    """Add `incident` and its subcommands."""
    parser = subparsers.add_parser("incident", help="outages and maintenance: a running thread of updates")
    sub = parser.add_subparsers(dest="incident_command", metavar="ACTION", required=True)

    opening = sub.add_parser("open", help="open an incident and post its first update; prints its id")
    opening.add_argument("--service", required=True, metavar="S", help="the service affected")
    opening.add_argument("--impact", required=True, metavar="TEXT", help="what people notice")
    opening.add_argument(
        "--account", action="append", required=True, metavar="NAME", help="repeat for several"
    )
    opening.add_argument("--kind", choices=["outage", "maintenance"], default="outage")
    opening.add_argument("--status-url", default="", metavar="URL", help="the status page")
    opening.add_argument("--start", metavar="ISO8601", help="when it started or will start (default: now)")
    _common(opening)
    opening.set_defaults(run=_open)

    update = sub.add_parser("update", help="post the next update, replying in the incident's thread")
    update.add_argument("id", type=_ID, metavar="ID")
    update.add_argument("--stage", required=True, metavar="STAGE", help="e.g. identified, monitoring")
    _common(update)
    update.set_defaults(run=_update)

    close = sub.add_parser("close", help="post the resolved/complete update and release held posts")
    close.add_argument("id", type=_ID, metavar="ID")
    close.add_argument("--text", help="the final update's text (default: the stage's template)")
    close.add_argument(
        "--kit",
        metavar="K",
        help="brand kit for the texts and the status card (default: the workspace's, see studio kit)",
    )
    close.add_argument("--no-card", action="store_true", help="post the text without a status card")
    close.set_defaults(run=_close)

    draft = sub.add_parser("draft", help="print the prefilled text of an update at STAGE, to edit")
    draft.add_argument("id", type=_ID, metavar="ID")
    draft.add_argument("--stage", required=True, metavar="STAGE")
    draft.add_argument("--next-update", type=_MINUTES, metavar="MINUTES")
    draft.add_argument(
        "--kit", metavar="K", help="brand kit whose incident texts to use (default: the workspace's)"
    )
    draft.set_defaults(run=_draft)

    held = sub.add_parser("held", help="the promotional posts an open outage holds (released when it closes)")
    held.add_argument("id", type=_ID, metavar="ID")
    held.set_defaults(run=_held)

    listing = sub.add_parser("list", help="incidents, open first, with the updates they owe")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    listing.set_defaults(run=_list)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--text", help="the update's text (default: the stage's template, filled in)")
    parser.add_argument(
        "--next-update", type=_MINUTES, metavar="MINUTES", help="promise the next update in MINUTES (0: none)"
    )
    parser.add_argument(
        "--kit",
        metavar="K",
        help="brand kit for the texts and the status card (default: the workspace's, see studio kit)",
    )
    parser.add_argument("--no-card", action="store_true", help="post the text without a status card")


def _kit(args: argparse.Namespace, store: Store) -> tuple[IncidentTexts, str, BrandKit | None]:
    """The texts, help desk and card kit: `--kit`, else the workspace's kit (no card with --no-card)."""
    from studio.brand import load_kit
    from studio.workflows.incident_texts import load_texts
    from studio.workflows.kits import workspace_kit

    kit = load_kit(args.kit) if args.kit else workspace_kit(store)
    card = None if getattr(args, "no_card", False) else kit
    return load_texts(kit.folder), kit.help_desk_url, card


def _zone(store: Store) -> tzinfo | None:
    from studio.store.zones import user_zone

    return user_zone(store.settings.get().display_timezone)


def _open(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows import IncidentKind, IncidentRequest, open_incident

    with open_store() as store:
        texts, help_desk, card = _kit(args, store)
        zone = _zone(store)
        start = read_time(args.start, zone, field="--start") if args.start else None
        result = open_incident(
            store,
            IncidentRequest(
                service=args.service,
                impact=args.impact,
                account_names=tuple(args.account),
                kind=IncidentKind(args.kind),
                status_url=args.status_url,
                started_at=start,
                next_update_minutes=args.next_update,
                text=args.text,
            ),
            texts,
            zone=zone,
            help_desk=help_desk,
            card_kit=card,
        )
        _report(store, result)
    print(result.incident.id)
    return 0


def _update(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows import post_update

    with open_store() as store:
        texts, help_desk, card = _kit(args, store)
        result = post_update(
            store,
            args.id,
            args.stage,
            texts,
            text=args.text,
            next_update_minutes=args.next_update,
            zone=_zone(store),
            help_desk=help_desk,
            card_kit=card,
        )
        _report(store, result)
    print(result.post.id)
    return 0


def _close(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows import close_incident

    with open_store() as store:
        texts, help_desk, card = _kit(args, store)
        result = close_incident(
            store, args.id, texts, text=args.text, zone=_zone(store), help_desk=help_desk, card_kit=card
        )
        _report(store, result)
    print(result.post.id)
    return 0


def _draft(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.store.times import now_utc
    from studio.workflows import IncidentKind, draft_text
    from studio.workflows.incidents import next_update_at
    from studio.workflows.stages import check_stage

    with open_store() as store:
        texts, help_desk, _ = _kit(args, store)
        incident = store.incidents.get(args.id)
        kind = IncidentKind(incident.kind)
        stage = check_stage(kind, incident.stage, args.stage) if incident.is_open else args.stage
        now = now_utc()
        promised = next_update_at(kind, stage, args.next_update, now)
        print(draft_text(incident, stage, texts, promised, zone=_zone(store), help_desk=help_desk, now=now))
    return 0


def _held(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.store.zones import show_time
    from studio.workflows import held_deliveries

    with open_store() as store:
        incident = store.incidents.get(args.id)
        zone = _zone(store)
        rows = [(d, store.posts.get(d.post_id)) for d in held_deliveries(store, incident.id)]
    if not rows:
        print(f"incident {incident.id} holds nothing")
    for delivery, post in rows:
        first = post.body.splitlines()[0] if post.body else ""
        when = show_time(delivery.due_at, zone)
        print(f"post {post.id}\t{delivery.account_name}\t{delivery.state.value}\tdue {when}\t{first[:60]}")
    return 0


def _report(store: Store, result: UpdateResult) -> None:
    """What happened, on stderr: the post, the thread, and the promotional posts held or released."""
    from studio.store.zones import show_time

    incident = result.incident
    names = ", ".join(d.account_name for d in result.post.deliveries)
    thread = "replies in the thread" if len(incident.updates) > 1 else "starts a thread"
    print(
        f"incident {incident.id} ({incident.service}): {incident.stage.replace('_', ' ')} update queued as "
        f"post {result.post.id} for {names}; it {thread} (send it: `studio publish-due`)",
        file=sys.stderr,
    )
    if incident.next_update_at is not None:
        print(f"next update promised by {show_time(incident.next_update_at, _zone(store))}", file=sys.stderr)
    if result.held:
        print(f"held {len(result.held)} promotional delivery(ies) on these accounts", file=sys.stderr)
    if result.released:
        print(f"released {len(result.released)} held promotional delivery(ies)", file=sys.stderr)
    if not incident.is_open:
        print(f"incident {incident.id} is closed", file=sys.stderr)


def _list(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.store.times import now_utc
    from studio.store.zones import show_time
    from studio.workflows import due_reminders

    now = now_utc()
    with open_store() as store:
        incidents = sorted(store.incidents.list_all(), key=lambda i: (not i.is_open, -i.id))
        names = {a.id: a.name for a in store.accounts.list()}
        held = {i.id: store.incidents.holds(i.id) if i.is_open else [] for i in incidents}
        zone = _zone(store)
    reminders = {r.incident_id: r for r in due_reminders(incidents, now)}
    if args.json:
        doc = [_incident_json(i, names, held[i.id], reminders.get(i.id) is not None) for i in incidents]
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    if not incidents:
        print("no incidents: open one with `studio incident open --service S --impact TEXT --account NAME`")
        return 0
    for i in incidents:
        state = "open" if i.is_open else "closed"
        due = ""
        if (r := reminders.get(i.id)) is not None:
            left = r.minutes_left(now)
            if r.overdue:
                due = f"\tUPDATE OVERDUE by {-left} min"
            else:
                due = f"\tupdate due in {left} min" if left > 0 else "\tupdate due now"
        elif i.next_update_at is not None:
            due = f"\tnext update by {show_time(i.next_update_at, zone)}"
        print(f"{i.id}\t{i.kind}\t{state}\t{i.stage.replace('_', ' ')}\t{i.service}{due}")
    return 0


def _incident_json(i: Incident, names: dict[int, str], held: list[int], due: bool) -> dict[str, Any]:
    return {
        "id": i.id,
        "kind": i.kind,
        "service": i.service,
        "impact": i.impact,
        "stage": i.stage,
        "status_url": i.status_url or None,
        "open": i.is_open,
        "accounts": [names.get(a, f"account {a}") for a in i.account_ids],
        "started_at": _iso(i.started_at),
        "next_update_at": _iso(i.next_update_at),
        "update_due": due,
        "closed_at": _iso(i.closed_at),
        "updates": [{"stage": u.stage, "post_id": u.post_id, "at": _iso(u.created_at)} for u in i.updates],
        "held_deliveries": held,
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
