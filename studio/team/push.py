"""Pushing: this laptop's changed posts, their deliveries and its tombstones, in one hub transaction.

The rule (docs/TEAM.md): a post's content changes in the hub only when the push is based on the hub's current
revision; otherwise the push *loses* and the caller keeps the local version as a draft conflict copy. A
delivery changes when the push is based on its current revision, or when this laptop holds its claim and
reports the outcome; otherwise the hub's version stays and the next pull brings it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from studio.store import Store
from studio.store.times import from_db_opt
from studio.team.content import DELIVERY_FIELDS, content_hash, local_accounts, local_content, local_deliveries
from studio.team.hub import writing
from studio.team.link import TeamLink

if TYPE_CHECKING:
    import psycopg

__all__ = ["Pushed", "push"]

_TIMES = frozenset({"due_at", "next_attempt_at", "claimed_at", "sent_at"})
_KEPT = ("sending", "sent", "handed_off")  # never dropped from the hub: they are out, or on their way


@dataclass
class _Item:
    post_id: int
    uid: str
    rev: int
    base_hash: str
    content: dict[str, Any]
    deliveries: list[dict[str, Any]]
    accounts: dict[str, dict[str, Any]]
    conflict_of: str | None
    conflict_from: str | None

    @property
    def hash(self) -> str:
        return content_hash(self.content)


@dataclass
class Pushed:
    """What one push did."""

    posts: int = 0  # posts whose content or deliveries went up
    deleted: int = 0  # tombstones the hub took
    lost: list[tuple[int, str, dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    # (local post id, uid, its content, its accounts): another laptop changed it first
    refetch: list[str] = field(default_factory=list)  # uids to take from the hub as they are now


def push(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> Pushed:
    """Push every dirty post and every tombstone; the local marks follow what the hub took."""
    with store.db.read() as local:
        rows = local.execute(
            "SELECT post_id, uid, rev, base_hash, conflict_of, conflict_from FROM team_posts WHERE dirty = 1 "
            "ORDER BY post_id"
        ).fetchall()
        items = []
        for post_id, uid, rev, base, of, by in rows:
            content = local_content(local, post_id)
            if content is None:
                continue
            deliveries = local_deliveries(local, post_id)
            names = set(content["accounts"]) | {d["account_name"] for d in deliveries}
            items.append(
                _Item(post_id, uid, rev, base, content, deliveries, local_accounts(local, names), of, by)
            )
        tombs = local.execute("SELECT uid, rev FROM team_tombstones ORDER BY uid").fetchall()
    result = Pushed()
    if not items and not tombs:
        return result
    taken: list[tuple[_Item, int, dict[int, int]]] = []
    gone: list[str] = []
    with writing(conn, link.hub):
        for item in items:
            outcome = _push_post(conn, item, link)
            if outcome is None:
                result.lost.append((item.post_id, item.uid, item.content, item.accounts))
            else:
                taken.append((item, *outcome))
        for uid, rev in tombs:
            found = conn.execute(
                "SELECT rev, deleted FROM studio.posts WHERE uid = %s FOR UPDATE", (uid,)
            ).fetchone()
            if found is not None and not found[1] and int(found[0]) != rev:
                result.refetch.append(uid)  # edited elsewhere first: the edit wins, the post comes back
            elif found is not None and not found[1]:
                conn.execute(
                    "UPDATE studio.posts SET deleted = true, rev = rev + 1, updated_by = %s, "
                    "updated_at = now(), changed_seq = nextval('studio.change_seq') WHERE uid = %s",
                    (link.member, uid),
                )
                conn.execute(
                    "DELETE FROM studio.deliveries WHERE post_uid = %s AND state <> ALL(%s)",
                    (uid, list(_KEPT)),
                )
                result.deleted += 1
            gone.append(uid)
        conn.execute("UPDATE studio.copies SET last_sync_at = now() WHERE id = %s", (link.copy_id,))
    with store.db.write() as local:
        for item, rev, delivery_revs in taken:
            now_content = local_content(local, item.post_id)
            same = now_content == item.content and _plain(local_deliveries(local, item.post_id)) == _plain(
                item.deliveries
            )
            local.execute(
                "UPDATE team_posts SET rev = ?, base_hash = ?, dirty = ? WHERE post_id = ?",
                (rev, item.hash, int(not same), item.post_id),
            )
            local.executemany(
                "INSERT OR REPLACE INTO team_deliveries (delivery_id, rev) VALUES (?, ?)",
                sorted(delivery_revs.items()),
            )
        local.executemany("DELETE FROM team_tombstones WHERE uid = ?", [(uid,) for uid in gone])
    result.posts = len(taken)
    return result


def _plain(deliveries: list[dict[str, Any]]) -> str:
    return json.dumps([{k: v for k, v in d.items() if k != "rev"} for d in deliveries], sort_keys=True)


def _push_post(
    conn: psycopg.Connection[Any], item: _Item, link: TeamLink
) -> tuple[int, dict[int, int]] | None:
    """Push one post; (its revision now, the deliveries' revisions) or None when the push lost."""
    for name, info in item.accounts.items():
        conn.execute(
            "INSERT INTO studio.accounts (name, network, handle, instance_url) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (name) DO NOTHING",
            (name, info["network"], info["handle"], info["instance_url"]),
        )
    row = conn.execute(
        "SELECT rev, deleted, hash FROM studio.posts WHERE uid = %s FOR UPDATE", (item.uid,)
    ).fetchone()
    changed = item.rev == 0 or item.hash != item.base_hash
    values = {
        "uid": item.uid, "status": item.content["status"], "content": Jsonb(item.content), "hash": item.hash,
        "of": item.conflict_of, "by": item.conflict_from, "member": link.member,
    }  # fmt: skip
    rev = item.rev
    won = False
    if row is None:
        conn.execute(
            "INSERT INTO studio.posts (uid, rev, status, content, hash, conflict_of, conflict_from, "
            "updated_by, changed_seq) VALUES (%(uid)s, 1, %(status)s, %(content)s, %(hash)s, %(of)s, "
            "%(by)s, %(member)s, nextval('studio.change_seq'))",
            values,
        )
        rev, won = 1, True
    elif row[1] or (changed and int(row[0]) != item.rev):
        if row[1] or row[2] != item.hash:
            return None
        rev = int(row[0])  # the hub has this very content already (an answer lost on the way back)
    elif changed:
        conn.execute(
            "UPDATE studio.posts SET rev = rev + 1, status = %(status)s, content = %(content)s, "
            "hash = %(hash)s, conflict_of = %(of)s, conflict_from = %(by)s, updated_by = %(member)s, "
            "updated_at = now(), changed_seq = nextval('studio.change_seq') WHERE uid = %(uid)s",
            values,
        )
        rev, won = int(row[0]) + 1, True
    revs = {
        d["id"]: r for d in item.deliveries if (r := _push_delivery(conn, item.uid, d, link, won)) is not None
    }
    if won:
        conn.execute(
            "DELETE FROM studio.deliveries WHERE post_uid = %s AND uid <> ALL(%s) AND state <> ALL(%s)",
            (item.uid, [d["uid"] for d in item.deliveries], list(_KEPT)),
        )
    return rev, revs


def _push_delivery(
    conn: psycopg.Connection[Any], post_uid: str, d: dict[str, Any], link: TeamLink, won: bool
) -> int | None:
    """Push one delivery by the rule above; its hub revision afterwards (None: the hub's stays)."""
    values = {f: from_db_opt(d[f]) if f in _TIMES else d[f] for f in DELIVERY_FIELDS}
    values.update(uid=d["uid"], post_uid=post_uid, parts=Jsonb(d["parts"]))
    row = conn.execute(
        "SELECT rev, state, claimed_copy, parts, " + ", ".join(DELIVERY_FIELDS) + " FROM studio.deliveries "
        "WHERE uid = %s FOR UPDATE",
        (d["uid"],),
    ).fetchone()
    columns = ", ".join(DELIVERY_FIELDS)
    if row is None:
        if not (won or d["rev"] == 0):
            return None
        conn.execute(
            f"INSERT INTO studio.deliveries (uid, post_uid, parts, {columns}, rev, changed_seq) VALUES "
            f"(%(uid)s, %(post_uid)s, %(parts)s, {', '.join(f'%({f})s' for f in DELIVERY_FIELDS)}, 1, "
            "nextval('studio.change_seq'))",
            values,
        )
        return 1
    hub_rev, hub_state, claimed_copy = int(row[0]), row[1], row[2]
    reporting = hub_state == "sending" and claimed_copy == link.copy_id and d["state"] != "sending"
    if hub_rev != d["rev"] and not reporting:
        return None
    if list(row[3]) == d["parts"] and all(
        v == values[f] for f, v in zip(DELIVERY_FIELDS, row[4:], strict=True)
    ):
        return hub_rev  # nothing to tell
    conn.execute(
        f"UPDATE studio.deliveries SET parts = %(parts)s, "
        f"{', '.join(f'{f} = %({f})s' for f in DELIVERY_FIELDS)}, "
        "claimed_copy = CASE WHEN %(state)s = 'sending' THEN claimed_copy END, rev = rev + 1, "
        "changed_seq = nextval('studio.change_seq') WHERE uid = %(uid)s",
        values,
    )
    return hub_rev + 1
