"""`studio slots`: posting slots per account and the next free one."""

from __future__ import annotations

import argparse
from datetime import UTC
from typing import Any

from studio.commands._args import read_time

ORDER = 56


def register(subparsers: Any) -> None:
    """Add `slots` and its subcommands."""
    parser = subparsers.add_parser("slots", help="posting slots per account, and the next free one")
    sub = parser.add_subparsers(dest="slots_command", metavar="ACTION", required=True)

    setting = sub.add_parser("set", help="replace an account's slots, e.g. 'weekdays 09:30 and 15:00'")
    setting.add_argument("account", metavar="ACCOUNT")
    setting.add_argument("spec", nargs="+", metavar="SPEC", help="DAYS HH:MM [and HH:MM]; several allowed")
    setting.set_defaults(run=_set)

    show = sub.add_parser("show", help="an account's slots")
    show.add_argument("account", metavar="ACCOUNT")
    show.set_defaults(run=_show)

    nxt = sub.add_parser("next", help="the next slot with nothing due on the account (prints UTC ISO 8601)")
    nxt.add_argument("account", metavar="ACCOUNT")
    nxt.add_argument("--after", metavar="ISO8601", help="search from this time (default: now)")
    nxt.set_defaults(run=_next)


def _set(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.slots import describe_slots, parse_slot_spec

    slots = sorted({pair for spec in args.spec for pair in parse_slot_spec(spec)})
    with open_store() as store:
        account = store.accounts.by_name(args.account)
        store.series.set_account_slots(account.id, slots)
    print(f"{account.name}: {describe_slots(slots)}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.slots import describe_slots

    with open_store() as store:
        account = store.accounts.by_name(args.account)
        slots = store.series.account_slots(account.id)
    print(f"{account.name}: {describe_slots(slots)}")
    return 0


def _next(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.slots import next_free_slot, workspace_zone

    with open_store() as store:
        zone = workspace_zone(store.settings.get().display_timezone)
        after = read_time(args.after, zone, field="--after") if args.after else None
        moment = next_free_slot(store, args.account, after=after)
    print(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    return 0
