"""Incidents and their reply chains through the hub (docs/TEAM.md).

An incident travels as one document: its fields, accounts (by name), updates (each names its post by uid)
and holds (each names a delivery by its idempotency key). The rule when two laptops changed one incident
while apart: **nothing is lost, the updates add up** — a push merges with the hub's version under the write
lock: the updates and holds of both (a hold released on either is released), closed if either closed it
(then at its final stage), else the stage and next-update time of the latest update; the other fields the
pushing laptop's.
A delivery that continues a thread (`reply_to_delivery_id`) is sent up as (its key, the key it replies to),
so each laptop links its own copies of the two deliveries. Both come down after the posts; one whose post
or delivery is not here yet waits for a later round.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from studio.store import Store
from studio.store.times import now_utc, to_db
from studio.team.content import content_hash, ensure_account, local_accounts
from studio.team.hub import writing
from studio.team.incident_refs import name_incidents
from studio.team.link import TeamLink, applying, set_shared_value, shared_value

if TYPE_CHECKING:
    import psycopg

__all__ = ["exchange_incidents", "merged"]

_CURSOR = "incidents_cursor"
_FIELDS = (
    "kind", "service", "impact", "status_url", "stage", "started_at", "next_update_at", "closed_at",
    "created_at",
)  # fmt: skip
Json = dict[str, Any]


def exchange_incidents(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> None:
    """Push the incidents changed here and the reply links made here, then pull the others'."""
    _push(store, conn, link)
    _push_replies(store, conn, link)
    _pull(store, conn)


def _content(local: sqlite3.Connection, incident_id: int) -> Json:
    row = local.execute(f"SELECT {', '.join(_FIELDS)} FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    accounts = local.execute(
        "SELECT a.name FROM incident_accounts i JOIN accounts a ON a.id = i.account_id "
        "WHERE i.incident_id = ? ORDER BY i.position",
        (incident_id,),
    )
    updates = local.execute(
        "SELECT t.uid, u.stage, u.next_update_at, u.created_at FROM incident_updates u "
        "JOIN team_posts t ON t.post_id = u.post_id WHERE u.incident_id = ? ORDER BY u.id",
        (incident_id,),
    ).fetchall()
    holds = local.execute(
        "SELECT d.idempotency_key, h.released_at FROM incident_holds h JOIN deliveries d "
        "ON d.id = h.delivery_id WHERE h.incident_id = ? ORDER BY d.idempotency_key",
        (incident_id,),
    ).fetchall()
    return {
        **dict(zip(_FIELDS, row, strict=True)),
        "accounts": [str(r[0]) for r in accounts],
        "updates": [
            {"post": u, "stage": st, "next_update_at": n, "created_at": c} for u, st, n, c in updates
        ],
        "holds": [{"delivery": d, "released_at": r} for d, r in holds],
    }


def merged(hub: Json, mine: Json) -> Json:
    """The hub's version and this laptop's as one: see the module's rule. The same on every laptop."""
    updates = {u["post"]: u for u in [*hub["updates"], *mine["updates"]]}
    ordered = sorted(updates.values(), key=lambda u: (u["created_at"], u["post"]))
    holds: dict[str, Json] = {}
    for hold in [*hub["holds"], *mine["holds"]]:
        released = [r for r in (hold["released_at"], holds.get(hold["delivery"], {}).get("released_at")) if r]
        holds[hold["delivery"]] = {"delivery": hold["delivery"], "released_at": max(released, default=None)}
    closed = [c for c in (hub["closed_at"], mine["closed_at"]) if c]
    result = {**mine, "updates": ordered, "holds": [holds[k] for k in sorted(holds)]}
    result["closed_at"] = min(closed, default=None)
    closer = hub if hub["closed_at"] and not mine["closed_at"] else mine
    if closer["closed_at"]:  # closed stays closed, at the stage it was closed with
        result["stage"], result["next_update_at"] = closer["stage"], closer["next_update_at"]
    elif ordered:
        result["stage"], result["next_update_at"] = ordered[-1]["stage"], ordered[-1]["next_update_at"]
    return result


def _push(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> None:
    with store.db.write() as local:
        name_incidents(local)
        waiting = []
        for incident_id, uid, base in local.execute(
            "SELECT incident_id, uid, base_hash FROM team_incidents ORDER BY incident_id"
        ).fetchall():
            content = _content(local, incident_id)
            if content_hash(content) != base:
                waiting.append((incident_id, uid, content, local_accounts(local, set(content["accounts"]))))
    for incident_id, uid, content, accounts in waiting:
        with writing(conn, link.hub):
            for name, info in accounts.items():
                conn.execute(
                    "INSERT INTO studio.accounts (name, network, handle, instance_url) "
                    "VALUES (%s, %s, %s, %s) ON CONFLICT (name) DO NOTHING",
                    (name, info["network"], info["handle"], info["instance_url"]),
                )
            row = conn.execute(
                "SELECT content FROM studio.incidents WHERE uid = %s FOR UPDATE", (uid,)
            ).fetchone()
            result = content if row is None else merged(dict(row[0]), content)
            conn.execute(
                "INSERT INTO studio.incidents (uid, content, hash, updated_by, changed_seq) "
                "VALUES (%s, %s, %s, %s, nextval('studio.change_seq')) ON CONFLICT (uid) DO UPDATE SET "
                "content = excluded.content, hash = excluded.hash, updated_by = excluded.updated_by, "
                "changed_seq = excluded.changed_seq",
                (uid, Jsonb(result), content_hash(result), link.member),
            )
        with applying(store) as local:
            _apply(local, incident_id, uid, result, accounts)


def _apply(
    local: sqlite3.Connection, incident_id: int | None, uid: str, content: Json, accounts: dict[str, Json]
) -> bool:
    """Make the local incident the hub's version; False when an update's post is not here yet (it waits)."""
    posts = {}
    for update in content["updates"]:
        found = local.execute("SELECT post_id FROM team_posts WHERE uid = ?", (update["post"],)).fetchone()
        if found is None:
            return False
        posts[update["post"]] = int(found[0])
    values = [content[f] for f in _FIELDS]
    if incident_id is None:
        cursor = local.execute(
            f"INSERT INTO incidents ({', '.join(_FIELDS)}, updated_at) "
            f"VALUES ({', '.join('?' * len(_FIELDS))}, ?)",
            (*values, to_db(now_utc())),
        )
        incident_id = int(cursor.lastrowid or 0)
        # Posts pulled before their incident named it by uid: now it has a local id.
        local.execute("UPDATE posts SET incident = ? WHERE incident = ?", (str(incident_id), uid))
    else:
        local.execute(
            f"UPDATE incidents SET {', '.join(f + ' = ?' for f in _FIELDS)}, updated_at = ? WHERE id = ?",
            (*values, to_db(now_utc()), incident_id),
        )
    local.execute("DELETE FROM incident_accounts WHERE incident_id = ?", (incident_id,))
    local.executemany(
        "INSERT OR IGNORE INTO incident_accounts (incident_id, account_id, position) VALUES (?, ?, ?)",
        [
            (incident_id, ensure_account(local, n, accounts.get(n)), i)
            for i, n in enumerate(content["accounts"])
        ],
    )
    have = {
        int(r[0])
        for r in local.execute("SELECT post_id FROM incident_updates WHERE incident_id = ?", (incident_id,))
    }
    for update in content["updates"]:
        if posts[update["post"]] not in have:
            local.execute(
                "INSERT INTO incident_updates (incident_id, stage, post_id, next_update_at, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    incident_id,
                    update["stage"],
                    posts[update["post"]],
                    update["next_update_at"],
                    update["created_at"],
                ),
            )
    for hold in content["holds"]:
        found = _delivery_id(local, hold["delivery"])
        if found is not None:
            local.execute(
                "INSERT INTO incident_holds (incident_id, delivery_id, released_at) VALUES (?, ?, ?) "
                "ON CONFLICT (incident_id, delivery_id) DO UPDATE SET "
                "released_at = coalesce(released_at, excluded.released_at)",
                (incident_id, found, hold["released_at"]),
            )
    local.execute("DELETE FROM team_incidents WHERE uid = ? AND incident_id <> ?", (uid, incident_id))
    local.execute(
        "INSERT OR REPLACE INTO team_incidents (incident_id, uid, base_hash) VALUES (?, ?, ?)",
        (incident_id, uid, content_hash(_content(local, incident_id))),
    )
    return True


def _push_replies(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> None:
    with store.db.read() as local:
        links = local.execute(
            "SELECT d.id, d.idempotency_key, r.idempotency_key FROM deliveries d "
            "JOIN deliveries r ON r.id = d.reply_to_delivery_id "
            "WHERE d.id NOT IN (SELECT delivery_id FROM team_replies) ORDER BY d.id"
        ).fetchall()
    if not links:
        return
    with writing(conn, link.hub), conn.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO studio.delivery_replies (delivery_uid, reply_to_uid, changed_seq) "
            "VALUES (%s, %s, nextval('studio.change_seq')) ON CONFLICT (delivery_uid) DO NOTHING",
            [(key, target) for _id, key, target in links],
        )
    with store.db.write() as local:
        local.executemany(
            "INSERT OR IGNORE INTO team_replies (delivery_id) VALUES (?)", [(r[0],) for r in links]
        )


def _pull(store: Store, conn: psycopg.Connection[Any]) -> None:
    cursor = int(shared_value(store, _CURSOR) or 0)
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        top_row = conn.execute(
            "SELECT greatest((SELECT max(changed_seq) FROM studio.incidents), "
            "(SELECT max(changed_seq) FROM studio.delivery_replies))"
        ).fetchone()
        incidents = conn.execute(
            "SELECT uid, content, changed_seq FROM studio.incidents WHERE changed_seq > %s "
            "ORDER BY changed_seq",
            (cursor,),
        ).fetchall()
        names = sorted({n for _u, content, _s in incidents for n in content.get("accounts", [])})
        accounts = {
            str(r[0]): {"network": r[1], "handle": r[2], "instance_url": r[3]}
            for r in conn.execute(
                "SELECT name, network, handle, instance_url FROM studio.accounts WHERE name = ANY(%s)",
                (names,),
            )
        }
        replies = conn.execute(
            "SELECT r.delivery_uid, r.reply_to_uid, r.changed_seq, "
            "EXISTS (SELECT 1 FROM studio.deliveries d WHERE d.uid = r.delivery_uid), "
            "EXISTS (SELECT 1 FROM studio.deliveries d WHERE d.uid = r.reply_to_uid) "
            "FROM studio.delivery_replies r WHERE r.changed_seq > %s ORDER BY r.changed_seq",
            (cursor,),
        ).fetchall()
    top = int(top_row[0]) if top_row and top_row[0] is not None else cursor
    with applying(store) as local:
        for uid, content, seq in incidents:
            mine = local.execute(
                "SELECT incident_id, base_hash FROM team_incidents WHERE uid = ?", (uid,)
            ).fetchone()
            if mine is not None and content_hash(_content(local, int(mine[0]))) != mine[1]:
                continue  # changed here since: its next push merges the two
            if not _apply(local, None if mine is None else int(mine[0]), uid, dict(content), accounts):
                top = min(top, int(seq) - 1)  # an update's post comes with a later round
                break
        for key, target, seq, *in_hub in replies:
            ids = [_delivery_id(local, k) for k in (key, target)]
            if None in ids:
                # Wait for a delivery the hub has and this laptop does not yet; one deleted for good: skip.
                if any(i is None and alive for i, alive in zip(ids, in_hub, strict=True)) and int(seq) <= top:
                    top = int(seq) - 1
                    break
                continue
            local.execute("UPDATE deliveries SET reply_to_delivery_id = ? WHERE id = ?", (ids[1], ids[0]))
            local.execute("INSERT OR IGNORE INTO team_replies (delivery_id) VALUES (?)", (ids[0],))
        set_shared_value(local, _CURSOR, str(max(cursor, top)))


def _delivery_id(local: sqlite3.Connection, key: str) -> int | None:
    found = local.execute("SELECT id FROM deliveries WHERE idempotency_key = ?", (key,)).fetchone()
    return None if found is None else int(found[0])
