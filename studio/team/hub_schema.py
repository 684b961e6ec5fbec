"""The hub's schema (PostgreSQL schema `studio`) and its forward-only migrations (docs/TEAM.md).

`studio.meta.schema_version` says where a hub is. A hub made by a newer Studio is refused, never changed.
Times are `timestamptz`; a post's content and a delivery's parts are JSON (`jsonb`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.team.hub import HubAddress, HubError, writing
from studio.team.hub_schema_v2 import V2
from studio.team.hub_schema_v3 import V3
from studio.team.hub_schema_v4 import V4

if TYPE_CHECKING:
    import psycopg

__all__ = ["LATEST", "MIGRATIONS", "migrate", "schema_version"]

_V1 = (
    "CREATE SCHEMA IF NOT EXISTS studio",
    "CREATE TABLE studio.meta (key text PRIMARY KEY, value text NOT NULL)",
    # One counter for every change, taken under the write lock: its order is the hub's commit order.
    "CREATE SEQUENCE studio.change_seq",
    """CREATE TABLE studio.members (
        name text PRIMARY KEY,
        role text NOT NULL CHECK (role IN ('author', 'reviewer', 'admin')),
        joined_at timestamptz NOT NULL DEFAULT now()
    )""",
    """CREATE TABLE studio.copies (
        id text PRIMARY KEY,  -- one laptop's workspace
        member text NOT NULL REFERENCES studio.members (name),
        joined_at timestamptz NOT NULL DEFAULT now(),
        last_sync_at timestamptz
    )""",
    # Accounts meet by name; their credentials stay in each laptop's keyring.
    """CREATE TABLE studio.accounts (
        name text PRIMARY KEY,
        network text NOT NULL,
        handle text NOT NULL DEFAULT '',
        instance_url text NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE studio.posts (
        uid text PRIMARY KEY,
        rev bigint NOT NULL,
        deleted boolean NOT NULL DEFAULT false,  -- a tombstone: the post was deleted
        status text NOT NULL,
        content jsonb NOT NULL,  -- body, times, series, incident, texts, formats, media, accounts
        hash text NOT NULL,
        conflict_of text,  -- a conflict copy: the post it copies, and the member whose version it keeps
        conflict_from text,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        changed_seq bigint NOT NULL
    )""",
    "CREATE INDEX posts_changed ON studio.posts (changed_seq)",
    """CREATE TABLE studio.deliveries (
        uid text PRIMARY KEY,  -- the delivery's idempotency key
        post_uid text NOT NULL REFERENCES studio.posts (uid),
        account_name text NOT NULL,
        network text NOT NULL,
        state text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        due_at timestamptz NOT NULL,
        next_attempt_at timestamptz,
        claimed_by text,
        claimed_copy text,
        claimed_at timestamptz,
        remote_id text,
        remote_url text,
        last_error text NOT NULL DEFAULT '',
        sent_at timestamptz,
        parts jsonb NOT NULL,  -- text, idempotency and record keys, what each part got from the network
        rev bigint NOT NULL,
        changed_seq bigint NOT NULL
    )""",
    "CREATE INDEX deliveries_changed ON studio.deliveries (changed_seq)",
    "CREATE INDEX deliveries_by_post ON studio.deliveries (post_uid)",
    """CREATE INDEX deliveries_waiting ON studio.deliveries (due_at, uid)
        WHERE state IN ('queued', 'retrying', 'sending')""",
)

# Later versions live in modules of their own: 2 reviews and roles; 3 kits and series; 4 pictures, publishers.
MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, V2, V3, V4)
LATEST = len(MIGRATIONS)


def schema_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The hub's schema version; 0 for a database that is not a Studio hub (yet)."""
    row = conn.execute("SELECT to_regclass('studio.meta') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute("SELECT value FROM studio.meta WHERE key = 'schema_version'").fetchone()
    return int(str(found[0])) if found else 0


def migrate(conn: psycopg.Connection[tuple[object, ...]], address: HubAddress) -> int:
    """Bring the hub's schema up to date (one transaction, under the write lock); the version found."""
    with writing(conn, address):
        found = schema_version(conn)
        if found > LATEST:
            raise HubError(
                f"team hub {address.shown}",
                f"was made by a newer Studio (hub schema {found}; this Studio knows up to {LATEST})",
                "update Studio on this laptop; the hub was not changed",
            )
        for statements in MIGRATIONS[found:]:
            for statement in statements:
                conn.execute(statement)
        if found < LATEST:
            conn.execute(
                "INSERT INTO studio.meta (key, value) VALUES ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (str(LATEST),),
            )
    return found
