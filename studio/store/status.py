"""The status bar's second question, the last publishing error (what goes out next: `store.schedule`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studio.store.api import Store
from studio.store.times import from_db

__all__ = ["LastError", "last_error"]


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
