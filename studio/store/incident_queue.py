"""What incidents ask of the queue: threads that continue across deliveries, and promotions held at the door.

A delivery with `reply_to_delivery_id` continues the thread of an earlier delivery on the same account (the
incident workflow links each update to the previous one). Before sending its first part, a publisher asks
`store.deliveries.reply_target(delivery)` for the parts to reply to:

    target = store.deliveries.reply_target(d)   # None: start a new thread
    Mastodon: in_reply_to_id = target.parent.remote_id (for part 0; later parts reply to the part before)
    Bluesky:  reply = {root: target.root (uri, cid), parent: target.parent (uri, cid)} for part 0, and
              root = target.root for every later part of the same delivery too
"""

from __future__ import annotations

import sqlite3

from studio.errors import RetryableError
from studio.store import _rows
from studio.store._moves import add_event, move_state
from studio.store.models import Delivery, DeliveryState, ReplyTarget

__all__ = ["hold_during_outages", "reply_target"]

_WAITING = frozenset(
    {
        DeliveryState.QUEUED,
        DeliveryState.SENDING,
        DeliveryState.RETRYING,
        DeliveryState.HELD,
        DeliveryState.MISSED,
    }
)


def reply_target(conn: sqlite3.Connection, delivery: Delivery) -> ReplyTarget | None:
    """The parts `delivery` replies to, or None when it starts a thread.

    Walks `reply_to_delivery_id` upwards: ancestors that failed or were cancelled without sending a part are
    skipped (the thread goes on from the last update that did go out). Raises RetryableError while an
    ancestor is still waiting, so a reply never overtakes the post it answers.
    """
    chain: list[Delivery] = []
    seen = {delivery.id}
    current = delivery.reply_to_delivery_id
    while current is not None and current not in seen:
        seen.add(current)
        parent = _rows.deliveries_by_id(conn, [current])[current]
        sent = [p for p in parent.parts if p.sent]
        if not sent and parent.state in _WAITING:
            raise RetryableError(
                f"delivery {delivery.id}",
                f"it replies to delivery {parent.id}, which is not sent yet ({parent.state.value})",
                "it goes out right after that one",
            )  # no server wait: the runner's own backoff, without pausing the account's other posts
        if sent:
            chain.append(parent)
        current = parent.reply_to_delivery_id
    if not chain:
        return None
    parent_part = [p for p in chain[0].parts if p.sent][-1]
    root_part = next(p for p in chain[-1].parts if p.sent)
    return ReplyTarget(root=root_part, parent=parent_part)


def hold_during_outages(conn: sqlite3.Connection, moment: str) -> None:
    """Incident mode at the door: hold any promotional delivery on an account with an open outage.

    The incident workflow holds what is queued when an outage opens or gets an update; this catches a post
    scheduled in between, before a runner could send it (called by every claim). Each hold is recorded for
    the incident, so closing it releases the post.
    """
    if conn.execute("SELECT 1 FROM incidents WHERE closed_at IS NULL AND kind = 'outage'").fetchone() is None:
        return  # the usual case: one lookup in the small index of open incidents
    rows = conn.execute(
        "SELECT d.id, min(i.id) FROM incidents i "
        "JOIN incident_accounts a ON a.incident_id = i.id "
        "JOIN deliveries d ON d.account_id = a.account_id JOIN posts p ON p.id = d.post_id "
        "WHERE i.closed_at IS NULL AND i.kind = 'outage' AND d.state IN ('queued', 'retrying') "
        "AND p.incident = '' GROUP BY d.id"
    ).fetchall()
    for delivery_id, incident_id in rows:
        move_state(conn, delivery_id, None, DeliveryState.HELD)
        conn.execute("UPDATE deliveries SET updated_at = ? WHERE id = ?", (moment, delivery_id))
        add_event(conn, delivery_id, moment, "held", f"incident {incident_id} is open on this account")
        conn.execute(
            "INSERT OR IGNORE INTO incident_holds (incident_id, delivery_id) VALUES (?, ?)",
            (incident_id, delivery_id),
        )
