"""This laptop's side of a team: the link to the hub (`team_link`) and applying hub changes unnoticed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from studio.errors import InputError
from studio.store import Store
from studio.store.times import from_db_opt, now_utc, to_db
from studio.team.hub import HubAddress

__all__ = [
    "NOT_IN_A_TEAM",
    "TeamLink",
    "applying",
    "read_link",
    "require_link",
    "set_shared_value",
    "shared_value",
    "write_link",
]

NOT_IN_A_TEAM = (
    "make it one with `studio team create`, or join one from an empty workspace: `studio team join`"
)


@dataclass(frozen=True, slots=True)
class TeamLink:
    """The hub this workspace is a copy of, who works here, and how far it has pulled."""

    hub: HubAddress
    team: str
    member: str
    copy_id: str
    cursor: int
    last_sync_at: datetime | None


def read_link(store: Store) -> TeamLink | None:
    """The workspace's team link; None for a solo workspace."""
    with store.db.read() as conn:
        row = conn.execute(
            "SELECT hub, team, member, copy_id, cursor, last_sync_at FROM team_link WHERE id = 1"
        ).fetchone()
    if row is None:
        return None
    return TeamLink(
        HubAddress(str(row[0])), str(row[1]), str(row[2]), str(row[3]), int(row[4]), from_db_opt(row[5])
    )


def require_link(store: Store) -> TeamLink:
    """The team link, or InputError saying this is a solo workspace."""
    link = read_link(store)
    if link is None:
        raise InputError(f"workspace {store.workspace}", "is not part of a team", NOT_IN_A_TEAM)
    return link


def write_link(conn: sqlite3.Connection, hub: HubAddress, team: str, member: str, copy_id: str) -> None:
    """Make the workspace a copy of the team (inside the caller's write transaction)."""
    conn.execute(
        "INSERT INTO team_link (id, hub, team, member, copy_id, created_at) VALUES (1, ?, ?, ?, ?, ?)",
        (hub.conninfo, team, member, copy_id, to_db(now_utc())),
    )


@contextmanager
def applying(store: Store) -> Iterator[sqlite3.Connection]:
    """A write transaction of changes from the hub: the triggers neither mark them nor refuse claims."""
    with store.db.write() as conn:
        conn.execute("INSERT INTO team_applying (id) VALUES (1)")
        try:
            yield conn
        finally:
            conn.execute("DELETE FROM team_applying")


def shared_value(store: Store, key: str) -> str | None:
    """A value this laptop keeps about the team (`team_shared`: a pull cursor, the kit choice, ...)."""
    with store.db.read() as local:
        row = local.execute("SELECT value FROM team_shared WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_shared_value(local: sqlite3.Connection, key: str, value: str) -> None:
    """Keep a `team_shared` value, inside the caller's write (a cursor moves with what it pulled)."""
    local.execute("INSERT OR REPLACE INTO team_shared (key, value) VALUES (?, ?)", (key, value))
