"""The inbox's rows (SQL only): what was fetched, what was read, done, assigned and answered.

    store.inbox.add(account_id, mention, support=True, findings=["student ID"], fetched_at=now)  # True: new
    store.inbox.items(unread=True)          # newest first, not done
    store.inbox.mark_done(item_id)          # and undo with done=False
    store.inbox.unread_count()              # the sidebar's number

The rules (what counts as support, what to mask, how to answer) live in `studio.listen.inbox`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from studio.errors import InputError
from studio.listen.model import Mention, MentionKind
from studio.store.connection import Database
from studio.store.times import from_db, from_db_opt, now_utc, to_db

__all__ = ["InboxItem", "InboxRepo"]

_COLUMNS = ", ".join(
    ("i.id", "i.account_id", "a.name", "i.network", "i.kind", "i.remote_id", "i.url", "i.author_handle",
     "i.author_name", "i.text", "i.created_at", "i.in_reply_to", "i.in_reply_to_delivery", "d.post_id",
     "i.thread_root", "i.cid", "i.root_cid", "i.support", "i.findings", "i.read_at", "i.done_at",
     "i.assigned_to", "i.reply_post_id", "i.visibility")
)  # fmt: skip
_NEW = ("account_id", "network", "kind", "remote_id", "url", "author_handle", "author_name", "text",
        "created_at", "in_reply_to", "in_reply_to_delivery", "thread_root", "cid", "root_cid", "support",
        "findings", "fetched_at", "visibility")  # fmt: skip
_MARKS = ", ".join("?" * len(_NEW))
_FROM = (
    "FROM inbox_items i JOIN accounts a ON a.id = i.account_id "
    "LEFT JOIN deliveries d ON d.id = i.in_reply_to_delivery"
)


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One inbox row as the views and the CLI show it."""

    id: int
    account_id: int
    account_name: str
    network: str
    kind: MentionKind
    remote_id: str
    url: str
    author_handle: str
    author_name: str
    text: str
    created_at: datetime
    in_reply_to: str | None  # the remote id it answers
    in_reply_to_delivery: int | None  # our delivery it answers
    in_reply_to_post: int | None  # ... and that delivery's post
    thread_root: str | None
    cid: str
    root_cid: str
    support: bool
    findings: tuple[str, ...]
    read_at: datetime | None
    done_at: datetime | None
    assigned_to: str | None
    reply_post_id: int | None
    visibility: str = "public"  # Mastodon's: public, unlisted, private or direct

    @property
    def unread(self) -> bool:
        return self.read_at is None and self.done_at is None


def _item(row: tuple[object, ...]) -> InboxItem:
    (id_, account_id, account, network, kind, remote_id, url, handle, name, text, created, in_reply_to,
     delivery, post, root, cid, root_cid, support, findings, read, done, assigned, reply,
     visibility) = row  # fmt: skip
    return InboxItem(
        int(str(id_)), int(str(account_id)), str(account), str(network), kind,  # type: ignore[arg-type]
        str(remote_id), str(url), str(handle), str(name), str(text), from_db(str(created)),
        None if in_reply_to is None else str(in_reply_to),
        None if delivery is None else int(str(delivery)), None if post is None else int(str(post)),
        None if root is None else str(root), str(cid), str(root_cid), bool(support),
        tuple(json.loads(str(findings))), from_db_opt(None if read is None else str(read)),
        from_db_opt(None if done is None else str(done)), None if assigned is None else str(assigned),
        None if reply is None else int(str(reply)), str(visibility),
    )  # fmt: skip


class InboxRepo:
    """Inbox items and each account's fetch cursor."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # --- fetched items -------------------------------------------------------------------------------------
    def add(
        self,
        account_id: int,
        mention: Mention,
        *,
        support: bool,
        findings: list[str],
        fetched_at: datetime | None = None,
    ) -> bool:
        """Keep a fetched item; False when the account already has it (it is left as it is)."""
        with self._db.write() as conn:
            ours = conn.execute(
                "SELECT p.delivery_id FROM delivery_parts p JOIN deliveries d ON d.id = p.delivery_id "
                "WHERE p.remote_id = ? AND d.account_id = ? LIMIT 1",
                (mention.in_reply_to, account_id),
            ).fetchone() if mention.in_reply_to else None  # fmt: skip
            cursor = conn.execute(
                f"INSERT OR IGNORE INTO inbox_items ({', '.join(_NEW)}) VALUES ({_MARKS})",
                (
                    account_id, mention.network, mention.kind, mention.remote_id, mention.url,
                    mention.author_handle, mention.author_name, mention.text, to_db(mention.created_at),
                    mention.in_reply_to, None if ours is None else int(ours[0]), mention.thread_root,
                    mention.cid, mention.root_cid, int(support), json.dumps(findings),
                    to_db(fetched_at or now_utc()), mention.visibility,
                ),
            )  # fmt: skip
            return cursor.rowcount == 1

    def get(self, item_id: int) -> InboxItem:
        with self._db.read() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE i.id = ?", (item_id,)).fetchone()
        if row is None:
            raise InputError(f"inbox item {item_id}", "there is no such item", "see `studio inbox list`")
        return _item(tuple(row))

    def items(self, *, unread: bool = False, done: bool = False, limit: int = 1000) -> list[InboxItem]:
        """Newest first; open items only unless `done`; only unread ones with `unread`."""
        where = ["1 = 1"] if done else ["i.done_at IS NULL"]
        if unread:
            where.append("i.read_at IS NULL AND i.done_at IS NULL")
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} {_FROM} WHERE {' AND '.join(where)} "
                "ORDER BY i.created_at DESC, i.id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [_item(tuple(r)) for r in rows]

    def unread_count(self) -> int:
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT count(*) FROM inbox_items WHERE read_at IS NULL AND done_at IS NULL"
            ).fetchone()
        return int(row[0])

    def by_reply_post(self, post_id: int) -> InboxItem | None:
        """The item a queued post answers, if it answers one (the publishers thread the reply under it)."""
        with self._db.read() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} {_FROM} WHERE i.reply_post_id = ?", (post_id,)).fetchone()
        return None if row is None else _item(tuple(row))

    # --- what a person did ---------------------------------------------------------------------------------
    def mark_read(self, item_id: int, *, read: bool = True, at: datetime | None = None) -> None:
        self._set(item_id, "read_at", to_db(at or now_utc()) if read else None)

    def mark_done(self, item_id: int, *, done: bool = True, at: datetime | None = None) -> None:
        self._set(item_id, "done_at", to_db(at or now_utc()) if done else None)

    def assign(self, item_id: int, member: str | None) -> None:
        self._set(item_id, "assigned_to", member)

    def set_reply(self, item_id: int, post_id: int | None) -> None:
        self._set(item_id, "reply_post_id", post_id)

    def _set(self, item_id: int, column: str, value: object) -> None:
        with self._db.write() as conn:
            changed = conn.execute(f"UPDATE inbox_items SET {column} = ? WHERE id = ?", (value, item_id))
        if changed.rowcount != 1:
            raise InputError(f"inbox item {item_id}", "there is no such item", "see `studio inbox list`")

    # --- fetching ------------------------------------------------------------------------------------------
    def cursor(self, account_id: int) -> tuple[str | None, datetime | None]:
        """Where the next fetch starts, and before when it must not run (a server's rate limit)."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT cursor, wait_until FROM inbox_cursors WHERE account_id = ?", (account_id,)
            ).fetchone()
        if row is None:
            return None, None
        return (None if row[0] is None else str(row[0])), from_db_opt(None if row[1] is None else str(row[1]))

    def set_cursor(
        self,
        account_id: int,
        cursor: str | None,
        *,
        wait_until: datetime | None = None,
        at: datetime | None = None,
    ) -> None:
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO inbox_cursors (account_id, cursor, fetched_at, wait_until) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (account_id) DO UPDATE SET cursor = coalesce(excluded.cursor, cursor), "
                "fetched_at = excluded.fetched_at, wait_until = excluded.wait_until",
                (
                    account_id,
                    cursor,
                    to_db(at or now_utc()),
                    None if wait_until is None else to_db(wait_until),
                ),
            )
