"""`studio team`: one workspace per laptop, kept in step through a PostgreSQL hub; members and roles.

The design is docs/TEAM.md. The hub's password is read from stdin (`--password-stdin`) or from the URL (a
local test hub) and kept in the OS keyring; it is never printed or stored in the workspace.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

ORDER = 70
_HUB_HELP = "the hub: postgresql://USER@HOST:PORT/DATABASE (add ?sslmode=verify-full for TLS)"


def register(subparsers: Any) -> None:
    """Add `team` and its subcommands."""
    parser = subparsers.add_parser("team", help="share this workspace with a team through a PostgreSQL hub")
    sub = parser.add_subparsers(dest="team_command", metavar="ACTION", required=True)

    create = sub.add_parser("create", help="make a team of this workspace on a hub and upload it")
    create.add_argument("--hub", required=True, metavar="URL", help=_HUB_HELP)
    create.add_argument("--name", required=True, metavar="TEAM", help="the team's name")
    create.add_argument("--member", required=True, metavar="NAME", help="your name in the team (its admin)")
    create.add_argument("--password-stdin", action="store_true", help="read the hub's password from stdin")
    create.set_defaults(run=_create)

    join = sub.add_parser("join", help="join a team from an empty workspace: everything is pulled")
    join.add_argument("--hub", required=True, metavar="URL", help=_HUB_HELP)
    join.add_argument("--member", required=True, metavar="NAME", help="your name in the team")
    join.add_argument("--password-stdin", action="store_true", help="read the hub's password from stdin")
    join.set_defaults(run=_join)

    status = sub.add_parser("status", help="hub reachable, last sync, changes waiting, conflict copies")
    status.add_argument("--json", action="store_true", help="print it as JSON")
    status.set_defaults(run=_status)

    members = sub.add_parser("members", help="the team's members: name, role, when they joined, laptops")
    members.add_argument("--json", action="store_true", help="print them as JSON")
    members.set_defaults(run=_members)

    role = sub.add_parser("role", help="change a member's role (admins only)")
    role.add_argument("member", metavar="MEMBER", help="the member's name")
    role.add_argument("role", metavar="ROLE", help="author, reviewer or admin")
    role.set_defaults(run=_role)


def _password(args: argparse.Namespace) -> str | None:
    if not args.password_stdin:
        return None
    import getpass

    from studio.errors import InputError

    if sys.stdin.isatty():  # typed by hand: no echo
        password = getpass.getpass("The hub's password (not shown): ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InputError(
            "--password-stdin", "nothing was read from stdin", "pipe it in: ... < hub-password.txt"
        )
    return password


def _create(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.team import create_team

    password = _password(args)
    with open_store() as store:
        report = create_team(store, args.credentials, args.hub, args.name, args.member, password)
    print(f"team {args.name.strip()!r} created; {report.pushed} post(s) uploaded; you are its admin")
    return 0


def _join(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.team import join_team

    password = _password(args)
    with open_store() as store:
        team, role, report = join_team(store, args.credentials, args.hub, args.member, password)
    print(f"joined team {team!r} as {args.member.strip()} ({role}); {report.pulled} post(s) pulled")
    return 0


def _status(args: argparse.Namespace) -> int:
    import json

    from studio.store import open_store
    from studio.team import team_status

    with open_store() as store:
        status = team_status(store, args.credentials)
    if args.json:
        print(json.dumps(status.as_json(), indent=2, ensure_ascii=False))
        return 0
    last = status.last_sync_at.isoformat(timespec="seconds") if status.last_sync_at else "never"
    print(f"team\t{status.team}\nmember\t{status.member}\nhub\t{status.hub}")
    print(f"reachable\t{'yes' if status.reachable else 'no: ' + status.why_not}")
    print(f"last sync\t{last}\nwaiting\t{status.waiting} change(s)\nconflicts\t{len(status.conflicts)}")
    for conflict in status.conflicts:
        print(
            f"\tpost {conflict['post']}: conflict copy from {conflict['from']} of post {conflict['copy_of']}"
        )
    return 0


def _members(args: argparse.Namespace) -> int:
    import json

    from studio.store import open_store
    from studio.team.members import list_members

    with open_store() as store:
        members = list_members(store, args.credentials)
    if args.json:
        print(json.dumps([m.as_json() for m in members], indent=2, ensure_ascii=False))
        return 0
    for member in members:
        joined = member.joined_at.date().isoformat()
        print(f"{member.name}\t{member.role}\tjoined {joined}\t{member.laptops} laptop(s)")
    return 0


def _role(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.team.members import change_role

    with open_store() as store:
        member = change_role(store, args.credentials, args.member, args.role)
    print(f"{member.name} is now {member.role}")
    return 0
