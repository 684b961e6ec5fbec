"""`studio sync`: one round with the team's hub now (push this laptop's changes, pull the others').

Exit status: 0 done, 1 the hub cannot be reached or refused (one line says why; nothing local is lost: the
changes wait for the next round), 2 bad usage.
"""

from __future__ import annotations

import argparse
from typing import Any

ORDER = 71


def register(subparsers: Any) -> None:
    """Add `sync`."""
    parser = subparsers.add_parser(
        "sync",
        help="sync this team workspace with its hub now",
        description="Push this laptop's changes to the team's hub and pull everyone else's (docs/TEAM.md).",
        epilog="Exit status: 0 done, 1 the hub cannot be reached (the changes wait here), 2 bad usage.",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    import sys

    from studio.store import open_store
    from studio.team import sync_round

    with open_store() as store:
        report = sync_round(store, args.credentials)
    line = f"synced: {report.pushed} post(s) pushed, {report.pulled} pulled"
    if report.deleted:
        line += f", {report.deleted} delete(s) sent"
    if report.conflicts:
        line += f", {report.conflicts} conflict cop{'y' if report.conflicts == 1 else 'ies'} kept as drafts"
    print(line)
    for refused in report.refused:  # a kit from the hub this laptop will not write (its old one stays)
        print(f"warning: {refused}", file=sys.stderr)
    return 0
