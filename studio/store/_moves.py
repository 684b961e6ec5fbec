"""Moving one delivery to a new state and writing its audit line (shared by the queue's modules)."""

from __future__ import annotations

import sqlite3

from studio.errors import InputError, StudioError
from studio.store.models import Delivery, DeliveryState
from studio.store.states import check_delivery
from studio.store.times import to_db

__all__ = ["ClaimLostError", "add_event", "check_claim", "move_state"]


class ClaimLostError(StudioError):
    """The delivery is no longer this runner's (its claim timed out and another runner took it over)."""


def move_state(
    conn: sqlite3.Connection, delivery_id: int, expected: DeliveryState | None, new: DeliveryState
) -> None:
    """Change a delivery's state if the move is allowed (and it is still `expected`, when given)."""
    row = conn.execute("SELECT state FROM deliveries WHERE id = ?", (delivery_id,)).fetchone()
    if row is None:
        raise InputError(f"delivery {delivery_id}", "not found", "see `studio queue list`")
    old = DeliveryState(row[0])
    if expected is not None and old is not expected:
        raise ClaimLostError(f"delivery {delivery_id} is {old.value}, not {expected.value}")
    check_delivery(delivery_id, old, new)
    conn.execute("UPDATE deliveries SET state = ? WHERE id = ?", (new.value, delivery_id))


def add_event(conn: sqlite3.Connection, delivery_id: int, moment: str, kind: str, detail: str) -> None:
    """Append a line to a delivery's audit, with its current attempt count."""
    conn.execute(
        "INSERT INTO delivery_events (delivery_id, at, kind, attempt, detail) "
        "SELECT id, ?, ?, attempts, ? FROM deliveries WHERE id = ?",
        (moment, kind, detail, delivery_id),
    )


def check_claim(conn: sqlite3.Connection, delivery: Delivery) -> None:
    """Raise ClaimLostError unless `delivery` is still being sent under the claim it was returned with."""
    row = conn.execute(
        "SELECT state, claimed_by, claimed_at FROM deliveries WHERE id = ?", (delivery.id,)
    ).fetchone()
    if row is None:
        raise InputError(f"delivery {delivery.id}", "not found", "see `studio queue list`")
    state, claimed_by, claimed_at = row
    mine = claimed_by == delivery.claimed_by and claimed_at == (
        to_db(delivery.claimed_at) if delivery.claimed_at else None
    )
    if state != DeliveryState.SENDING.value or not mine:
        raise ClaimLostError(
            f"delivery {delivery.id} is no longer claimed by {delivery.claimed_by} "
            f"(now {state}, by {claimed_by})"
        )
