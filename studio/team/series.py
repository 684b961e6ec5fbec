"""Series through the hub: shared by uid, with their numbers given once across the team (docs/TEAM.md).

The rules:
- A series meets the hub by uid; two laptops that made a series of the same name while apart have one
  series (posts name their series, so the name is what the team means): the later one takes the hub's uid
  and settings. Settings edited on two laptops: the last push wins.
- **Numbers never fork.** Each numbered episode (`series_entries`) goes to the hub as (post uid, number);
  the hub keeps one post per number and the series' `next_number` as the largest any laptop reached. A
  laptop that numbered an episode offline and finds the number taken by another post (which reached the hub
  first) renumbers its own episode to the next free number before its posts go up: the entry, the post's
  numbered title line, and the series' next number. So after a round every laptop numbers on from the same
  next number, and no two posts of a series carry one number.
- Entries come down after the posts (they name posts by uid); an entry whose post is not here yet waits.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb

from studio.store import Store
from studio.store.times import now_utc, to_db
from studio.team.content import content_hash, ensure_account, local_accounts
from studio.team.hub import writing
from studio.team.link import TeamLink, set_shared_value, shared_value

if TYPE_CHECKING:
    import psycopg

__all__ = ["pull_series", "push_series"]

_CURSOR = "series_cursor"
_FIELDS = ("title", "weekdays", "times", "timezone", "blackout_mode")


def _content(local: sqlite3.Connection, series_id: int) -> dict[str, Any]:
    row = local.execute(
        "SELECT name, title, weekdays, times, timezone, blackout_mode FROM series WHERE id = ?", (series_id,)
    ).fetchone()
    accounts = [
        str(r[0])
        for r in local.execute(
            "SELECT a.name FROM series_accounts s JOIN accounts a ON a.id = s.account_id "
            "WHERE s.series_id = ? ORDER BY s.position",
            (series_id,),
        )
    ]
    return {"name": row[0], **dict(zip(_FIELDS, row[1:], strict=True)), "accounts": accounts}


def push_series(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> None:
    """Push the series changed here and the episodes numbered here (before the posts go up)."""
    with store.db.write() as local:
        local.execute(
            "INSERT INTO team_series (series_id, uid) SELECT id, lower(hex(randomblob(16))) FROM series "
            "WHERE id NOT IN (SELECT series_id FROM team_series)"
        )
        rows = local.execute(
            "SELECT t.series_id, t.uid, t.rev, t.base_hash, s.next_number FROM team_series t "
            "JOIN series s ON s.id = t.series_id ORDER BY t.series_id"
        ).fetchall()
        items = []
        for series_id, uid, rev, base, next_number in rows:
            content = _content(local, series_id)
            items.append(
                (
                    series_id,
                    uid,
                    rev,
                    base,
                    next_number,
                    content,
                    local_accounts(local, set(content["accounts"])),
                )
            )
    for series_id, uid, rev, base, next_number, content, accounts in items:
        if rev and content_hash(content) == base:
            continue
        with writing(conn, link.hub):
            for name, info in accounts.items():
                conn.execute(
                    "INSERT INTO studio.accounts (name, network, handle, instance_url) "
                    "VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (name) DO NOTHING",
                    (name, info["network"], info["handle"], info["instance_url"]),
                )
            found = conn.execute(
                "SELECT uid, rev, content, next_number FROM studio.series "
                "WHERE uid = %s OR name = %s FOR UPDATE",
                (uid, content["name"]),
            ).fetchone()
            if found is not None and found[0] != uid:
                hub = (str(found[0]), int(found[1]), dict(found[2]), int(found[3]))  # one name, one series
            else:
                new_rev = int(found[1]) + 1 if found else 1
                conn.execute(
                    "INSERT INTO studio.series (uid, name, rev, content, hash, next_number, updated_by, "
                    "changed_seq) "
                    "VALUES (%(u)s, %(n)s, %(r)s, %(c)s, %(h)s, %(x)s, %(m)s, nextval('studio.change_seq')) "
                    "ON CONFLICT (uid) DO UPDATE SET name = excluded.name, rev = excluded.rev, "
                    "content = excluded.content, hash = excluded.hash, updated_by = excluded.updated_by, "
                    "next_number = greatest(studio.series.next_number, excluded.next_number), "
                    "changed_seq = excluded.changed_seq",
                    {"u": uid, "n": content["name"], "r": new_rev, "c": Jsonb(content),
                     "h": content_hash(content), "x": next_number, "m": link.member},
                )  # fmt: skip
                hub = (uid, new_rev, content, next_number)
        with store.db.write() as local:
            _apply_series(local, series_id, *hub, _hub_accounts(conn, hub[2]))
    _push_entries(store, conn, link)


def _push_entries(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> None:
    """Each episode numbered here and not yet in the hub; a number taken there is renumbered here."""
    with store.db.read() as local:
        waiting = local.execute(
            "SELECT e.post_id, e.series_id, e.number, e.slot_at, p.uid, s.uid FROM series_entries e "
            "JOIN team_posts p ON p.post_id = e.post_id JOIN team_series s ON s.series_id = e.series_id "
            "WHERE e.post_id NOT IN (SELECT post_id FROM team_series_entries) ORDER BY e.series_id, e.number"
        ).fetchall()
    for post_id, series_id, number, slot_at, post_uid, series_uid in waiting:
        with writing(conn, link.hub):
            hub_next = conn.execute(
                "SELECT next_number FROM studio.series WHERE uid = %s FOR UPDATE", (series_uid,)
            ).fetchone()
            taken = conn.execute(
                "SELECT max(number) FROM studio.series_entries WHERE series_uid = %s", (series_uid,)
            ).fetchone()
            top = (
                None
                if hub_next is None
                else (max(int(hub_next[0]), int(taken[0] if taken and taken[0] else 0) + 1),)
            )
            if top is None:
                continue  # the series is not in the hub (pushed above unless it failed): next round
            holder = conn.execute(
                "SELECT post_uid FROM studio.series_entries WHERE series_uid = %s AND number = %s",
                (series_uid, number),
            ).fetchone()
            given = number
            if holder is not None and holder[0] != post_uid:
                with store.db.read() as local:
                    local_top = local.execute(
                        "SELECT max(number) + 1 FROM series_entries WHERE series_id = ?", (series_id,)
                    ).fetchone()[0]
                given = max(int(top[0]), int(local_top or 1))
            conn.execute(
                "INSERT INTO studio.series_entries (post_uid, series_uid, number, slot_at, changed_seq) "
                "VALUES (%s, %s, %s, %s, nextval('studio.change_seq')) ON CONFLICT (post_uid) DO UPDATE SET "
                "series_uid = excluded.series_uid, number = excluded.number, slot_at = excluded.slot_at, "
                "changed_seq = excluded.changed_seq",
                (post_uid, series_uid, given, slot_at),
            )
            conn.execute(
                "UPDATE studio.series SET next_number = %s, changed_seq = nextval('studio.change_seq') "
                "WHERE uid = %s AND next_number < %s",
                (given + 1, series_uid, given + 1),
            )
        with store.db.write() as local:
            if given != number:
                _renumber(local, post_id, series_id, number, given)
            local.execute("INSERT OR IGNORE INTO team_series_entries (post_id) VALUES (?)", (post_id,))


def _renumber(local: sqlite3.Connection, post_id: int, series_id: int, old: int, new: int) -> None:
    """Give a local episode a new number: its entry, its numbered title line, the series' next number."""
    title = str(local.execute("SELECT title FROM series WHERE id = ?", (series_id,)).fetchone()[0])
    local.execute("UPDATE series_entries SET number = ? WHERE post_id = ?", (new, post_id))
    local.execute("UPDATE series SET next_number = max(next_number, ?) WHERE id = ?", (new + 1, series_id))
    if title:
        before, after = title.replace("{number}", str(old)) + "\n", title.replace("{number}", str(new)) + "\n"
        body = str(local.execute("SELECT body FROM posts WHERE id = ?", (post_id,)).fetchone()[0])
        if body.startswith(before):
            local.execute(
                "UPDATE posts SET body = ?, updated_at = ? WHERE id = ?",
                (after + body[len(before) :], to_db(now_utc()), post_id),
            )


def _hub_accounts(conn: psycopg.Connection[Any], content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        str(r[0]): {"network": r[1], "handle": r[2], "instance_url": r[3]}
        for r in conn.execute(
            "SELECT name, network, handle, instance_url FROM studio.accounts WHERE name = ANY(%s)",
            (list(content.get("accounts", [])),),
        )
    }


def _apply_series(
    local: sqlite3.Connection,
    series_id: int | None,
    uid: str,
    rev: int,
    content: dict[str, Any],
    next_number: int,
    accounts: dict[str, dict[str, Any]],
) -> int:
    """Make the local series (a new one when `series_id` is None) the hub's; its id."""
    values = [content[f] for f in _FIELDS]
    if series_id is None:
        cursor = local.execute(
            "INSERT INTO series (name, title, weekdays, times, timezone, blackout_mode, next_number, "
            "created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (content["name"], *values, next_number, to_db(now_utc())),
        )
        series_id = int(cursor.lastrowid or 0)
    else:
        local.execute(
            "UPDATE series SET name = ?, title = ?, weekdays = ?, times = ?, timezone = ?, "
            "blackout_mode = ?, "
            "next_number = max(next_number, ?) WHERE id = ?",
            (content["name"], *values, next_number, series_id),
        )
    local.execute("DELETE FROM series_accounts WHERE series_id = ?", (series_id,))
    local.executemany(
        "INSERT OR IGNORE INTO series_accounts (series_id, account_id, position) VALUES (?, ?, ?)",
        [
            (series_id, ensure_account(local, n, accounts.get(n)), i)
            for i, n in enumerate(content["accounts"])
        ],
    )
    local.execute("DELETE FROM team_series WHERE uid = ? AND series_id <> ?", (uid, series_id))
    local.execute(
        "INSERT OR REPLACE INTO team_series (series_id, uid, rev, base_hash) VALUES (?, ?, ?, ?)",
        (series_id, uid, rev, content_hash(_content(local, series_id))),
    )
    return series_id


def pull_series(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> None:
    """Apply the series and numbers the hub has after this laptop's cursor (after the posts came down)."""
    del link  # the same for every member: kept for the round's uniform calls
    cursor = int(shared_value(store, _CURSOR) or 0)
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        top_row = conn.execute(
            "SELECT greatest((SELECT max(changed_seq) FROM studio.series), "
            "(SELECT max(changed_seq) FROM studio.series_entries))"
        ).fetchone()
        series = conn.execute(
            "SELECT uid, rev, content, next_number FROM studio.series WHERE changed_seq > %s "
            "ORDER BY changed_seq",
            (cursor,),
        ).fetchall()
        accounts = {uid: _hub_accounts(conn, dict(content)) for uid, _r, content, _n in series}
        entries = conn.execute(
            "SELECT e.post_uid, e.series_uid, e.number, e.slot_at, e.changed_seq, "
            "p.uid IS NOT NULL AND NOT p.deleted FROM studio.series_entries e "
            "LEFT JOIN studio.posts p ON p.uid = e.post_uid WHERE e.changed_seq > %s ORDER BY e.changed_seq",
            (cursor,),
        ).fetchall()
    top = int(top_row[0]) if top_row and top_row[0] is not None else cursor
    with store.db.write() as local:
        for uid, rev, content, next_number in series:
            content = dict(content)
            mine = local.execute(
                "SELECT series_id, rev, base_hash FROM team_series WHERE uid = ?", (uid,)
            ).fetchone()
            if mine is None:
                named = local.execute("SELECT id FROM series WHERE name = ?", (content["name"],)).fetchone()
                _apply_series(
                    local, named[0] if named else None, uid, rev, content, next_number, accounts[uid]
                )
            elif content_hash(_content(local, mine[0])) != mine[2]:
                local.execute(
                    "UPDATE series SET next_number = max(next_number, ?) WHERE id = ?", (next_number, mine[0])
                )  # settings changed here: they go up next round (the last push wins)
            else:
                _apply_series(local, int(mine[0]), uid, rev, content, next_number, accounts[uid])
        for post_uid, series_uid, number, slot_at, seq, alive in entries:
            post = local.execute("SELECT post_id FROM team_posts WHERE uid = ?", (post_uid,)).fetchone()
            found = local.execute("SELECT series_id FROM team_series WHERE uid = ?", (series_uid,)).fetchone()
            if post is None or found is None:
                if alive:
                    top = min(top, int(seq) - 1)  # its post comes with a later round: wait for it
                    break
                continue
            local.execute(
                "INSERT OR REPLACE INTO series_entries (post_id, series_id, number, slot_at) "
                "VALUES (?, ?, ?, ?)",
                (post[0], found[0], number, slot_at),
            )
            local.execute("INSERT OR IGNORE INTO team_series_entries (post_id) VALUES (?)", (post[0],))
            local.execute(
                "UPDATE series SET next_number = max(next_number, ?) WHERE id = ?", (number + 1, found[0])
            )
        set_shared_value(local, _CURSOR, str(max(cursor, top)))
