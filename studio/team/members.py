"""The team's members and their roles (author, reviewer, admin), kept in the hub (`studio.members`).

Each laptop keeps the list as last synced (`team_members`), so the review rules hold offline too. Only an
admin changes a role, in the hub under its write lock; the last admin stays an admin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from studio.errors import InputError
from studio.secrets import CredentialStore
from studio.store import Store
from studio.store.times import from_db, to_db
from studio.team.hub import connect, mapped, writing
from studio.team.link import require_link

if TYPE_CHECKING:
    import psycopg

__all__ = ["ROLES", "Member", "change_role", "list_members", "local_members", "local_role", "pull_members"]

ROLES = ("author", "reviewer", "admin")
_HUB_MEMBERS = (
    "SELECT m.name, m.role, m.joined_at, (SELECT count(*) FROM studio.copies c WHERE c.member = m.name) "
    "FROM studio.members m ORDER BY m.joined_at, m.name"
)


@dataclass(frozen=True, slots=True)
class Member:
    """One member of the team: name, role, when they joined, and how many laptops they have joined from."""

    name: str
    role: str
    joined_at: datetime
    laptops: int

    def as_json(self) -> dict[str, Any]:
        """The JSON shape of one member in `studio team members --json`."""
        joined = self.joined_at.isoformat()
        return {"name": self.name, "role": self.role, "joined": joined, "laptops": self.laptops}


def pull_members(store: Store, conn: psycopg.Connection[Any]) -> list[Member]:
    """The hub's members now, also kept here as the list last synced."""
    found = [Member(str(r[0]), str(r[1]), r[2], int(r[3])) for r in conn.execute(_HUB_MEMBERS)]
    with store.db.write() as local:
        local.execute("DELETE FROM team_members")
        local.executemany(
            "INSERT INTO team_members (name, role, joined_at, laptops) VALUES (?, ?, ?, ?)",
            [(m.name, m.role, to_db(m.joined_at), m.laptops) for m in found],
        )
    return found


def local_members(store: Store) -> list[Member]:
    """The members as last synced to this laptop (empty in a solo workspace)."""
    with store.db.read() as conn:
        return [
            Member(str(r[0]), str(r[1]), from_db(r[2]), int(r[3]))
            for r in conn.execute(
                "SELECT name, role, joined_at, laptops FROM team_members ORDER BY joined_at"
            )
        ]


def local_role(store: Store, name: str) -> str | None:
    """A member's role as last synced (any case of the name); None when not a member (or solo)."""
    with store.db.read() as conn:
        row = conn.execute("SELECT role FROM team_members WHERE name = ?", (name,)).fetchone()
    return None if row is None else str(row[0])


def list_members(store: Store, credentials: CredentialStore) -> list[Member]:
    """`studio team members`: the hub's list (HubError, one line, when it cannot be reached)."""
    import psycopg

    link = require_link(store)
    conn = connect(link.hub, credentials)
    try:
        return pull_members(store, conn)
    except psycopg.Error as error:
        raise mapped(link.hub, error) from None
    finally:
        conn.close()


def change_role(store: Store, credentials: CredentialStore, member: str, role: str) -> Member:
    """`studio team role MEMBER ROLE`: only an admin may; the team keeps at least one admin."""
    import psycopg

    link = require_link(store)
    if role not in ROLES:
        raise InputError(f"role {role!r}", "is not a team role", f"use one of: {', '.join(ROLES)}")
    conn = connect(link.hub, credentials)
    try:
        with writing(conn, link.hub):
            rows = conn.execute("SELECT name, role FROM studio.members FOR UPDATE").fetchall()
            roles = {str(name): str(now) for name, now in rows}
            if roles.get(link.member) != "admin":
                raise InputError(
                    f"studio team role {member}",
                    f"{link.member} is {roles.get(link.member, 'not a member')}: only an admin changes roles",
                    "ask an admin of the team",
                )
            target = next((n for n in roles if n == member), None) or next(
                (n for n in roles if n.lower() == member.lower()), None
            )
            if target is None:
                raise InputError(
                    f"member {member!r}", f"is not in team {link.team!r}", "see who is: studio team members"
                )
            admins = [n for n, r in roles.items() if r == "admin"]
            if role != "admin" and admins == [target]:
                raise InputError(
                    f"member {target!r}", "is the team's only admin", "make another member an admin first"
                )
            conn.execute("UPDATE studio.members SET role = %s WHERE name = %s", (role, target))
        found = pull_members(store, conn)
    except psycopg.Error as error:
        raise mapped(link.hub, error) from None
    finally:
        conn.close()
    return next(m for m in found if m.name == target)
