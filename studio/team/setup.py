"""Making a team from this workspace, joining one from an empty workspace, and how the team stands."""

from __future__ import annotations

import secrets
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studio.errors import InputError
from studio.secrets import CredentialStore
from studio.store import Store
from studio.team.hub import HubError, connect, mapped, parse_hub, writing
from studio.team.hub_schema import migrate, schema_version
from studio.team.link import read_link, require_link, write_link
from studio.team.publishers import cached_publishers, fresh_publishers
from studio.team.rounds import SyncReport, sync_round

__all__ = ["TeamStatus", "create_team", "join_team", "team_status"]


@dataclass(frozen=True, slots=True)
class TeamStatus:
    """`studio team status`: the link, whether the hub answers, and what waits."""

    team: str
    member: str
    hub: str  # user@host:port/db
    reachable: bool
    why_not: str  # the reason when not reachable
    last_sync_at: datetime | None
    waiting: int  # local changes not in the hub yet (posts and deletes)
    conflicts: list[dict[str, Any]]  # the conflict copies here: post id, from whom, of which post
    publishers: dict[str, list[str]] | None = None  # account -> members whose laptops can publish for it

    def as_json(self) -> dict[str, Any]:
        """The JSON shape of `studio team status --json`."""
        return {
            "team": self.team, "member": self.member, "hub": self.hub, "reachable": self.reachable,
            "why_not": self.why_not, "waiting": self.waiting, "conflicts": self.conflicts,
            "publishers": self.publishers or {},
            "last_sync_at": self.last_sync_at.isoformat() if self.last_sync_at else None,
        }  # fmt: skip


def _name(value: str, what: str) -> str:
    value = value.strip()
    if not value or len(value) > 100 or not value.isprintable():
        raise InputError(
            what, f"{value[:40]!r} is not a usable name", "give a name of 1 to 100 printable characters"
        )
    return value


def _not_in_a_team(store: Store) -> None:
    link = read_link(store)
    if link is not None:
        raise InputError(
            f"workspace {store.workspace}",
            f"is already a copy of team {link.team!r}",
            "see `studio team status`",
        )


def create_team(
    store: Store, credentials: CredentialStore, hub: str, team: str, member: str, password: str | None = None
) -> SyncReport:
    """Make the hub's schema, the team and its first member (an admin), and upload this workspace."""
    team, member = _name(team, "--name"), _name(member, "--member")
    _not_in_a_team(store)
    address, in_url = parse_hub(hub)
    if password or in_url:
        credentials.set(address.key, password or in_url or "")
    conn = connect(address, credentials)
    copy_id = secrets.token_hex(16)
    try:
        migrate(conn, address)
        with writing(conn, address):
            row = conn.execute("SELECT value FROM studio.meta WHERE key = 'team'").fetchone()
            if row is not None:
                raise HubError(
                    f"team hub {address.shown}",
                    f"already holds team {row[0]!r}",
                    "join it from an empty workspace instead: studio team join --hub URL --member NAME",
                )
            conn.execute(
                "INSERT INTO studio.meta (key, value) VALUES ('team', %s), ('created_at', now()::text)",
                (team,),
            )
            conn.execute("INSERT INTO studio.members (name, role) VALUES (%s, 'admin')", (member,))
            conn.execute("INSERT INTO studio.copies (id, member) VALUES (%s, %s)", (copy_id, member))
    finally:
        conn.close()
    with store.db.write() as local:
        write_link(local, address, team, member, copy_id)
        # Every post this workspace already has is this laptop's change, to upload now.
        local.execute(
            "INSERT INTO team_posts (post_id, uid) SELECT id, lower(hex(randomblob(16))) FROM posts"
        )
    return sync_round(store, credentials)


def join_team(
    store: Store, credentials: CredentialStore, hub: str, member: str, password: str | None = None
) -> tuple[str, str, SyncReport]:
    """Join the hub's team from an empty workspace as `member`; (team, role, the first round)."""
    import psycopg

    member = _name(member, "--member")
    _not_in_a_team(store)
    if (count := store.posts.count()) > 0:
        raise InputError(
            f"workspace {store.workspace}",
            f"has {count} post(s); a laptop joins a team with an empty workspace",
            "join from a new workspace (set STUDIO_HOME to an empty folder), or make a team of this one: "
            "studio team create",
        )
    address, in_url = parse_hub(hub)
    if password or in_url:
        credentials.set(address.key, password or in_url or "")
    conn = connect(address, credentials)
    copy_id = secrets.token_hex(16)
    try:
        if schema_version(conn) == 0:
            raise HubError(
                f"team hub {address.shown}", "holds no Studio team", "make one first: studio team create"
            )
        migrate(conn, address)
        with writing(conn, address):
            row = conn.execute("SELECT value FROM studio.meta WHERE key = 'team'").fetchone()
            if row is None:
                raise HubError(
                    f"team hub {address.shown}", "holds no team yet", "make one: studio team create"
                )
            team = str(row[0])
            conn.execute(
                "INSERT INTO studio.members (name, role) VALUES (%s, 'author') ON CONFLICT (name) DO NOTHING",
                (member,),
            )
            found = conn.execute("SELECT role FROM studio.members WHERE name = %s", (member,)).fetchone()
            role = str(found[0]) if found else "author"
            conn.execute("INSERT INTO studio.copies (id, member) VALUES (%s, %s)", (copy_id, member))
    except psycopg.Error as error:
        raise mapped(address, error) from None
    finally:
        conn.close()
    with store.db.write() as local:
        write_link(local, address, team, member, copy_id)
    return team, role, sync_round(store, credentials)


def team_status(store: Store, credentials: CredentialStore) -> TeamStatus:
    """How this copy of the team stands; asks the hub whether it answers (a few seconds at most)."""
    link = require_link(store)
    with store.db.read() as local:
        waiting = int(local.execute("SELECT count(*) FROM team_posts WHERE dirty = 1").fetchone()[0])
        waiting += int(local.execute("SELECT count(*) FROM team_tombstones").fetchone()[0])
        conflicts = [
            {"post": int(r[0]), "from": r[1], "copy_of": r[2]}
            for r in local.execute(
                "SELECT t.post_id, t.conflict_from, "
                "(SELECT o.post_id FROM team_posts o WHERE o.uid = t.conflict_of) FROM team_posts t "
                "JOIN posts p ON p.id = t.post_id WHERE t.conflict_of IS NOT NULL ORDER BY t.post_id"
            )
        ]
    why_not, publishers = "", cached_publishers(store)
    try:
        conn = connect(link.hub, credentials)
    except HubError as error:
        why_not = error.line()
    else:
        with closing(conn):
            publishers = fresh_publishers(store, conn)
    return TeamStatus(
        link.team, link.member, link.hub.shown, not why_not, why_not, link.last_sync_at, waiting, conflicts,
        publishers,
    )  # fmt: skip
