"""Handoff deliveries: the ready folder is written, then the delivery waits for the person to confirm.

    d = store.deliveries.mark_handed_off(d, folder=str(path), folder_url=path.as_uri())  # the runner
    store.deliveries.awaiting_confirmation()                  # what waits for the person, oldest first
    store.deliveries.confirm_handoff(d.id, remote_url="https://www.instagram.com/p/...")  # posted: sent

A handed-off delivery is not waiting for the runner (it is never claimed again, so its folder is never
written again); its post stays `scheduled` until every delivery is sent, failed or cancelled.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from studio.errors import InputError
from studio.store import _rows
from studio.store._moves import add_event, check_claim, move_state
from studio.store._settle import settle_post
from studio.store.connection import Database
from studio.store.models import Delivery, DeliveryState
from studio.store.times import now_utc, to_db

__all__ = ["HandoffSteps"]


class HandoffSteps:
    """The handoff part of the queue (mixed into `DeliveriesRepo`)."""

    _db: Database

    def mark_handed_off(
        self, delivery: Delivery, *, folder: str, folder_url: str, at: datetime | None = None
    ) -> Delivery:
        """A claimed delivery's ready folder is written: it waits for the person to post and confirm."""
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            check_claim(conn, delivery)
            unsent = conn.execute(
                "SELECT count(*) FROM delivery_parts WHERE delivery_id = ? AND sent_at IS NULL",
                (delivery.id,),
            ).fetchone()[0]
            if unsent:
                why = f"{unsent} part(s) not in the folder yet"
                raise InputError(f"delivery {delivery.id}", why, "record_part_sent first")
            move_state(conn, delivery.id, DeliveryState.SENDING, DeliveryState.HANDED_OFF)
            conn.execute(
                "UPDATE deliveries SET remote_id = ?, remote_url = ?, last_error = '', "
                "next_attempt_at = NULL, claimed_by = NULL, claimed_at = NULL, updated_at = ? WHERE id = ?",
                (folder, folder_url, moment, delivery.id),
            )
            add_event(conn, delivery.id, moment, "handed_off", f"ready folder written: {folder}")
            settle_post(conn, delivery.post_id, moment)
            found = _rows.deliveries_by_id(conn, [delivery.id])
        return found[delivery.id]

    def confirm_handoff(
        self, delivery_id: int, *, remote_url: str = "", at: datetime | None = None
    ) -> Delivery:
        """The person posted a handed-off delivery: it is sent (and in the archive), with the URL if given.

        Without a URL the delivery keeps its folder's address. InputError when the delivery is not waiting
        for a confirmation or the URL is not a web address.
        """
        url = _check_url(remote_url.strip())
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            row = conn.execute(
                "SELECT state, post_id, account_id FROM deliveries WHERE id = ?", (delivery_id,)
            ).fetchone()
            if row is None:
                raise InputError(f"delivery {delivery_id}", "not found", "see `studio queue list`")
            state, post_id, account_id = row
            if state != DeliveryState.HANDED_OFF.value:
                raise InputError(
                    f"delivery {delivery_id}",
                    f"is {state.replace('_', ' ')}, not handed off to you",
                    "only a delivery whose ready folder waits for you can be marked done "
                    "(see `studio queue list`)",
                )
            move_state(conn, delivery_id, DeliveryState.HANDED_OFF, DeliveryState.SENT)
            conn.execute(
                "UPDATE deliveries SET remote_url = coalesce(?, remote_url), sent_at = ?, updated_at = ? "
                "WHERE id = ?",
                (url, moment, moment, delivery_id),
            )
            conn.execute(
                "UPDATE accounts SET last_published_at = ? WHERE id = ? "
                "AND (last_published_at IS NULL OR last_published_at < ?)",
                (moment, account_id, moment),
            )
            add_event(conn, delivery_id, moment, "confirmed", url or "posted by hand (no URL given)")
            settle_post(conn, post_id, moment)
            found = _rows.deliveries_by_id(conn, [delivery_id])
        return found[delivery_id]

    def awaiting_confirmation(self) -> list[Delivery]:
        """Handed-off deliveries waiting for the person to post them and confirm, oldest hand-off first."""
        with self._db.read() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM deliveries WHERE state = 'handed_off' ORDER BY updated_at, id"
                )
            ]
            found = _rows.deliveries_by_id(conn, ids)
        return [found[i] for i in ids]


def _check_url(url: str) -> str | None:
    """The pasted address of the post, if any; only a web address is kept (never a secret, never a path)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or any(c.isspace() for c in url):
        raise InputError(
            f"URL {url!r}",
            "is not a web address",
            "paste the post's address, e.g. https://www.instagram.com/p/...",
        )
    return url
