"""Turning rows into the store's dataclasses (shared by the repositories)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from studio.store.models import (
    Account,
    AccountOptions,
    Delivery,
    DeliveryPart,
    DeliveryState,
    MediaItem,
    MediaKind,
    Post,
    PostMedia,
    PostStatus,
)
from studio.store.times import from_db, from_db_opt

ACCOUNT_COLUMNS = (
    "id, network, name, handle, instance_url, owner, notes, options, needs_reconnect, reconnect_reason, "
    "last_checked_at, last_published_at, created_at"
)
_DELIVERY_COLUMNS = (
    "id, post_id, account_id, account_name, network, state, attempts, due_at, next_attempt_at, "
    "idempotency_key, claimed_by, claimed_at, remote_id, remote_url, last_error, sent_at, "
    "reply_to_delivery_id"
)
MEDIA_COLUMNS = "id, sha256, relpath, kind, focus_x, focus_y, alt_text, width, height, mime, size_bytes"
_CHUNK = 500  # stays under SQLite's limit on bound parameters


def account(row: Any) -> Account:
    """An accounts row (ACCOUNT_COLUMNS order) as an Account."""
    options = json.loads(str(row[7]))
    return Account(
        id=int(row[0]),
        network=str(row[1]),
        name=str(row[2]),
        handle=str(row[3]),
        instance_url=str(row[4]),
        owner=str(row[5]),
        notes=str(row[6]),
        options=AccountOptions(**options),
        needs_reconnect=bool(row[8]),
        reconnect_reason=str(row[9]),
        last_checked_at=from_db_opt(row[10]),
        last_published_at=from_db_opt(row[11]),
        created_at=from_db(str(row[12])),
    )


def media(row: Any) -> MediaItem:
    """A media row (MEDIA_COLUMNS order) as a MediaItem."""
    return MediaItem(
        id=int(row[0]),
        sha256=str(row[1]),
        relpath=str(row[2]),
        kind=MediaKind(row[3]),
        focus_x=float(row[4]),
        focus_y=float(row[5]),
        alt_text=str(row[6]),
        width=int(row[7]),
        height=int(row[8]),
        mime=str(row[9]),
        size_bytes=int(row[10]),
    )


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def _marks(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def deliveries_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Delivery]:
    """The deliveries with these ids, with their parts."""
    parts: dict[int, list[DeliveryPart]] = {}
    rows: list[Any] = []
    for chunk in _chunks(ids):
        marks = _marks(chunk)
        for p in conn.execute(
            "SELECT delivery_id, position, text, idempotency_key, record_key, remote_id, remote_uri, "
            f"remote_cid, sent_at FROM delivery_parts WHERE delivery_id IN ({marks}) "
            "ORDER BY delivery_id, position",
            chunk,
        ):
            parts.setdefault(p[0], []).append(
                DeliveryPart(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], from_db_opt(p[8]))
            )
        rows += conn.execute(f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE id IN ({marks})", chunk)
    return {int(r[0]): _delivery(r, tuple(parts.get(int(r[0]), ()))) for r in rows}


def _delivery(r: Any, parts: tuple[DeliveryPart, ...]) -> Delivery:
    return Delivery(
        id=int(r[0]),
        post_id=int(r[1]),
        account_id=None if r[2] is None else int(r[2]),
        account_name=str(r[3]),
        network=str(r[4]),
        state=DeliveryState(r[5]),
        attempts=int(r[6]),
        due_at=from_db(str(r[7])),
        next_attempt_at=from_db_opt(r[8]),
        idempotency_key=str(r[9]),
        claimed_by=None if r[10] is None else str(r[10]),
        claimed_at=from_db_opt(r[11]),
        remote_id=None if r[12] is None else str(r[12]),
        remote_url=None if r[13] is None else str(r[13]),
        last_error=str(r[14]),
        sent_at=from_db_opt(r[15]),
        parts=parts,
        reply_to_delivery_id=None if r[16] is None else int(r[16]),
    )


def posts_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, Post]:
    """The posts with these ids, with their media and deliveries (a few queries, not one per post)."""
    out: dict[int, Post] = {}
    for chunk in _chunks(ids):
        marks = _marks(chunk)
        deliveries: dict[int, list[Delivery]] = {}
        delivery_ids = [
            int(r[0]) for r in conn.execute(f"SELECT id FROM deliveries WHERE post_id IN ({marks})", chunk)
        ]
        for d in deliveries_by_id(conn, delivery_ids).values():
            deliveries.setdefault(d.post_id, []).append(d)
        attached: dict[int, list[PostMedia]] = {}
        cols = ", ".join(f"m.{c.strip()}" for c in MEDIA_COLUMNS.split(","))
        for r in conn.execute(
            f"SELECT pm.post_id, pm.position, pm.template, pm.caption, {cols} FROM post_media pm "
            f"JOIN media m ON m.id = pm.media_id WHERE pm.post_id IN ({marks}) "
            "ORDER BY pm.post_id, pm.position",
            chunk,
        ):
            attached.setdefault(r[0], []).append(PostMedia(media(r[4:]), r[1], r[2], r[3]))
        texts: dict[int, dict[str, str]] = {}
        for r in conn.execute(
            f"SELECT post_id, network, text FROM post_texts WHERE post_id IN ({marks})", chunk
        ):
            texts.setdefault(r[0], {})[r[1]] = r[2]
        formats: dict[int, dict[str, str]] = {}
        for r in conn.execute(
            f"SELECT post_id, network, format_id FROM post_formats WHERE post_id IN ({marks})", chunk
        ):
            formats.setdefault(r[0], {})[r[1]] = r[2]
        chosen: dict[int, list[int]] = {}
        for r in conn.execute(
            f"SELECT post_id, account_id FROM post_accounts WHERE post_id IN ({marks}) "
            "ORDER BY post_id, position",
            chunk,
        ):
            chosen.setdefault(r[0], []).append(int(r[1]))
        for r in conn.execute(
            "SELECT id, body, status, scheduled_at, series, incident, created_at, updated_at "
            f"FROM posts WHERE id IN ({marks})",
            chunk,
        ):
            post_id = int(r[0])
            out[post_id] = Post(
                id=post_id,
                body=r[1],
                status=PostStatus(r[2]),
                scheduled_at=from_db_opt(r[3]),
                series=r[4],
                incident=r[5],
                created_at=from_db(r[6]),
                updated_at=from_db(r[7]),
                media=tuple(attached.get(post_id, ())),
                deliveries=tuple(sorted(deliveries.get(post_id, ()), key=lambda d: d.id)),
                text_for=texts.get(post_id, {}),
                format_for=formats.get(post_id, {}),
                account_ids=tuple(chosen.get(post_id, ())),
            )
    return out
