"""Posts: drafts, review, scheduling; a post's deliveries (one per account, fixed parts) are made with it."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime

from studio.errors import InputError
from studio.store import _rows
from studio.store._settle import settle_post
from studio.store.connection import Database
from studio.store.models import NewPost, Post, PostStatus
from studio.store.revisions import (
    add_delivery,
    insert_media,
    read_texts,
    replace_parts,
    replan,
    write_choices,
    write_texts,
)
from studio.store.settings import SettingsRepo
from studio.store.states import check_post
from studio.store.threads import parts_per_network
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
            insert_media(conn, post_id, new.media)
            write_choices(conn, post_id, new.text_for, new.format_for, new.account_ids)
            for account_id in new.account_ids:
                add_delivery(conn, post_id, account_id, new, due, moment)
        return self.get(post_id)

    def save_draft(
        self,
        post_id: int,
        body: str,
        parts: Mapping[str, Sequence[str]] | None = None,
        *,
        text_for: Mapping[str, str] | None = None,
        at: datetime | None = None,
    ) -> None:
        """Save the text being edited: one small transaction, cheap enough for every pause in typing.

        `text_for` (when given) replaces the networks' own texts. The deliveries' parts follow the new
        text: `parts[network]` where given, else the network's text as one part. Parts keep their keys by
        position (nothing was sent: the post is not scheduled yet).
        """
        with self._db.write() as conn:
            self._editable(conn, post_id)
            conn.execute(
                "UPDATE posts SET body = ?, updated_at = ? WHERE id = ?",
                (body, to_db(at or now_utc()), post_id),
            )
            if text_for is not None:
                write_texts(conn, post_id, text_for)
            own = read_texts(conn, post_id)
            for delivery_id, network in conn.execute(
                "SELECT id, network FROM deliveries WHERE post_id = ?", (post_id,)
            ).fetchall():
                texts = tuple((parts or {}).get(network) or (own.get(network) or body,))
                replace_parts(conn, delivery_id, texts)

    def set_choices(
        self,
        post_id: int,
        *,
        format_for: Mapping[str, str] | None = None,
        account_ids: Sequence[int] | None = None,
        at: datetime | None = None,
    ) -> None:
        """Save a draft's picture format per network and the accounts it is meant for (None: unchanged)."""
        with self._db.write() as conn:
            self._editable(conn, post_id)
            write_choices(conn, post_id, None, format_for, account_ids)
            conn.execute("UPDATE posts SET updated_at = ? WHERE id = ?", (to_db(at or now_utc()), post_id))

    def drafts(self, *, search: str = "", limit: int = 500) -> list[Post]:
        """Unsent drafts, the latest change first; `search` keeps those whose text contains it (any case)."""
        where = "WHERE status = 'draft'"
        params: tuple[str, ...] = ()
        if search.strip():
            needle = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where += (
                " AND (body LIKE ? ESCAPE '\\' OR id IN "
                "(SELECT post_id FROM post_texts WHERE text LIKE ? ESCAPE '\\'))"
            )
            params = (needle, needle)
        with self._db.read() as conn:
            ids = [
                int(r[0])
                for r in conn.execute(
                    f"SELECT id FROM posts {where} ORDER BY updated_at DESC, id DESC LIMIT ?",
                    (*params, limit),
                )
            ]
            found = _rows.posts_by_id(conn, ids)
        return [found[i] for i in ids]

    def delete_draft(self, post_id: int) -> Post:
        """Delete a draft for good and give back what it was (for Undo: `create` it again)."""
        post = self.get(post_id)
        if post.status is not PostStatus.DRAFT:
            raise InputError(
                f"post {post_id}",
                f"is {post.status.value}, not a draft",
                "cancel it instead: studio queue cancel",
            )
        with self._db.write() as conn:
            conn.execute("DELETE FROM posts WHERE id = ? AND status = 'draft'", (post_id,))
        return post

    def replan(self, post_id: int, new: NewPost, *, note: str = "", at: datetime | None = None) -> Post:
        """Change a post that has not gone out: text, per-network texts and formats, pictures, accounts, time.

        One transaction: deliveries of kept accounts get the new parts and time (their audit goes on, with an
        `edited` line), those of dropped accounts are cancelled, new accounts get new deliveries. Refused when
        a delivery is being sent, sent, or handed off (retry or cancel that one first), or the post is
        published or cancelled. The caller checks the post first (`studio.workflows.scheduling`).
        """
        return replan(self._db, post_id, new, note=note, at=at or now_utc())

    def set_media(
        self, post_id: int, media: Sequence[tuple[int, str, str]], *, at: datetime | None = None
    ) -> None:
        """Replace a draft's pictures: (media id, template, caption) in order (the autosave of the strip)."""
        with self._db.write() as conn:
            self._editable(conn, post_id)
            conn.execute("DELETE FROM post_media WHERE post_id = ?", (post_id,))
            insert_media(conn, post_id, media)
            conn.execute("UPDATE posts SET updated_at = ? WHERE id = ?", (to_db(at or now_utc()), post_id))

    def schedule(
        self,
        post_id: int,
        account_ids: Sequence[int],
        when: datetime | None,
        status: PostStatus = PostStatus.SCHEDULED,
        *,
        parts: Mapping[str, Sequence[str]] | None = None,
        at: datetime | None = None,
    ) -> Post:
        """Put a draft on these accounts at `when` (None: now) and move it to `status` (review or scheduled).

        Each account gets one delivery with its network's thread: `parts[network]` (as the guardrails of
        `studio.workflows.scheduling` split it), else its text split as the network splits it. Replaces the
        deliveries the draft had. Refused: no accounts, a time in the past, or a status the workspace's
        review setting does not allow. Whether the post may go out is the caller's check.
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
            own = read_texts(conn, post_id)
            if parts is None:
                parts = parts_per_network(body, accounts, text_for=own)
            conn.execute("DELETE FROM deliveries WHERE post_id = ?", (post_id,))
            write_choices(conn, post_id, None, None, [a.id for a in accounts])
            plan = NewPost(body, parts={n: tuple(p) for n, p in parts.items()}, text_for=own)
            for account in accounts:
                add_delivery(conn, post_id, account.id, plan, due, moment)
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


def _status_filter(statuses: Sequence[PostStatus]) -> tuple[str, tuple[str, ...]]:
    if not statuses:
        return "", ()
    return f"WHERE status IN ({','.join('?' * len(statuses))})", tuple(s.value for s in statuses)
