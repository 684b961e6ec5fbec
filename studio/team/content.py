"""A post as sync data, read from and written into the local SQLite workspace (docs/TEAM.md).

A post's *content* (body, status, times, series, incident, own texts, formats, picture references, account
names, its author and its review steps) is one JSON-able dict; its hash says whether the post was edited
since the revision it is based on. Review steps merge as a union by (who, when, what): writing a post never
removes one. Its deliveries travel beside it, each keyed by its idempotency key, with its parts and their
keys, so a resend from any laptop reuses the same keys. Pictures travel as references (SHA-256 and
description); their bytes are a later slice, so a picture pulled from the hub has a row but no file yet.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from studio.store.times import now_utc, to_db
from studio.team.incident_refs import incident_id_text, incident_uid

__all__ = [
    "DELIVERY_FIELDS",
    "HubPost",
    "content_hash",
    "ensure_account",
    "local_accounts",
    "local_content",
    "local_deliveries",
    "local_reviews",
    "step_key",
    "write_post",
]

Json = dict[str, Any]
_MEDIA = (
    "sha256",
    "relpath",
    "kind",
    "focus_x",
    "focus_y",
    "alt_text",
    "width",
    "height",
    "mime",
    "size_bytes",
)
_PART = (
    "position",
    "text",
    "idempotency_key",
    "record_key",
    "remote_id",
    "remote_uri",
    "remote_cid",
    "sent_at",
)
_STEP = ("at", "person", "action", "comment", "via")
DELIVERY_FIELDS = (
    "account_name", "network", "state", "attempts", "due_at", "next_attempt_at", "claimed_by", "claimed_at",
    "remote_id", "remote_url", "last_error", "sent_at",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class HubPost:
    """A post as the hub has it: content, revision, tombstone, conflict marks and deliveries."""

    uid: str
    rev: int
    deleted: bool
    content: Json
    conflict_of: str | None = None
    conflict_from: str | None = None
    deliveries: list[Json] = field(default_factory=list)  # DELIVERY_FIELDS + uid, rev, claimed_copy, parts
    accounts: dict[str, Json] = field(default_factory=dict)  # name -> network, handle, instance_url


def content_hash(content: Json) -> str:
    """The hash of a post's content (stable: sorted keys, no spaces)."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def local_content(conn: sqlite3.Connection, post_id: int) -> Json | None:
    """The local post's content; None when there is no such post."""
    row = conn.execute(
        "SELECT body, status, scheduled_at, series, incident, created_at FROM posts WHERE id = ?", (post_id,)
    ).fetchone()
    if row is None:
        return None
    media = [
        {**dict(zip(_MEDIA, r[2:], strict=True)), "template": r[0], "caption": r[1]}
        for r in conn.execute(
            f"SELECT pm.template, pm.caption, {', '.join('m.' + c for c in _MEDIA)} FROM post_media pm "
            "JOIN media m ON m.id = pm.media_id WHERE pm.post_id = ? ORDER BY pm.position",
            (post_id,),
        )
    ]
    return {
        "body": row[0], "status": row[1], "scheduled_at": row[2], "series": row[3],
        "incident": incident_uid(conn, row[4]),  # by uid: local incident ids differ between laptops
        "created_at": row[5],
        "author": _author(conn, post_id),  # the member whose laptop made it (None: not recorded)
        "reviews": local_reviews(conn, post_id),
        "texts": dict(conn.execute("SELECT network, text FROM post_texts WHERE post_id = ?", (post_id,))),
        "formats": dict(
            conn.execute("SELECT network, format_id FROM post_formats WHERE post_id = ?", (post_id,))
        ),
        "media": media,
        "accounts": [
            r[0]
            for r in conn.execute(
                "SELECT a.name FROM post_accounts pa JOIN accounts a ON a.id = pa.account_id "
                "WHERE pa.post_id = ? ORDER BY pa.position",
                (post_id,),
            )
        ],
    }  # fmt: skip


def local_reviews(conn: sqlite3.Connection, post_id: int) -> list[Json]:
    """The post's review steps as sync data, in a stable order (when, who, what)."""
    return [
        dict(zip(_STEP, r, strict=True))
        for r in conn.execute(
            f"SELECT {', '.join(_STEP)} FROM reviews WHERE post_id = ? ORDER BY at, person, action, id",
            (post_id,),
        )
    ]


def step_key(step: Json) -> tuple[str, str, str]:
    """What makes a review step itself: who, when, what. Steps merge as a union by it."""
    return (str(step["person"]), str(step["at"]), str(step["action"]))


def _author(conn: sqlite3.Connection, post_id: int) -> str | None:
    row = conn.execute("SELECT author FROM team_posts WHERE post_id = ?", (post_id,)).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def local_deliveries(conn: sqlite3.Connection, post_id: int) -> list[Json]:
    """The local post's deliveries as sync data, with the hub revision each is based on (0: never there)."""
    rows = conn.execute(
        f"SELECT d.id, d.idempotency_key, coalesce(t.rev, 0), {', '.join('d.' + c for c in DELIVERY_FIELDS)} "
        "FROM deliveries d LEFT JOIN team_deliveries t ON t.delivery_id = d.id "
        "WHERE d.post_id = ? ORDER BY d.id",
        (post_id,),
    ).fetchall()
    found = []
    for row in rows:
        parts = [
            dict(zip(_PART, p, strict=True))
            for p in conn.execute(
                f"SELECT {', '.join(_PART)} FROM delivery_parts WHERE delivery_id = ? ORDER BY position",
                (row[0],),
            )
        ]
        fields = dict(zip(DELIVERY_FIELDS, row[3:], strict=True))
        found.append({"id": row[0], "uid": row[1], "rev": row[2], **fields, "parts": parts})
    return found


def local_accounts(conn: sqlite3.Connection, names: set[str]) -> dict[str, Json]:
    """What the hub keeps of these local accounts: network, handle, server (never a credential)."""
    found: dict[str, Json] = {}
    for name in sorted(names):
        row = conn.execute(
            "SELECT network, handle, instance_url FROM accounts WHERE name = ?", (name,)
        ).fetchone()
        if row is not None:
            found[name] = {"network": row[0], "handle": row[1], "instance_url": row[2]}
    return found


def ensure_account(conn: sqlite3.Connection, name: str, info: Json | None) -> int:
    """The local id of the account called `name`, adding it (without a credential) when it is new here."""
    row = conn.execute("SELECT id FROM accounts WHERE name = ?", (name,)).fetchone()
    if row is not None:
        return int(row[0])
    info = info or {}
    cursor = conn.execute(
        "INSERT INTO accounts (network, name, handle, instance_url, created_at) VALUES (?, ?, ?, ?, ?)",
        (info.get("network", "mastodon"), name, info.get("handle", ""), info.get("instance_url", ""),
         to_db(now_utc())),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def _ensure_media(conn: sqlite3.Connection, item: Json) -> int:
    row = conn.execute("SELECT id FROM media WHERE sha256 = ?", (item["sha256"],)).fetchone()
    if row is not None:
        return int(row[0])
    cursor = conn.execute(
        f"INSERT INTO media ({', '.join(_MEDIA)}, created_at) VALUES ({', '.join('?' * (len(_MEDIA) + 1))})",
        (*(item[c] for c in _MEDIA), to_db(now_utc())),
    )
    return int(cursor.lastrowid or 0)


def write_post(
    conn: sqlite3.Connection, post_id: int | None, content: Json, accounts: dict[str, Json]
) -> int:
    """Write a post's content into the local workspace (a new post when `post_id` is None); its id."""
    values = (
        content["body"],
        content["status"],
        content["scheduled_at"],
        content["series"],
        incident_id_text(conn, content["incident"]),
    )
    moment = to_db(now_utc())
    if post_id is None:
        cursor = conn.execute(
            "INSERT INTO posts (body, status, scheduled_at, series, incident, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*values, content["created_at"], moment),
        )
        post_id = int(cursor.lastrowid or 0)
    else:
        conn.execute(
            "UPDATE posts SET body = ?, status = ?, scheduled_at = ?, series = ?, incident = ?, "
            "updated_at = ? WHERE id = ?",
            (*values, moment, post_id),
        )
    for table in ("post_texts", "post_formats", "post_media", "post_accounts"):
        conn.execute(f"DELETE FROM {table} WHERE post_id = ?", (post_id,))
    conn.executemany(
        "INSERT INTO post_texts (post_id, network, text) VALUES (?, ?, ?)",
        [(post_id, n, t) for n, t in sorted(content["texts"].items())],
    )
    conn.executemany(
        "INSERT INTO post_formats (post_id, network, format_id) VALUES (?, ?, ?)",
        [(post_id, n, f) for n, f in sorted(content["formats"].items())],
    )
    for position, item in enumerate(content["media"]):
        conn.execute(
            "INSERT INTO post_media (post_id, position, media_id, template, caption) VALUES (?, ?, ?, ?, ?)",
            (post_id, position, _ensure_media(conn, item), item["template"], item["caption"]),
        )
    _merge_reviews(conn, post_id, content.get("reviews", []))
    for position, name in enumerate(content["accounts"]):
        conn.execute(
            "INSERT INTO post_accounts (post_id, account_id, position) VALUES (?, ?, ?)",
            (post_id, ensure_account(conn, name, accounts.get(name)), position),
        )
    return post_id


def _merge_reviews(conn: sqlite3.Connection, post_id: int, steps: list[Json]) -> None:
    """Add the steps this post lacks here; never remove one (no approval is lost, even across a conflict)."""
    have = {step_key(step) for step in local_reviews(conn, post_id)}
    for step in steps:
        if step_key(step) not in have:
            have.add(step_key(step))
            conn.execute(
                f"INSERT INTO reviews (post_id, {', '.join(_STEP)}) VALUES (?, ?, ?, ?, ?, ?)",
                (post_id, *(step[c] for c in _STEP)),
            )
