"""Keeping a post's status in step with its deliveries (called inside the write that changed them)."""

from __future__ import annotations

import sqlite3

from studio.store.models import PostStatus
from studio.store.states import check_post

__all__ = ["settle_post"]


def settle_post(conn: sqlite3.Connection, post_id: int, moment: str) -> None:
    """A scheduled post whose deliveries are all finished becomes published or failed.

    published: every delivery sent or cancelled and at least one sent. failed: at least one failed for good
    and none still open. All cancelled: the post is cancelled. Anything still open: unchanged; a handed-off
    delivery counts as open (its ready folder waits for the person), so a post is published only once every
    delivery is sent (confirmed) or cancelled, and until then it shows as scheduled.
    """
    counts = dict(
        conn.execute("SELECT state, count(*) FROM deliveries WHERE post_id = ? GROUP BY state", (post_id,))
    )
    status = conn.execute("SELECT status FROM posts WHERE id = ?", (post_id,)).fetchone()
    if status is None or status[0] not in ("scheduled", "failed") or not counts:
        return
    open_states = set(counts) - {"sent", "failed", "cancelled"}
    if open_states:
        new = "scheduled"
    elif counts.get("failed"):
        new = "failed"
    elif counts.get("sent"):
        new = "published"
    else:
        new = "cancelled"
    if new != status[0]:
        check_post(post_id, PostStatus(status[0]), PostStatus(new))
        conn.execute("UPDATE posts SET status = ?, updated_at = ? WHERE id = ?", (new, moment, post_id))
