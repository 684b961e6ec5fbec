"""The hub claim: a team workspace's runner takes due deliveries in the hub, in one transaction.

`HubClaimer` is the runner's `claimer` strategy (`studio.publish.runner.Runner(claimer=...)`). Each call:
pushes this laptop's outcomes so far (the previous batch's), claims in the hub with `UPDATE ... RETURNING`
over `SELECT ... FOR UPDATE SKIP LOCKED` the due deliveries of scheduled posts on accounts this laptop holds
a credential for (handoff networks need none), pulls, and returns the local copies now marked sending. When
the hub cannot be reached it raises HubError and nothing is claimed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from studio.secrets import CredentialStore
from studio.store import DEFAULT_CLAIM_TIMEOUT, Delivery, DeliveryState, Store
from studio.team.hub import connect, mapped, writing
from studio.team.link import read_link, require_link
from studio.team.publishers import publishable, record_publishers

if TYPE_CHECKING:
    from studio.publish.runner import ClaimStrategy

__all__ = ["HubClaimer", "claim_strategy"]

_CLAIM = """
UPDATE studio.deliveries d SET state = 'sending', claimed_by = %(claimer)s, claimed_copy = %(copy)s,
    claimed_at = %(now)s, attempts = d.attempts + 1, rev = d.rev + 1,
    changed_seq = nextval('studio.change_seq')
WHERE d.uid IN (
    SELECT x.uid FROM studio.deliveries x JOIN studio.posts p ON p.uid = x.post_uid
    WHERE p.status = 'scheduled' AND NOT p.deleted AND x.account_name = ANY(%(accounts)s)
      AND NOT (x.post_uid = ANY(%(lacking)s))
      AND ((x.state IN ('queued', 'retrying') AND x.due_at <= %(now)s)
        OR (x.state = 'sending' AND (x.claimed_at <= %(stale)s
            OR (x.claimed_copy = %(copy)s AND x.claimed_by <> %(claimer)s))))
    ORDER BY x.due_at, x.uid
    LIMIT %(limit)s
    FOR UPDATE OF x SKIP LOCKED)
RETURNING d.uid
"""


class HubClaimer:
    """Claims in the team's hub; built by the composition root for a team workspace."""

    def __init__(self, credentials: CredentialStore, *, timeout: timedelta = DEFAULT_CLAIM_TIMEOUT) -> None:
        self._credentials = credentials
        self._timeout = timeout  # a claim this old was left by a laptop that died: it may be taken over

    def __call__(self, store: Store, now: datetime, limit: int, claimer: str) -> list[Delivery]:
        import psycopg

        from studio.team.rounds import exchange  # psycopg with it: only once a team runner claims

        link = require_link(store)
        accounts = self.publishable(store)
        conn = connect(link.hub, self._credentials)  # HubError: nothing is claimed
        try:
            exchange(store, conn, link)  # the previous batch's outcomes go up; the others' changes come down
            record_publishers(store, conn, link, accounts)
            if not accounts or limit <= 0:
                return []
            with writing(conn, link.hub):
                claimed = [
                    str(r[0])
                    for r in conn.execute(
                        _CLAIM,
                        {"claimer": claimer, "copy": link.copy_id, "now": now, "stale": now - self._timeout,
                         "accounts": accounts, "limit": limit, "lacking": lacking_pictures(store)},
                    )
                ]  # fmt: skip
            if claimed:
                exchange(store, conn, require_link(store))  # brings the claims down, marked sending
        except psycopg.Error as error:
            raise mapped(link.hub, error) from None
        finally:
            conn.close()
        return self._local(store, claimed, claimer)

    def publishable(self, store: Store) -> list[str]:
        """The accounts this laptop can publish for: a credential in its keyring, or a handoff network."""
        return publishable(store, self._credentials)

    @staticmethod
    def _local(store: Store, uids: list[str], claimer: str) -> list[Delivery]:
        if not uids:
            return []
        marks = ",".join("?" * len(uids))
        with store.db.read() as conn:
            ids = [
                int(r[0])
                for r in conn.execute(
                    f"SELECT id FROM deliveries WHERE idempotency_key IN ({marks}) ORDER BY due_at, id", uids
                )
            ]
        found = [store.deliveries.get(i) for i in ids]
        return [d for d in found if d.state is DeliveryState.SENDING and d.claimed_by == claimer]


def lacking_pictures(store: Store) -> list[str]:
    """The hub uids of scheduled posts with a picture whose bytes have not reached this laptop yet.

    Their deliveries are left to a laptop that has the picture (or to a later round here): claimed here, they
    would fail for good with "file missing" while another laptop could send them.
    """
    with store.db.read() as conn:
        rows = conn.execute(
            "SELECT DISTINCT t.uid, m.relpath FROM posts p JOIN team_posts t ON t.post_id = p.id "
            "JOIN post_media pm ON pm.post_id = p.id JOIN media m ON m.id = pm.media_id "
            "WHERE p.status = 'scheduled'"
        ).fetchall()
    return sorted({str(uid) for uid, relpath in rows if not (store.workspace / str(relpath)).is_file()})


def claim_strategy(store: Store, credentials: CredentialStore) -> ClaimStrategy:
    """How a runner on `store` claims: in the hub for a team workspace, in SQLite for a solo one.

    Every composition root that builds a `Runner` asks this, so no caller can forget the hub (the SQLite
    trigger would refuse its local claim anyway).
    """
    from studio.publish.runner import local_claim

    return HubClaimer(credentials) if read_link(store) is not None else local_claim
