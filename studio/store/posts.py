"""Posts: drafts, review, scheduling; a post's deliveries (one per account, fixed parts) are made with it."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime

from studio.errors import InputError
from studio.store import _rows
from studio.store._settle import settle_post
from studio.store.connection import Database
from studio.store.ids import new_idempotency_key, new_tid
from studio.store.models import NewPost, Post, PostStatus
from studio.store.settings import SettingsRepo
from studio.store.states import check_post
from studio.store.threads import check_alt_texts, parts_per_network
from studio.store.times import now_utc, to_db, to_db_opt

__all__ = ["PostsRepo"]

_EDITABLE = frozenset({PostStatus.DRAFT, PostStatus.IN_REVIEW, PostStatus.APPROVED})
_OPEN_DELIVERY_STATES = ("queued", "retrying", "missed", "held", "failed", "handed_off")


class PostsRepo:
    """Create, edit, list and move posts through their status flow."""

    def __init__(self, db: Database, settings: SettingsRepo) -> None:
        self._db = db
        self._settings = settings

    def create(
        self, new: NewPost, status: PostStatus = PostStatus.DRAFT, *, at: datetime | None = None
    ) -> Post:
        """Store a post with one delivery per account, each with its parts and keys fixed now.

        `status` other than draft must be reachable from draft (scheduled needs solo mode or review first).
        """
        if status is not PostStatus.DRAFT:
            check_post(0, PostStatus.DRAFT, status, solo=self._settings.get().solo_mode)
        if len(set(new.account_ids)) != len(new.account_ids):
            raise InputError("--account", "the same account is given twice", "give each account once")
        moment = to_db(at or now_utc())
        due = to_db(new.scheduled_at) if new.scheduled_at else moment
        with self._db.write() as conn:
            cursor = conn.execute(
                "INSERT INTO posts (body, status, scheduled_at, series, incident, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    new.body,
                    status.value,
                    to_db_opt(new.scheduled_at),
                    new.series,
                    new.incident,
                    moment,
                    moment,
                ),
            )
            post_id = int(cursor.lastrowid or 0)
            _insert_media(conn, post_id, new.media)
            for account_id in new.account_ids:
                _add_delivery(conn, post_id, account_id, new.body, new.parts, due, moment, new.reply_to)
        return self.get(post_id)

    def save_draft(
        self,
        post_id: int,
        body: str,
        parts: Mapping[str, Sequence[str]] | None = None,
        *,
        at: datetime | None = None,
    ) -> None:
        """Save the text being edited: one small transaction, cheap enough for every pause in typing.

        The deliveries' parts follow the new text: `parts[network]` where given, else the body as one part.
        Parts keep their keys by position (nothing was sent: the post is not scheduled yet).
        """
        with self._db.write() as conn:
            self._editable(conn, post_id)
            conn.execute(
                "UPDATE posts SET body = ?, updated_at = ? WHERE id = ?",
                (body, to_db(at or now_utc()), post_id),
            )
            for delivery_id, network in conn.execute(
                "SELECT id, network FROM deliveries WHERE post_id = ?", (post_id,)
            ).fetchall():
                texts = tuple((parts or {}).get(network) or (body,))
                _replace_parts(conn, delivery_id, texts)

    def set_media(
        self, post_id: int, media: Sequence[tuple[int, str, str]], *, at: datetime | None = None
    ) -> None:
        """Replace a draft's pictures: (media id, template, caption) in order (the autosave of the strip)."""
        with self._db.write() as conn:
            self._editable(conn, post_id)
            conn.execute("DELETE FROM post_media WHERE post_id = ?", (post_id,))
            _insert_media(conn, post_id, media)
            conn.execute("UPDATE posts SET updated_at = ? WHERE id = ?", (to_db(at or now_utc()), post_id))

    def schedule(
        self,
        post_id: int,
        account_ids: Sequence[int],
        when: datetime | None,
        status: PostStatus = PostStatus.SCHEDULED,
        *,
        at: datetime | None = None,
    ) -> Post:
        """Put a draft on these accounts at `when` (None: now) and move it to `status` (review or scheduled).

        Each account gets one delivery with the thread its network makes of the text (`parts_per_network`,
        as `studio queue add` does), replacing deliveries the draft had. Refused with the fix: no accounts,
        a time in the past, a picture without alt text, a part over a network's limit, or a status the
        workspace's review setting does not allow.
        """
        from studio.store.accounts import AccountsRepo

        moment_dt = at or now_utc()
        if not account_ids:
            raise InputError("accounts", "none chosen", "pick at least one account to post to")
        if len(set(account_ids)) != len(account_ids):
            raise InputError("accounts", "the same account is given twice", "give each account once")
        if when is not None and when < moment_dt:
            raise InputError("time", f"{to_db(when)} is in the past", "pick a later time, or post now")
        accounts = [AccountsRepo(self._db).get(a) for a in account_ids]
        solo = self._settings.get().solo_mode
        moment = to_db(moment_dt)
        due = to_db(when) if when else moment
        with self._db.write() as conn:
            old = self._editable(conn, post_id)
            check_post(post_id, old, status, solo=solo)
            body = str(conn.execute("SELECT body FROM posts WHERE id = ?", (post_id,)).fetchone()[0])
            if not body.strip():
                raise InputError(f"post {post_id}", "has no text", "write the post first")
            check_alt_texts(conn, post_id)
            parts = parts_per_network(body, accounts, check=True)
            conn.execute("DELETE FROM deliveries WHERE post_id = ?", (post_id,))
            for account in accounts:
                _add_delivery(conn, post_id, account.id, body, parts, due, moment, {})
            conn.execute(
                "UPDATE posts SET status = ?, scheduled_at = ?, updated_at = ? WHERE id = ?",
                (status.value, to_db_opt(when), moment, post_id),
            )
        return self.get(post_id)

    @staticmethod
    def _editable(conn: sqlite3.Connection, post_id: int) -> PostStatus:
        row = conn.execute("SELECT status FROM posts WHERE id = ?", (post_id,)).fetchone()
        if row is None:
            raise InputError(f"post {post_id}", "not found", "see `studio queue list`")
        if PostStatus(row[0]) not in _EDITABLE:
            raise InputError(
                f"post {post_id}", f"is {row[0]} and can no longer be edited", "copy it into a new draft"
            )
        return PostStatus(row[0])

    def get(self, post_id: int) -> Post:
        """The post with its media and deliveries; InputError if there is none."""
        with self._db.read() as conn:
            found = _rows.posts_by_id(conn, [post_id])
        if post_id not in found:
            raise InputError(f"post {post_id}", "not found", "see `studio queue list`")
        return found[post_id]

    def count(self, statuses: Sequence[PostStatus] = ()) -> int:
        """How many posts (with one of these statuses, if given)."""
        where, params = _status_filter(statuses)
        with self._db.read() as conn:
            return int(conn.execute(f"SELECT count(*) FROM posts {where}", params).fetchone()[0])

    def page(self, *, offset: int = 0, limit: int = 100, statuses: Sequence[PostStatus] = ()) -> list[Post]:
        """A page of posts, newest scheduled time first (unscheduled drafts first of all)."""
        where, params = _status_filter(statuses)
        with self._db.read() as conn:
            ids = [
                int(r[0])
                for r in conn.execute(
                    f"SELECT id FROM posts {where} "
                    "ORDER BY coalesce(scheduled_at, '~') DESC, id DESC LIMIT ? OFFSET ?",
                    (*params, limit, offset),
                )
            ]
            found = _rows.posts_by_id(conn, ids)
        return [found[i] for i in ids]

    def set_status(self, post_id: int, status: PostStatus, *, at: datetime | None = None) -> Post:
        """Move a post along its flow (review, approve, schedule, unschedule); illegal moves are refused.

        Publishing results (published/failed) follow from the deliveries and are not set here.
        """
        if status in (PostStatus.PUBLISHED, PostStatus.FAILED):
            raise InputError(f"post {post_id}", f"{status.value} follows from its deliveries", "publish it")
        if status is PostStatus.CANCELLED:
            return self.cancel(post_id, at=at)
        solo = self._settings.get().solo_mode
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            old = self._status(conn, post_id)
            check_post(post_id, old, status, solo=solo)
            conn.execute(
                "UPDATE posts SET status = ?, updated_at = ? WHERE id = ?", (status.value, moment, post_id)
            )
        return self.get(post_id)

    def reschedule(self, post_id: int, when: datetime | None, *, at: datetime | None = None) -> Post:
        """Set a new time (None: now) for a post and its deliveries that have not gone out."""
        moment = to_db(at or now_utc())
        due = to_db(when) if when else moment
        with self._db.write() as conn:
            old = self._status(conn, post_id)
            if old in (PostStatus.PUBLISHED, PostStatus.CANCELLED):
                raise InputError(f"post {post_id}", f"is {old.value}", "make a new post instead")
            conn.execute(
                "UPDATE posts SET scheduled_at = ?, updated_at = ? WHERE id = ?",
                (to_db_opt(when), moment, post_id),
            )
            conn.execute(
                "UPDATE deliveries SET due_at = ?, next_attempt_at = NULL, updated_at = ? "
                "WHERE post_id = ? AND state IN ('queued', 'retrying')",
                (due, moment, post_id),
            )
        return self.get(post_id)

    def cancel(self, post_id: int, *, at: datetime | None = None) -> Post:
        """Cancel the post and every delivery not sent yet; refused while one is being sent."""
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            old = self._status(conn, post_id)
            check_post(post_id, old, PostStatus.CANCELLED)
            if conn.execute(
                "SELECT 1 FROM deliveries WHERE post_id = ? AND state = 'sending'", (post_id,)
            ).fetchone():
                raise InputError(f"post {post_id}", "is being sent right now", "try again in a minute")
            marks = ",".join("?" * len(_OPEN_DELIVERY_STATES))
            ids = [
                r[0]
                for r in conn.execute(
                    f"SELECT id FROM deliveries WHERE post_id = ? AND state IN ({marks})",
                    (post_id, *_OPEN_DELIVERY_STATES),
                )
            ]
            conn.executemany(
                "UPDATE deliveries SET state = 'cancelled', updated_at = ? WHERE id = ?",
                [(moment, i) for i in ids],
            )
            conn.executemany(
                "INSERT INTO delivery_events (delivery_id, at, kind, detail) "
                "VALUES (?, ?, 'cancelled', 'post cancelled')",
                [(i, moment) for i in ids],
            )
            sent = conn.execute(
                "SELECT count(*) FROM deliveries WHERE post_id = ? AND state = 'sent'", (post_id,)
            ).fetchone()[0]
            if sent and old in (PostStatus.SCHEDULED, PostStatus.FAILED):
                settle_post(conn, post_id, moment)  # some copies are out: it counts as published
            else:
                conn.execute(
                    "UPDATE posts SET status = 'cancelled', updated_at = ? WHERE id = ?", (moment, post_id)
                )
        return self.get(post_id)

    @staticmethod
    def _status(conn: sqlite3.Connection, post_id: int) -> PostStatus:
        row = conn.execute("SELECT status FROM posts WHERE id = ?", (post_id,)).fetchone()
        if row is None:
            raise InputError(f"post {post_id}", "not found", "see `studio queue list`")
        return PostStatus(row[0])


def _insert_media(conn: sqlite3.Connection, post_id: int, media: Sequence[tuple[int, str, str]]) -> None:
    for position, (media_id, template, caption) in enumerate(media):
        if conn.execute("SELECT 1 FROM media WHERE id = ?", (media_id,)).fetchone() is None:
            raise InputError(f"media {media_id}", "not found", "import the picture first")
        conn.execute(
            "INSERT INTO post_media (post_id, position, media_id, template, caption) VALUES (?, ?, ?, ?, ?)",
            (post_id, position, media_id, template, caption),
        )


def _add_delivery(
    conn: sqlite3.Connection,
    post_id: int,
    account_id: int,
    body: str,
    parts: Mapping[str, Sequence[str]],
    due: str,
    moment: str,
    reply_tos: Mapping[int, int],
) -> None:
    """One delivery of a post to one account, with its parts and keys fixed now."""
    row = conn.execute("SELECT name, network FROM accounts WHERE id = ?", (account_id,)).fetchone()
    if row is None:
        raise InputError(f"account {account_id}", "not found", "see `studio accounts list`")
    name, network = row
    texts = tuple(parts.get(network) or (body,))
    if any(not t.strip() for t in texts):
        raise InputError(f"post for {name}", "a part of the thread is empty", "write some text")
    reply_to = reply_tos.get(account_id)
    if reply_to is not None:
        _check_reply_to(conn, reply_to, account_id, name)
    cursor = conn.execute(
        "INSERT INTO deliveries (post_id, account_id, account_name, network, state, due_at, "
        "idempotency_key, created_at, updated_at, reply_to_delivery_id) "
        "VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)",
        (post_id, account_id, name, network, due, new_idempotency_key(), moment, moment, reply_to),
    )
    delivery_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO delivery_parts (delivery_id, position, text, idempotency_key, record_key) "
        "VALUES (?, ?, ?, ?, ?)",
        [(delivery_id, i, t, new_idempotency_key(), new_tid()) for i, t in enumerate(texts)],
    )
    conn.execute(
        "INSERT INTO delivery_events (delivery_id, at, kind, detail) VALUES (?, ?, 'created', ?)",
        (delivery_id, moment, f"{len(texts)} part(s) for {name}"),
    )


def _check_reply_to(conn: sqlite3.Connection, reply_to: int, account_id: int, name: str) -> None:
    """A thread continues on the same account: replying to another account's post is a bug upstream."""
    row = conn.execute("SELECT account_id FROM deliveries WHERE id = ?", (reply_to,)).fetchone()
    if row is None or row[0] != account_id:
        raise InputError(
            f"post for {name}", f"replies to delivery {reply_to}, which is not on this account", "a bug"
        )


def _replace_parts(conn: sqlite3.Connection, delivery_id: int, texts: Sequence[str]) -> None:
    conn.executemany(
        "UPDATE delivery_parts SET text = ? WHERE delivery_id = ? AND position = ? AND text != ?",
        [(t, delivery_id, i, t) for i, t in enumerate(texts)],
    )
    have = conn.execute(
        "SELECT count(*) FROM delivery_parts WHERE delivery_id = ?", (delivery_id,)
    ).fetchone()[0]
    conn.executemany(
        "INSERT INTO delivery_parts (delivery_id, position, text, idempotency_key, record_key) "
        "VALUES (?, ?, ?, ?, ?)",
        [(delivery_id, i, texts[i], new_idempotency_key(), new_tid()) for i in range(have, len(texts))],
    )
    conn.execute(
        "DELETE FROM delivery_parts WHERE delivery_id = ? AND position >= ?", (delivery_id, len(texts))
    )


def _status_filter(statuses: Sequence[PostStatus]) -> tuple[str, tuple[str, ...]]:
    if not statuses:
        return "", ()
    return f"WHERE status IN ({','.join('?' * len(statuses))})", tuple(s.value for s in statuses)
