"""Two small questions the app's status bar asks: what goes out next, and the last publishing error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studio.store.api import Store
from studio.store.times import from_db

__all__ = ["LastError", "NextDue", "last_error", "next_due"]

_EXCERPT = 60


@dataclass(frozen=True, slots=True)
class NextDue:
    """The first waiting delivery of a scheduled post."""

    due_at: datetime
    post_id: int
    delivery_id: int
    account_name: str
    network: str
    excerpt: str  # the start of the post's text


@dataclass(frozen=True, slots=True)
class LastError:
    """The newest error of a delivery that has not gone out since (failed for good, or waiting to retry)."""

    at: datetime
    post_id: int
    delivery_id: int
    account_name: str
    network: str
    state: str  # "failed" or "retrying"
    error: str


def next_due(store: Store) -> NextDue | None:
    """What the runner will send next (a retry included), or None when nothing waits."""
    with store.db.read() as conn:
        row = conn.execute(
            "SELECT d.due_at, d.post_id, d.id, d.account_name, d.network, p.body "
            "FROM deliveries d JOIN posts p ON p.id = d.post_id "
            # Spelled as the waiting index's own condition, so SQLite reads that index in due order.
            "WHERE d.state IN ('queued', 'retrying', 'sending') AND d.state != 'sending' "
            "AND p.status = 'scheduled' "
            "ORDER BY d.due_at, d.id LIMIT 1"
        ).fetchone()
    if row is None:
        return None
    body = " ".join(str(row[5]).split())
    excerpt = body if len(body) <= _EXCERPT else body[: _EXCERPT - 1].rstrip() + "…"
    return NextDue(from_db(row[0]), int(row[1]), int(row[2]), str(row[3]), str(row[4]), excerpt)


def last_error(store: Store) -> LastError | None:
    """The most recent publishing error still standing; None when every error has been dealt with."""
    with store.db.read() as conn:
        row = conn.execute(
            "SELECT updated_at, post_id, id, account_name, network, state, last_error FROM deliveries "
            "WHERE state IN ('failed', 'retrying') AND last_error != '' "
            "ORDER BY updated_at DESC, id DESC LIMIT 1"
        ).fetchone()
    if row is None:
        return None
    return LastError(
        from_db(row[0]), int(row[1]), int(row[2]), str(row[3]), str(row[4]), str(row[5]), str(row[6])
    )
