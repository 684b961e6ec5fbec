"""Pulling: the hub's changes since this copy's cursor, applied to the local workspace in one transaction.

A post arrives whole (content and every delivery). A post edited here since the last push is left alone:
its next push meets the hub's version by the conflict rule (docs/TEAM.md). A delivery this laptop claimed and
has an outcome for that is not pushed yet keeps its local state.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from studio.store import Store
from studio.store.times import now_utc, to_db
from studio.team.content import (
    DELIVERY_FIELDS,
    HubPost,
    content_hash,
    ensure_account,
    local_content,
    local_deliveries,
    step_key,
    write_post,
)
from studio.team.link import TeamLink, applying

if TYPE_CHECKING:
    import psycopg

__all__ = ["apply_post", "fetch_posts", "pull"]

_HUB_DELIVERY = "uid, post_uid, rev, claimed_copy, parts, " + ", ".join(
    DELIVERY_FIELDS
)  # the order `_delivery` reads
_TIMES = frozenset({"due_at", "next_attempt_at", "claimed_at", "sent_at"})


def pull(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> int:
    """Apply every hub change after the cursor; the number of posts that changed here."""
    with conn.transaction():
        # One snapshot: every write holds the hub's write lock, so what it shows is a prefix of `changed_seq`.
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        top = conn.execute(
            "SELECT greatest((SELECT max(changed_seq) FROM studio.posts), "
            "(SELECT max(changed_seq) FROM studio.deliveries))"
        ).fetchone()
        top_seq = int(top[0]) if top and top[0] is not None else link.cursor
        uids = [
            str(r[0])
            for r in conn.execute(
                "SELECT uid FROM studio.posts WHERE changed_seq > %(c)s "
                "UNION SELECT post_uid FROM studio.deliveries WHERE changed_seq > %(c)s",
                {"c": link.cursor},
            )
        ]
        posts = fetch_posts(conn, uids)
    changed = 0
    with applying(store) as local:
        for post in posts:
            changed += apply_post(local, post, link.copy_id)
        local.execute(
            "UPDATE team_link SET cursor = max(cursor, ?), last_sync_at = ? WHERE id = 1",
            (top_seq, to_db(now_utc())),
        )
    return changed


def fetch_posts(conn: psycopg.Connection[Any], uids: Sequence[str]) -> list[HubPost]:
    """These posts as the hub has them now, with their deliveries and accounts."""
    if not uids:
        return []
    rows = conn.execute(
        "SELECT uid, rev, deleted, content, conflict_of, conflict_from FROM studio.posts "
        "WHERE uid = ANY(%s) ORDER BY changed_seq",
        (list(uids),),
    ).fetchall()
    deliveries: dict[str, list[dict[str, Any]]] = {}
    for row in conn.execute(
        f"SELECT {_HUB_DELIVERY} FROM studio.deliveries WHERE post_uid = ANY(%s) ORDER BY uid", (list(uids),)
    ):
        deliveries.setdefault(str(row[1]), []).append(_delivery(row))
    names = sorted({d["account_name"] for found in deliveries.values() for d in found} | {
        name for row in rows for name in row[3].get("accounts", [])
    })  # fmt: skip
    accounts = {
        str(r[0]): {"network": r[1], "handle": r[2], "instance_url": r[3]}
        for r in conn.execute(
            "SELECT name, network, handle, instance_url FROM studio.accounts WHERE name = ANY(%s)", (names,)
        )
    }
    return [
        HubPost(
            str(r[0]), int(r[1]), bool(r[2]), dict(r[3]), r[4], r[5], deliveries.get(str(r[0]), []), accounts
        )
        for r in rows
    ]


def _delivery(row: Sequence[Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"uid": row[0], "rev": int(row[2]), "claimed_copy": row[3], "parts": list(row[4])}
    for name, value in zip(DELIVERY_FIELDS, row[5:], strict=True):
        found[name] = to_db(value) if name in _TIMES and isinstance(value, datetime) else value
    return found


def apply_post(conn: sqlite3.Connection, post: HubPost, copy_id: str, *, force: bool = False) -> bool:
    """Make the local copy of `post` the hub's (inside `applying`); False when it was left for its push.

    `force`: also over a local edit (the push already lost, and the edit was kept as a conflict copy).
    """
    row = conn.execute(
        "SELECT post_id, dirty, base_hash, rev FROM team_posts WHERE uid = ?", (post.uid,)
    ).fetchone()
    if post.deleted:
        if row is not None:
            conn.execute("DELETE FROM posts WHERE id = ?", (row[0],))
            conn.execute("DELETE FROM team_posts WHERE post_id = ?", (row[0],))
        return row is not None
    post_id = None if row is None else int(row[0])
    if row is not None and row[1] and not force:
        current = local_content(conn, int(row[0]))
        if current is not None and content_hash(current) != row[2]:
            return False
    if post_id is None or force or int(row[3]) != post.rev:  # an echo of this copy's own push stays as it is
        post_id = write_post(conn, post_id, post.content, post.accounts)
    keep_dirty = _apply_deliveries(conn, post_id, post, copy_id)
    applied = local_content(conn, post_id)
    author = post.content.get("author") or (applied or {}).get("author")
    if applied is not None:
        applied["author"] = author  # a new post's team_posts row (with its author) is written just below
    # Review steps only this laptop has (the union kept them): the post goes up again with them.
    hub_steps = {step_key(step) for step in post.content.get("reviews", [])}
    mine_only = any(step_key(step) not in hub_steps for step in (applied or {}).get("reviews", []))
    conn.execute(
        "INSERT INTO team_posts (post_id, uid, rev, base_hash, dirty, conflict_of, conflict_from, author) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (post_id) DO UPDATE SET rev = excluded.rev, "
        "base_hash = excluded.base_hash, dirty = excluded.dirty, conflict_of = excluded.conflict_of, "
        "conflict_from = excluded.conflict_from, author = coalesce(excluded.author, team_posts.author)",
        (post_id, post.uid, post.rev, "" if mine_only else content_hash(applied or {}),
         int(keep_dirty or mine_only), post.conflict_of,
         post.conflict_from, author),
    )  # fmt: skip
    return True


def _apply_deliveries(conn: sqlite3.Connection, post_id: int, post: HubPost, copy_id: str) -> bool:
    """The hub's deliveries into the local post; True when one keeps a local outcome still to push."""
    local = {d["uid"]: d for d in local_deliveries(conn, post_id)}
    wanted = {d["uid"] for d in post.deliveries}
    for uid, stale in local.items():
        if uid not in wanted:
            conn.execute("DELETE FROM deliveries WHERE id = ?", (stale["id"],))
    keep_dirty = False
    moment = to_db(now_utc())
    for d in post.deliveries:
        mine = local.get(d["uid"])
        ours = d["state"] == "sending" and d["claimed_copy"] == copy_id
        if mine is not None and ours and mine["state"] != "sending" and mine["attempts"] >= d["attempts"]:
            keep_dirty = True  # this laptop finished that attempt; the outcome goes up with the next push
            continue
        account_id = ensure_account(conn, d["account_name"], post.accounts.get(d["account_name"]))
        if mine is None:
            cursor = conn.execute(
                "INSERT INTO deliveries (post_id, account_id, account_name, network, state, due_at, "
                "idempotency_key, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?)",
                (post_id, account_id, d["account_name"], d["network"], d["due_at"], d["uid"], moment, moment),
            )
            delivery_id, old_state = int(cursor.lastrowid or 0), None
        else:
            delivery_id, old_state = int(mine["id"]), mine["state"]
        conn.execute("DELETE FROM delivery_parts WHERE delivery_id = ?", (delivery_id,))
        conn.executemany(
            "INSERT INTO delivery_parts (delivery_id, position, text, idempotency_key, record_key, "
            "remote_id, remote_uri, remote_cid, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(delivery_id, p["position"], p["text"], p["idempotency_key"], p["record_key"], p["remote_id"],
              p["remote_uri"], p["remote_cid"], p["sent_at"]) for p in d["parts"]],
        )  # fmt: skip
        fields = [f for f in DELIVERY_FIELDS if f != "state"]
        conn.execute(
            f"UPDATE deliveries SET account_id = ?, {', '.join(f + ' = ?' for f in fields)}, updated_at = ? "
            "WHERE id = ?",
            (account_id, *(d[f] for f in fields), moment, delivery_id),
        )
        if old_state != d["state"]:
            # After the parts: the archive's trigger indexes a delivery's text when it becomes sent.
            conn.execute("UPDATE deliveries SET state = ? WHERE id = ?", (d["state"], delivery_id))
            by = f", claimed by {d['claimed_by']}" if d["state"] == "sending" else ""
            conn.execute(
                "INSERT INTO delivery_events (delivery_id, at, kind, attempt, detail) "
                "SELECT id, ?, 'synced', attempts, ? FROM deliveries WHERE id = ?",
                (moment, f"{d['state']} in the team's hub{by}", delivery_id),
            )
        conn.execute(
            "INSERT OR REPLACE INTO team_deliveries (delivery_id, rev) VALUES (?, ?)", (delivery_id, d["rev"])
        )
    return keep_dirty
