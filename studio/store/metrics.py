"""Engagement snapshots of sent deliveries (SQL only): what is due a fetch, what was measured, what is gone.

    store.metrics.to_fetch(now=now, stages=STAGES, due_only=True)   # what a pull asks the networks about
    store.metrics.record([(delivery_id, counts, "auto-1h")], gone=[other_id])  # one transaction
    store.metrics.latest([delivery_id, ...])                        # {delivery_id: Counts}, the newest each

The rules (when a snapshot is due, how the networks are asked, typed numbers and CSVs) live in
`studio.listen.metrics`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from studio.listen.model import Counts
from studio.store.connection import Database
from studio.store.times import from_db, now_utc, to_db

__all__ = ["AUTO_KINDS", "KINDS", "MetricsRepo", "SnapshotKind", "ToFetch"]

SnapshotKind = str  # one of KINDS
AUTO_KINDS = ("auto-1h", "auto-1d", "auto-7d")  # in order: each later stage replaces a missed earlier one
KINDS = (*AUTO_KINDS, "pull", "typed", "csv")
_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit of bound parameters


@dataclass(frozen=True, slots=True)
class ToFetch:
    """A sent delivery a pull asks its network about, and the kind of snapshot the answer makes."""

    delivery_id: int
    account_id: int
    network: str
    remote_id: str  # Mastodon: the status id; Bluesky: the at:// URI (the thread's first part)
    kind: SnapshotKind


class MetricsRepo:
    """Snapshots, gone posts and each account's rate-limit wait."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # --- what to fetch -------------------------------------------------------------------------------------
    def to_fetch(
        self,
        *,
        now: datetime,
        stages: Sequence[timedelta],
        grace: timedelta,
        networks: Sequence[str],
        due_only: bool,
    ) -> list[ToFetch]:
        """Sent deliveries on `networks` that are not gone, oldest first, with the snapshot each is due.

        `stages` are the ages of AUTO_KINDS (1 h, 1 d, 7 d). A delivery is due the latest stage its age has
        reached unless that stage or a later one is already recorded, and only while it is younger than the
        last stage plus `grace` (an old post is not "7 days after" any more). With `due_only` False every
        other live delivery comes too, as a 'pull'.
        """
        h1, d1, d7 = (to_db(now - age) for age in stages)
        oldest = to_db(now - stages[-1] - grace)
        marks = ", ".join("?" * len(networks))
        sql = f"""
            SELECT id, account_id, network, remote_id, stage, taken FROM (
                SELECT d.id, d.account_id, d.network, d.remote_id, d.sent_at,
                    CASE WHEN d.sent_at < ? THEN 0 WHEN d.sent_at <= ? THEN 3 WHEN d.sent_at <= ? THEN 2
                         WHEN d.sent_at <= ? THEN 1 ELSE 0 END AS stage,
                    coalesce((SELECT max(CASE s.kind WHEN 'auto-1h' THEN 1 WHEN 'auto-1d' THEN 2
                                  WHEN 'auto-7d' THEN 3 ELSE 0 END)
                              FROM metric_snapshots s WHERE s.delivery_id = d.id), 0) AS taken
                FROM deliveries d
                WHERE d.state = 'sent' AND d.network IN ({marks}) AND d.account_id IS NOT NULL
                    AND d.remote_id IS NOT NULL AND d.remote_id != ''
                    AND NOT EXISTS (SELECT 1 FROM metric_gone g WHERE g.delivery_id = d.id)
            ) WHERE ? OR taken < stage
            ORDER BY sent_at, id"""
        with self._db.read() as conn:
            rows = conn.execute(sql, (oldest, d7, d1, h1, *networks, 0 if due_only else 1)).fetchall()
        found = []
        for id_, account, network, remote, stage, taken in rows:
            kind = AUTO_KINDS[stage - 1] if taken < stage else "pull"
            found.append(ToFetch(int(id_), int(account), str(network), str(remote), kind))
        return found

    # --- what was measured ---------------------------------------------------------------------------------
    def record(
        self,
        snapshots: Iterable[tuple[int, Counts, SnapshotKind]],
        *,
        gone: Iterable[int] = (),
        at: datetime | None = None,
    ) -> int:
        """Keep snapshots (and the deliveries found `gone`) in one transaction; an automatic stage a delivery
        already has is left out. Returns how many snapshots were kept.
        """
        kept = 0
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            conn.executemany(
                "INSERT INTO metric_gone (delivery_id, gone_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(d, moment) for d in gone],
            )
            for delivery_id, c, kind in snapshots:
                # ON CONFLICT, not OR IGNORE: only an auto stage's uniqueness is skipped; a CHECK fails.
                cursor = conn.execute(
                    "INSERT INTO metric_snapshots "
                    "(delivery_id, kind, likes, reposts, replies, quotes, measured_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (delivery_id, kind, c.likes, c.reposts, c.replies, c.quotes, to_db(c.measured_at)),
                )
                kept += cursor.rowcount
        return kept

    def latest(self, delivery_ids: Sequence[int]) -> dict[int, Counts]:
        """The newest snapshot of each delivery that has one."""
        found: dict[int, Counts] = {}
        with self._db.read() as conn:
            for start in range(0, len(delivery_ids), _CHUNK):
                chunk = list(delivery_ids[start : start + _CHUNK])
                marks = ", ".join("?" * len(chunk))
                rows = conn.execute(
                    "SELECT s.delivery_id, s.likes, s.reposts, s.replies, s.quotes, s.measured_at "
                    "FROM metric_snapshots s WHERE s.id = (SELECT t.id FROM metric_snapshots t "
                    "WHERE t.delivery_id = s.delivery_id ORDER BY t.measured_at DESC, t.id DESC LIMIT 1) "
                    f"AND s.delivery_id IN ({marks})",
                    chunk,
                ).fetchall()
                for delivery, likes, reposts, replies, quotes, at in rows:
                    found[int(delivery)] = Counts(likes, reposts, replies, quotes, from_db(at))
        return found

    def history(self, delivery_id: int) -> list[tuple[SnapshotKind, Counts]]:
        """Every snapshot of a delivery, oldest first."""
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT kind, likes, reposts, replies, quotes, measured_at FROM metric_snapshots "
                "WHERE delivery_id = ? ORDER BY measured_at, id",
                (delivery_id,),
            ).fetchall()
        return [(str(k), Counts(lk, rp, rl, q, from_db(at))) for k, lk, rp, rl, q, at in rows]

    # --- gone posts and waits ------------------------------------------------------------------------------
    def gone(self) -> set[int]:
        """The deliveries whose posts were deleted remotely."""
        with self._db.read() as conn:
            return {int(r[0]) for r in conn.execute("SELECT delivery_id FROM metric_gone")}

    def waits(self) -> dict[int, datetime]:
        """Each account's "not before" from its server's last 429."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT account_id, wait_until FROM metric_waits").fetchall()
        return {int(a): from_db(str(w)) for a, w in rows}

    def set_wait(self, account_id: int, until: datetime | None) -> None:
        """Remember (or, with None, forget) when the account's server allows the next fetch."""
        with self._db.write() as conn:
            if until is None:
                conn.execute("DELETE FROM metric_waits WHERE account_id = ?", (account_id,))
            else:
                conn.execute(
                    "INSERT INTO metric_waits (account_id, wait_until) VALUES (?, ?) "
                    "ON CONFLICT (account_id) DO UPDATE SET wait_until = excluded.wait_until",
                    (account_id, to_db(until)),
                )

    # --- typed numbers -------------------------------------------------------------------------------------
    def sent_delivery(self, delivery_id: int) -> tuple[str, str] | None:
        """(network, state) of a delivery, or None when there is no such delivery."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT network, state FROM deliveries WHERE id = ?", (delivery_id,)
            ).fetchone()
        return None if row is None else (str(row[0]), str(row[1]))

    def by_url(self, urls: Sequence[str]) -> dict[str, int]:
        """Sent deliveries by their remote URL (the link a person pasted or the network gave)."""
        found: dict[str, int] = {}
        with self._db.read() as conn:
            for start in range(0, len(urls), _CHUNK):
                chunk = list(urls[start : start + _CHUNK])
                marks = ", ".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT remote_url, id FROM deliveries WHERE state = 'sent' AND remote_url IN ({marks})",
                    chunk,
                ).fetchall()
                found.update({str(u): int(i) for u, i in rows})
        return found

    def set_url(self, delivery_id: int, url: str) -> None:
        """Give a sent delivery the link where it was posted (a handoff confirmed without one)."""
        with self._db.write() as conn:
            conn.execute(
                "UPDATE deliveries SET remote_url = ?, updated_at = ? WHERE id = ? AND state = 'sent'",
                (url, to_db(now_utc()), delivery_id),
            )
