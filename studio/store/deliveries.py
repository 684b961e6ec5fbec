"""The queue: claiming due deliveries atomically across processes, recording every step of publishing.

A runner's loop (`store.deliveries` is a `DeliveriesRepo`):

    late = timedelta(minutes=store.settings.get().late_window_minutes)
    store.deliveries.mark_overdue_missed(now, late)         # offline too long: wait for the user
    for d in store.deliveries.claim_due(now, limit=10, claimer=f"{host}:{pid}"):
        while (part := d.next_part) is not None:           # resume a thread after its last sent part
            ... publish part.text with part.idempotency_key (Mastodon) / part.record_key (Bluesky) ...
            d = store.deliveries.record_part_sent(d, part.position, remote_id=..., remote_uri=...)
        store.deliveries.mark_sent(d, remote_id=..., remote_url=...)
    # on a temporary error: mark_retry(d, why, next_attempt_at); on a final one: mark_final_failure(d, why)
    # a handoff network: mark_handed_off(d, folder=...) instead of mark_sent; the person confirms later
    # with confirm_handoff(d.id, remote_url=...) (see `studio.store.handoffs`)

A delivery with `reply_to_delivery_id` continues a thread (incident updates): before sending its first part,
ask `store.deliveries.reply_target(d)` for the parent and root parts to reply to (None: start a new thread);
it raises RetryableError while the delivery it replies to is still waiting to be sent.

Every call takes the Delivery the claim returned and raises ClaimLostError if another runner has taken it over
meanwhile (its claim was older than the timeout), so a slow runner never records over a newer one.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from studio.errors import InputError
from studio.store import _rows, incident_queue
from studio.store._moves import ClaimLostError, add_event, check_claim, move_state
from studio.store._settle import settle_post
from studio.store.connection import Database
from studio.store.handoffs import HandoffSteps
from studio.store.models import Delivery, DeliveryEvent, DeliveryState, ReplyTarget
from studio.store.states import check_delivery
from studio.store.times import from_db, now_utc, to_db

__all__ = ["DEFAULT_CLAIM_TIMEOUT", "ClaimLostError", "DeliveriesRepo"]

# A runner killed mid-send leaves its claim behind; after this long another runner may take it over. A
# runner holding the workspace's publishing lock knows no other runner is alive and passes `timeout=None`.
DEFAULT_CLAIM_TIMEOUT = timedelta(minutes=10)
_MAX_ERROR = 2000


class DeliveriesRepo(HandoffSteps):
    """Everything a runner does with deliveries, each change one transaction with its audit line."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, delivery_id: int) -> Delivery:
        """One delivery with its parts; InputError if there is none."""
        with self._db.read() as conn:
            found = _rows.deliveries_by_id(conn, [delivery_id])
        if delivery_id not in found:
            raise InputError(f"delivery {delivery_id}", "not found", "see `studio queue list`")
        return found[delivery_id]

    def claim_due(
        self,
        now: datetime,
        *,
        limit: int,
        claimer: str,
        timeout: timedelta | None = DEFAULT_CLAIM_TIMEOUT,
    ) -> list[Delivery]:
        """Claim up to `limit` due deliveries of scheduled posts for `claimer`, atomically across processes.

        Due: queued or retrying with due_at <= now, or sending with a claim older than `timeout`. Each claim
        counts one attempt and appends a `claimed` (or `reclaimed`) event.

        `timeout=None`: every claim still marked sending is taken over at once, whatever its time (even one
        stamped later than `now` by a clock that has since been set back). Only a caller holding the
        publishing lock may pass it: then every other claimer is known to be dead.
        """
        moment = to_db(now)
        with self._db.write() as conn:
            incident_queue.hold_during_outages(conn, moment)
            if timeout is None:
                # The lock holder's own claims are left out: one it failed to settle is never a hot loop.
                rows = conn.execute(
                    "SELECT d.id, d.state FROM deliveries d JOIN posts p ON p.id = d.post_id "
                    "WHERE d.state IN ('queued', 'retrying', 'sending') AND p.status = 'scheduled' "
                    "AND ((d.state != 'sending' AND d.due_at <= ?) "
                    "OR (d.state = 'sending' AND d.claimed_by IS NOT ?)) "
                    "ORDER BY d.due_at, d.id LIMIT ?",
                    (moment, claimer, limit),
                ).fetchall()
            else:
                rows = conn.execute(
                    "SELECT d.id, d.state FROM deliveries d JOIN posts p ON p.id = d.post_id "
                    "WHERE d.state IN ('queued', 'retrying', 'sending') AND d.due_at <= ? "
                    "AND (d.state != 'sending' OR d.claimed_at <= ?) AND p.status = 'scheduled' "
                    "ORDER BY d.due_at, d.id LIMIT ?",
                    (moment, to_db(now - timeout), limit),
                ).fetchall()
            for delivery_id, state in rows:
                check_delivery(delivery_id, DeliveryState(state), DeliveryState.SENDING)
            conn.executemany(
                "UPDATE deliveries SET state = 'sending', claimed_by = ?, claimed_at = ?, "
                "attempts = attempts + 1, updated_at = ? WHERE id = ?",
                [(claimer, moment, moment, r[0]) for r in rows],
            )
            conn.executemany(
                "INSERT INTO delivery_events (delivery_id, at, kind, attempt, detail) "
                "SELECT id, ?, ?, attempts, ? FROM deliveries WHERE id = ?",
                [
                    (moment, "reclaimed" if r[1] == "sending" else "claimed", f"by {claimer}", r[0])
                    for r in rows
                ],
            )
            found = _rows.deliveries_by_id(conn, [r[0] for r in rows])
        return [found[r[0]] for r in rows]

    def record_part_sent(
        self,
        delivery: Delivery,
        position: int,
        *,
        remote_id: str,
        remote_uri: str | None = None,
        remote_cid: str | None = None,
        at: datetime | None = None,
    ) -> Delivery:
        """Record that part `position` of a claimed delivery is on the network (so a retry skips it)."""
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            self._own(conn, delivery)
            cursor = conn.execute(
                "UPDATE delivery_parts SET remote_id = ?, remote_uri = ?, remote_cid = ?, sent_at = ? "
                "WHERE delivery_id = ? AND position = ? AND sent_at IS NULL",
                (remote_id, remote_uri, remote_cid, moment, delivery.id, position),
            )
            if cursor.rowcount != 1:
                raise InputError(
                    f"delivery {delivery.id} part {position}", "does not exist or was already sent", "a bug"
                )
            self._event(conn, delivery.id, moment, "part_sent", f"part {position}: {remote_id}")
        return self.get(delivery.id)

    def mark_sent(
        self, delivery: Delivery, *, remote_id: str, remote_url: str, at: datetime | None = None
    ) -> Delivery:
        """Finish a claimed delivery whose parts are all recorded; sets the account's last published time."""
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            self._own(conn, delivery)
            unsent = conn.execute(
                "SELECT count(*) FROM delivery_parts WHERE delivery_id = ? AND sent_at IS NULL",
                (delivery.id,),
            ).fetchone()[0]
            if unsent:
                raise InputError(
                    f"delivery {delivery.id}",
                    f"{unsent} part(s) not recorded as sent",
                    "record_part_sent first",
                )
            self._move(conn, delivery.id, DeliveryState.SENDING, DeliveryState.SENT)
            conn.execute(
                "UPDATE deliveries SET remote_id = ?, remote_url = ?, sent_at = ?, last_error = '', "
                "next_attempt_at = NULL, updated_at = ? WHERE id = ?",
                (remote_id, remote_url, moment, moment, delivery.id),
            )
            conn.execute(
                "UPDATE accounts SET last_published_at = ? WHERE id = ? "
                "AND (last_published_at IS NULL OR last_published_at < ?)",
                (moment, delivery.account_id, moment),
            )
            self._event(conn, delivery.id, moment, "sent", remote_url)
            settle_post(conn, delivery.post_id, moment)
        return self.get(delivery.id)

    def mark_retry(
        self, delivery: Delivery, error: str, next_attempt_at: datetime, *, at: datetime | None = None
    ) -> Delivery:
        """A claimed delivery failed for now: it becomes due again at `next_attempt_at`."""
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            self._own(conn, delivery)
            self._move(conn, delivery.id, DeliveryState.SENDING, DeliveryState.RETRYING)
            conn.execute(
                "UPDATE deliveries SET next_attempt_at = ?, due_at = ?, last_error = ?, claimed_by = NULL, "
                "claimed_at = NULL, updated_at = ? WHERE id = ?",
                (to_db(next_attempt_at), to_db(next_attempt_at), error[:_MAX_ERROR], moment, delivery.id),
            )
            self._event(
                conn, delivery.id, moment, "retry", f"{error[:_MAX_ERROR]} (next {to_db(next_attempt_at)})"
            )
        return self.get(delivery.id)

    def mark_final_failure(self, delivery: Delivery, error: str, *, at: datetime | None = None) -> Delivery:
        """A claimed delivery failed in a way retrying cannot fix; it waits for the user."""
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            self._own(conn, delivery)
            self._move(conn, delivery.id, DeliveryState.SENDING, DeliveryState.FAILED)
            conn.execute(
                "UPDATE deliveries SET last_error = ?, next_attempt_at = NULL, claimed_by = NULL, "
                "claimed_at = NULL, updated_at = ? WHERE id = ?",
                (error[:_MAX_ERROR], moment, delivery.id),
            )
            self._event(conn, delivery.id, moment, "failed", error[:_MAX_ERROR])
            settle_post(conn, delivery.post_id, moment)
        return self.get(delivery.id)

    def mark_missed(self, delivery_id: int, *, reason: str = "", at: datetime | None = None) -> Delivery:
        """A queued or retrying delivery whose time passed beyond the late window; it waits for the user."""
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            self._move(conn, delivery_id, None, DeliveryState.MISSED)
            conn.execute(
                "UPDATE deliveries SET next_attempt_at = NULL, updated_at = ? WHERE id = ?",
                (moment, delivery_id),
            )
            self._event(conn, delivery_id, moment, "missed", reason or "its time passed while offline")
        return self.get(delivery_id)

    def mark_overdue_missed(self, now: datetime, late_window: timedelta) -> list[int]:
        """Mark missed every waiting delivery of a scheduled post due before `now - late_window`."""
        with self._db.write() as conn:
            incident_queue.hold_during_outages(
                conn, to_db(now)
            )  # held, not missed: the outage will release them
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT d.id FROM deliveries d JOIN posts p ON p.id = d.post_id "
                    "WHERE d.state IN ('queued', 'retrying') AND d.due_at < ? AND p.status = 'scheduled'",
                    (to_db(now - late_window),),
                )
            ]
            for delivery_id in ids:
                self.mark_missed(delivery_id, at=now)
        return ids

    def hold_all(self, reason: str, *, at: datetime | None = None) -> list[int]:
        """Incident mode: pause every queued or retrying delivery; returns their ids."""
        return self._bulk(("queued", "retrying"), DeliveryState.HELD, "held", reason, at)

    def release_held(self, *, at: datetime | None = None) -> list[int]:
        """Leave incident mode: held deliveries are queued again (still at their own times)."""
        return self._bulk(("held",), DeliveryState.QUEUED, "released", "", at)

    def hold_promotional(
        self, account_ids: list[int], reason: str, *, at: datetime | None = None
    ) -> list[int]:
        """Incident mode on some accounts: pause their queued or retrying deliveries of non-incident posts."""
        if not account_ids:
            return []
        marks = ",".join("?" * len(account_ids))
        with self._db.write() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT d.id FROM deliveries d JOIN posts p ON p.id = d.post_id "
                    "WHERE d.state IN ('queued', 'retrying') AND p.incident = '' "
                    f"AND d.account_id IN ({marks}) ORDER BY d.due_at, d.id",
                    account_ids,
                )
            ]
            self._move_all(conn, ids, DeliveryState.HELD, "held", reason, at)
        return ids

    def release(self, delivery_ids: list[int], *, at: datetime | None = None) -> list[int]:
        """Queue these deliveries again if still held (at their own times); returns those released."""
        with self._db.write() as conn:
            held = {r[0] for r in conn.execute("SELECT id FROM deliveries WHERE state = 'held'")}
            ids = [i for i in delivery_ids if i in held]
            self._move_all(conn, ids, DeliveryState.QUEUED, "released", "", at)
        return ids

    def reply_target(self, delivery: Delivery) -> ReplyTarget | None:
        """The parts a delivery's first part replies to, or None when it starts a thread.

        See `studio.store.incident_queue.reply_target`; RetryableError while the parent waits to be sent.
        """
        with self._db.read() as conn:
            return incident_queue.reply_target(conn, delivery)

    def requeue(
        self, delivery_id: int, when: datetime | None = None, *, at: datetime | None = None
    ) -> Delivery:
        """The user sends a missed, failed or held delivery again, at `when` (None: now)."""
        moment = at or now_utc()
        with self._db.write() as conn:
            row = conn.execute("SELECT post_id FROM deliveries WHERE id = ?", (delivery_id,)).fetchone()
            self._move(conn, delivery_id, None, DeliveryState.QUEUED)
            conn.execute(
                "UPDATE deliveries SET due_at = ?, next_attempt_at = NULL, claimed_by = NULL, "
                "claimed_at = NULL, updated_at = ? WHERE id = ?",
                (to_db(when or moment), to_db(moment), delivery_id),
            )
            self._event(conn, delivery_id, to_db(moment), "requeued", f"due {to_db(when or moment)}")
            settle_post(conn, row[0], to_db(moment))
        return self.get(delivery_id)

    def cancel(self, delivery_id: int, *, at: datetime | None = None) -> Delivery:
        """Cancel one delivery that has not gone out (not while it is being sent)."""
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            row = conn.execute("SELECT post_id FROM deliveries WHERE id = ?", (delivery_id,)).fetchone()
            self._move(conn, delivery_id, None, DeliveryState.CANCELLED)
            self._event(conn, delivery_id, moment, "cancelled", "by the user")
            settle_post(conn, row[0], moment)
        return self.get(delivery_id)

    def append_event(
        self, delivery_id: int, kind: str, detail: str = "", *, at: datetime | None = None
    ) -> None:
        """Add a line to a delivery's audit (e.g. the HTTP status of an attempt); never a secret."""
        with self._db.write() as conn:
            if conn.execute("SELECT 1 FROM deliveries WHERE id = ?", (delivery_id,)).fetchone() is None:
                raise InputError(f"delivery {delivery_id}", "not found", "see `studio queue list`")
            self._event(conn, delivery_id, to_db(at or now_utc()), kind, detail[:_MAX_ERROR])

    def events(self, delivery_id: int) -> list[DeliveryEvent]:
        """A delivery's audit, oldest first."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT id, delivery_id, at, kind, attempt, detail FROM delivery_events "
                "WHERE delivery_id = ? ORDER BY id",
                (delivery_id,),
            ).fetchall()
        return [DeliveryEvent(r[0], r[1], from_db(r[2]), r[3], r[4], r[5]) for r in rows]

    def _bulk(
        self, states: tuple[str, ...], new: DeliveryState, kind: str, detail: str, at: datetime | None
    ) -> list[int]:
        with self._db.write() as conn:
            marks = ",".join("?" * len(states))
            ids = [r[0] for r in conn.execute(f"SELECT id FROM deliveries WHERE state IN ({marks})", states)]
            self._move_all(conn, ids, new, kind, detail, at)
        return ids

    def _move_all(
        self,
        conn: sqlite3.Connection,
        ids: list[int],
        new: DeliveryState,
        kind: str,
        detail: str,
        at: datetime | None,
    ) -> None:
        moment = to_db(at or now_utc())
        for delivery_id in ids:
            self._move(conn, delivery_id, None, new)
            conn.execute("UPDATE deliveries SET updated_at = ? WHERE id = ?", (moment, delivery_id))
            self._event(conn, delivery_id, moment, kind, detail)

    _own = staticmethod(check_claim)
    _move = staticmethod(move_state)
    _event = staticmethod(add_event)
