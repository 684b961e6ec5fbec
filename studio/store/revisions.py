"""A post's content as rows: its deliveries and their parts, its per-network texts and formats, its accounts.

Shared by `PostsRepo` (create, save a draft, schedule) and `replan`, which changes a post that has not gone
out in one transaction and keeps each delivery's audit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime

from studio.errors import InputError
from studio.store import _rows
from studio.store.connection import Database
from studio.store.ids import new_idempotency_key, new_tid
from studio.store.models import NewPost, Post, PostStatus
from studio.store.times import to_db, to_db_opt

__all__ = [
    "add_delivery",
    "insert_media",
    "read_texts",
    "replace_parts",
    "replan",
    "write_choices",
    "write_texts",
]

# Deliveries that have not gone out and are not on their way: an edit may change them.
_OPEN = ("queued", "retrying", "missed", "held", "failed", "cancelled")
_REPLANNABLE = frozenset(
    {PostStatus.DRAFT, PostStatus.IN_REVIEW, PostStatus.APPROVED, PostStatus.SCHEDULED, PostStatus.FAILED}
)


def insert_media(conn: sqlite3.Connection, post_id: int, media: Sequence[tuple[int, str, str]]) -> None:
    """Attach pictures (media id, template, caption) in order; the post must have none attached."""
    for position, (media_id, template, caption) in enumerate(media):
        if conn.execute("SELECT 1 FROM media WHERE id = ?", (media_id,)).fetchone() is None:
            raise InputError(f"media {media_id}", "not found", "import the picture first")
        conn.execute(
            "INSERT INTO post_media (post_id, position, media_id, template, caption) VALUES (?, ?, ?, ?, ?)",
            (post_id, position, media_id, template, caption),
        )


def read_texts(conn: sqlite3.Connection, post_id: int) -> dict[str, str]:
    """The post's own texts per network."""
    rows = conn.execute("SELECT network, text FROM post_texts WHERE post_id = ?", (post_id,))
    return {str(network): str(text) for network, text in rows}


def write_texts(conn: sqlite3.Connection, post_id: int, text_for: Mapping[str, str]) -> None:
    """Replace the post's own texts per network (an empty text means "same as all": no row)."""
    conn.execute("DELETE FROM post_texts WHERE post_id = ?", (post_id,))
    conn.executemany(
        "INSERT INTO post_texts (post_id, network, text) VALUES (?, ?, ?)",
        [(post_id, network, text) for network, text in sorted(text_for.items()) if text.strip()],
    )


def write_choices(
    conn: sqlite3.Connection,
    post_id: int,
    text_for: Mapping[str, str] | None,
    format_for: Mapping[str, str] | None,
    account_ids: Sequence[int] | None,
) -> None:
    """Replace what is given (None: leave it): own texts, picture format per network, chosen accounts."""
    if text_for is not None:
        write_texts(conn, post_id, text_for)
    if format_for is not None:
        conn.execute("DELETE FROM post_formats WHERE post_id = ?", (post_id,))
        conn.executemany(
            "INSERT INTO post_formats (post_id, network, format_id) VALUES (?, ?, ?)",
            [(post_id, network, fmt) for network, fmt in sorted(format_for.items()) if fmt],
        )
    if account_ids is not None:
        conn.execute("DELETE FROM post_accounts WHERE post_id = ?", (post_id,))
        for position, account_id in enumerate(account_ids):
            if conn.execute("SELECT 1 FROM accounts WHERE id = ?", (account_id,)).fetchone() is None:
                raise InputError(f"account {account_id}", "not found", "see `studio accounts list`")
            conn.execute(
                "INSERT INTO post_accounts (post_id, account_id, position) VALUES (?, ?, ?)",
                (post_id, account_id, position),
            )


def add_delivery(
    conn: sqlite3.Connection, post_id: int, account_id: int, new: NewPost, due: str, moment: str
) -> int:
    """One delivery of a post to one account, with its parts and keys fixed now; its id.

    Its parts: `new.parts[network]` where given, else the network's own text (or the body) as one part.
    """
    row = conn.execute("SELECT name, network FROM accounts WHERE id = ?", (account_id,)).fetchone()
    if row is None:
        raise InputError(f"account {account_id}", "not found", "see `studio accounts list`")
    name, network = row
    texts = _texts(new, network)
    if any(not t.strip() for t in texts):
        raise InputError(f"post for {name}", "a part of the thread is empty", "write some text")
    reply_to = new.reply_to.get(account_id)
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
    _event(conn, delivery_id, moment, "created", f"{len(texts)} part(s) for {name}")
    return delivery_id


def _texts(new: NewPost, network: str) -> tuple[str, ...]:
    return tuple(new.parts.get(network) or (new.text_for.get(network) or new.body,))


def _event(conn: sqlite3.Connection, delivery_id: int, moment: str, kind: str, detail: str) -> None:
    conn.execute(
        "INSERT INTO delivery_events (delivery_id, at, kind, detail) VALUES (?, ?, ?, ?)",
        (delivery_id, moment, kind, detail),
    )


def _check_reply_to(conn: sqlite3.Connection, reply_to: int, account_id: int, name: str) -> None:
    """A thread continues on the same account: replying to another account's post is a bug upstream."""
    row = conn.execute("SELECT account_id FROM deliveries WHERE id = ?", (reply_to,)).fetchone()
    if row is None or row[0] != account_id:
        raise InputError(
            f"post for {name}", f"replies to delivery {reply_to}, which is not on this account", "a bug"
        )


def replace_parts(conn: sqlite3.Connection, delivery_id: int, texts: Sequence[str]) -> None:
    """Give a delivery that sent nothing these parts; parts keep their keys by position."""
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


def locked_reason(post: Post) -> tuple[str, str] | None:
    """(why, fix) when the post can no longer be changed; None when it can."""
    if post.status not in _REPLANNABLE:
        return f"is {post.status.value}", "duplicate it as a new draft"
    locked = post.locked_by
    if locked is None:
        return None
    if locked.state.value == "handed_off":
        return (
            f"its copy for {locked.account_name} was handed off to be posted by hand",
            "mark that copy as posted, retry it or cancel it first; or duplicate the post",
        )
    being = "is being sent right now" if locked.state.value == "sending" else "has gone out"
    return f"its copy for {locked.account_name} {being}", "duplicate it as a new draft and change that"


def replan(db: Database, post_id: int, new: NewPost, *, note: str, at: datetime) -> Post:
    """Change a post that has not gone out, in one transaction (see `PostsRepo.replan`)."""
    moment = to_db(at)
    due = to_db(new.scheduled_at) if new.scheduled_at else moment
    if len(set(new.account_ids)) != len(new.account_ids):
        raise InputError("accounts", "the same account is given twice", "give each account once")
    with db.write() as conn:
        found = _rows.posts_by_id(conn, [post_id])
        if post_id not in found:
            raise InputError(f"post {post_id}", "not found", "see `studio queue list`")
        reason = locked_reason(found[post_id])
        if reason is not None:
            raise InputError(f"post {post_id}", f"cannot be changed: {reason[0]}", reason[1])
        conn.execute(
            "UPDATE posts SET body = ?, scheduled_at = ?, updated_at = ? WHERE id = ?",
            (new.body, to_db_opt(new.scheduled_at), moment, post_id),
        )
        # A post whose copies all failed goes back to waiting: they are queued again below.
        conn.execute("UPDATE posts SET status = 'scheduled' WHERE id = ? AND status = 'failed'", (post_id,))
        conn.execute("DELETE FROM post_media WHERE post_id = ?", (post_id,))
        insert_media(conn, post_id, new.media)
        write_choices(conn, post_id, new.text_for, new.format_for, new.account_ids)
        had = {
            int(account_id): (int(delivery_id), str(state), str(network))
            for delivery_id, account_id, state, network in conn.execute(
                "SELECT id, account_id, state, network FROM deliveries "
                "WHERE post_id = ? AND account_id IS NOT NULL",
                (post_id,),
            )
        }
        detail = note or "changed before it went out"
        for account_id in new.account_ids:
            if account_id not in had:
                delivery_id = add_delivery(conn, post_id, account_id, new, due, moment)
                _event(conn, delivery_id, moment, "edited", f"added: {detail}")
                continue
            delivery_id, state, network = had[account_id]
            replace_parts(conn, delivery_id, _texts(new, network))
            # A held copy stays held for its incident; anything else waits for its (new) time again.
            kept = "held" if state == "held" else "queued"
            conn.execute(
                "UPDATE deliveries SET state = ?, due_at = ?, next_attempt_at = NULL, attempts = 0, "
                "last_error = '', updated_at = ? WHERE id = ?",
                (kept, due, moment, delivery_id),
            )
            _event(conn, delivery_id, moment, "edited", detail)
        for account_id, (delivery_id, state, _network) in had.items():
            if account_id in new.account_ids or state == "cancelled" or state not in _OPEN:
                continue
            conn.execute(
                "UPDATE deliveries SET state = 'cancelled', updated_at = ? WHERE id = ?",
                (moment, delivery_id),
            )
            _event(conn, delivery_id, moment, "cancelled", "account taken off the post when it was edited")
        return _rows.posts_by_id(conn, [post_id])[post_id]
