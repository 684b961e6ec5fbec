"""Incidents and maintenance as stored: the incident, its accounts, its updates (posts) and what it held."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studio.errors import InputError
from studio.store.connection import Database
from studio.store.times import from_db, from_db_opt, now_utc, to_db, to_db_opt

__all__ = ["Incident", "IncidentUpdate", "IncidentsRepo", "NewIncident"]

_COLUMNS = (
    "id, kind, service, impact, status_url, stage, started_at, next_update_at, closed_at, "
    "created_at, updated_at"
)


@dataclass(frozen=True, slots=True)
class NewIncident:
    """What the user gives to open an incident; the stage is the kind's first (`studio.workflows.stages`)."""

    kind: str
    service: str
    impact: str
    stage: str
    started_at: datetime
    account_ids: tuple[int, ...]
    status_url: str = ""


@dataclass(frozen=True, slots=True)
class IncidentUpdate:
    """One update of an incident: the stage it announced and the post that carries it."""

    id: int
    stage: str
    post_id: int
    next_update_at: datetime | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Incident:
    """An incident or maintenance with its accounts (ids, in the order given) and updates (oldest first)."""

    id: int
    kind: str
    service: str
    impact: str
    status_url: str
    stage: str
    started_at: datetime
    next_update_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    account_ids: tuple[int, ...]
    updates: tuple[IncidentUpdate, ...]

    @property
    def is_open(self) -> bool:
        """True until the incident is closed."""
        return self.closed_at is None


class IncidentsRepo:
    """Create, update, close and list incidents; record the deliveries an incident holds."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, new: NewIncident, *, at: datetime | None = None) -> int:
        """Store a new open incident; returns its id."""
        if not new.account_ids:
            raise InputError("--account", "an incident needs at least one account", "give --account NAME")
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            cursor = conn.execute(
                "INSERT INTO incidents (kind, service, impact, status_url, stage, started_at, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.kind,
                    new.service,
                    new.impact,
                    new.status_url,
                    new.stage,
                    to_db(new.started_at),
                    moment,
                    moment,
                ),
            )
            incident_id = int(cursor.lastrowid or 0)
            conn.executemany(
                "INSERT INTO incident_accounts (incident_id, account_id, position) VALUES (?, ?, ?)",
                [(incident_id, a, i) for i, a in enumerate(new.account_ids)],
            )
        return incident_id

    def add_update(
        self,
        incident_id: int,
        stage: str,
        post_id: int,
        next_update_at: datetime | None,
        *,
        at: datetime | None = None,
    ) -> None:
        """Record an update (its post already made) and move the incident to its stage."""
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            self._require_open(conn, incident_id)
            conn.execute(
                "INSERT INTO incident_updates (incident_id, stage, post_id, next_update_at, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (incident_id, stage, post_id, to_db_opt(next_update_at), moment),
            )
            conn.execute(
                "UPDATE incidents SET stage = ?, next_update_at = ?, updated_at = ? WHERE id = ?",
                (stage, to_db_opt(next_update_at), moment, incident_id),
            )

    def close(self, incident_id: int, *, at: datetime | None = None) -> None:
        """Mark the incident closed (the workflow checks a final update exists first)."""
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            self._require_open(conn, incident_id)
            conn.execute(
                "UPDATE incidents SET closed_at = ?, next_update_at = NULL, updated_at = ? WHERE id = ?",
                (moment, moment, incident_id),
            )

    def get(self, incident_id: int) -> Incident:
        """One incident; InputError if there is none."""
        with self._db.read() as conn:
            found = self._load(conn, "WHERE id = ?", (incident_id,))
        if not found:
            raise InputError(f"incident {incident_id}", "not found", "see `studio incident list`")
        return found[0]

    def list_all(self, *, open_only: bool = False) -> list[Incident]:
        """Incidents, newest first (only the open ones if asked)."""
        where = "WHERE closed_at IS NULL" if open_only else ""
        with self._db.read() as conn:
            return self._load(conn, where, ())

    def record_holds(self, incident_id: int, delivery_ids: Sequence[int]) -> None:
        """Remember which deliveries this incident held."""
        with self._db.write() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO incident_holds (incident_id, delivery_id) VALUES (?, ?)",
                [(incident_id, d) for d in delivery_ids],
            )

    def holds(self, incident_id: int) -> list[int]:
        """The deliveries this incident held and has not released, in the order they were held."""
        with self._db.read() as conn:
            return [
                int(r[0])
                for r in conn.execute(
                    "SELECT delivery_id FROM incident_holds WHERE incident_id = ? AND released_at IS NULL "
                    "ORDER BY rowid",
                    (incident_id,),
                )
            ]

    def other_open_outage(self, incident_id: int, account_id: int | None) -> int | None:
        """Another open outage on this account (it takes over holds when this incident closes), if any."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT i.id FROM incidents i JOIN incident_accounts a ON a.incident_id = i.id "
                "WHERE i.id != ? AND i.kind = 'outage' AND i.closed_at IS NULL AND a.account_id = ? "
                "ORDER BY i.id LIMIT 1",
                (incident_id, account_id),
            ).fetchone()
        return None if row is None else int(row[0])

    def mark_released(self, incident_id: int, *, at: datetime | None = None) -> None:
        """This incident no longer holds anything."""
        with self._db.write() as conn:
            conn.execute(
                "UPDATE incident_holds SET released_at = ? WHERE incident_id = ? AND released_at IS NULL",
                (to_db(at or now_utc()), incident_id),
            )

    @staticmethod
    def _require_open(conn: sqlite3.Connection, incident_id: int) -> None:
        row = conn.execute("SELECT closed_at FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        if row is None:
            raise InputError(f"incident {incident_id}", "not found", "see `studio incident list`")
        if row[0] is not None:
            raise InputError(f"incident {incident_id}", "is closed", "open a new incident")

    @staticmethod
    def _load(conn: sqlite3.Connection, where: str, params: tuple[Any, ...]) -> list[Incident]:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM incidents {where} ORDER BY id DESC", params).fetchall()
        out = []
        for r in rows:
            accounts = tuple(
                int(a[0])
                for a in conn.execute(
                    "SELECT account_id FROM incident_accounts WHERE incident_id = ? ORDER BY position",
                    (r[0],),
                )
            )
            updates = tuple(
                IncidentUpdate(int(u[0]), str(u[1]), int(u[2]), from_db_opt(u[3]), from_db(u[4]))
                for u in conn.execute(
                    "SELECT id, stage, post_id, next_update_at, created_at FROM incident_updates "
                    "WHERE incident_id = ? ORDER BY id",
                    (r[0],),
                )
            )
            out.append(
                Incident(
                    id=int(r[0]),
                    kind=str(r[1]),
                    service=str(r[2]),
                    impact=str(r[3]),
                    status_url=str(r[4]),
                    stage=str(r[5]),
                    started_at=from_db(r[6]),
                    next_update_at=from_db_opt(r[7]),
                    closed_at=from_db_opt(r[8]),
                    created_at=from_db(r[9]),
                    updated_at=from_db(r[10]),
                    account_ids=accounts,
                    updates=updates,
                )
            )
        return out
