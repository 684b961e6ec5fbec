"""A post's incident as sync data: the incident's hub uid in the hub, the local incident's id here.

`posts.incident` holds the local incident's id (as text) on each laptop, and ids differ between laptops, so
a post's content names its incident by uid. A post pulled before its incident keeps the uid until the
incident arrives (`studio.team.incidents` then puts the local id in); either way its content reads the same.
"""

from __future__ import annotations

import sqlite3

__all__ = ["incident_id_text", "incident_uid", "name_incidents"]


def incident_uid(conn: sqlite3.Connection, value: str) -> str:
    """What a post's `incident` column says, as the hub says it: the incident's uid ('' for none)."""
    if not value.isdigit():
        return value  # none, or a uid whose incident has not arrived yet
    row = conn.execute("SELECT uid FROM team_incidents WHERE incident_id = ?", (int(value),)).fetchone()
    return value if row is None else str(row[0])


def incident_id_text(conn: sqlite3.Connection, value: str) -> str:
    """A post's incident as the hub says it, for the local `incident` column: the local id when known."""
    if not value or value.isdigit():
        return value
    row = conn.execute("SELECT incident_id FROM team_incidents WHERE uid = ?", (value,)).fetchone()
    return value if row is None else str(row[0])


def name_incidents(conn: sqlite3.Connection) -> None:
    """Give every local incident without one its hub uid (inside the caller's write transaction)."""
    conn.execute(
        "INSERT INTO team_incidents (incident_id, uid) SELECT id, lower(hex(randomblob(16))) FROM incidents "
        "WHERE id NOT IN (SELECT incident_id FROM team_incidents)"
    )
