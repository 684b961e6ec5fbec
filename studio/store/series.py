"""Recurring series, blackout days and posting slots as stored (the scheduling logic is in workflows)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from studio.errors import InputError
from studio.store.connection import Database
from studio.store.times import from_db, now_utc, to_db

__all__ = ["NewSeries", "SeriesEntry", "SeriesRepo", "StoredBlackout", "StoredSeries"]


@dataclass(frozen=True, slots=True)
class NewSeries:
    """A series to create: its slot (weekdays, local times, zone), title line and accounts."""

    name: str
    weekdays: tuple[int, ...]
    times: tuple[str, ...]
    timezone: str
    account_ids: tuple[int, ...]
    title: str = ""
    blackout_mode: str = "skip"
    first_number: int = 1


@dataclass(frozen=True, slots=True)
class StoredSeries:
    """A series as stored."""

    id: int
    name: str
    title: str
    weekdays: tuple[int, ...]
    times: tuple[str, ...]
    timezone: str
    blackout_mode: str
    next_number: int
    account_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SeriesEntry:
    """A scheduled episode: its post, number and slot."""

    post_id: int
    number: int
    slot_at: datetime


@dataclass(frozen=True, slots=True)
class StoredBlackout:
    """Blacked-out days `start` to `end` (exclusive) from an imported calendar."""

    calendar: str
    start: date
    end: date
    summary: str


class SeriesRepo:
    """Series, their numbered entries, blackout calendars and per-account posting slots."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, new: NewSeries, *, at: datetime | None = None) -> StoredSeries:
        """Store a new series; a name already used is an InputError."""
        if not new.account_ids:
            raise InputError("--account", "a series needs at least one account", "give --account NAME")
        with self._db.write() as conn:
            if conn.execute("SELECT 1 FROM series WHERE name = ?", (new.name,)).fetchone():
                raise InputError(f"series {new.name!r}", "already exists", "choose another name")
            cursor = conn.execute(
                "INSERT INTO series (name, title, weekdays, times, timezone, blackout_mode, next_number, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.name,
                    new.title,
                    ",".join(str(d) for d in new.weekdays),
                    ",".join(new.times),
                    new.timezone,
                    new.blackout_mode,
                    new.first_number,
                    to_db(at or now_utc()),
                ),
            )
            series_id = int(cursor.lastrowid or 0)
            conn.executemany(
                "INSERT INTO series_accounts (series_id, account_id, position) VALUES (?, ?, ?)",
                [(series_id, a, i) for i, a in enumerate(new.account_ids)],
            )
        return self.by_name(new.name)

    def by_name(self, name: str) -> StoredSeries:
        """The series with this name (any case); InputError if there is none."""
        with self._db.read() as conn:
            row = conn.execute("SELECT id FROM series WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise InputError(f"series {name!r}", "not found", "see `studio series list`")
            return _load(conn, int(row[0]))

    def list_all(self) -> list[StoredSeries]:
        """Every series, by name."""
        with self._db.read() as conn:
            ids = [int(r[0]) for r in conn.execute("SELECT id FROM series ORDER BY name")]
            return [_load(conn, i) for i in ids]

    def backlog(self, name: str) -> list[int]:
        """The series' unscheduled drafts, oldest first (posts whose `series` is this name, not numbered)."""
        with self._db.read() as conn:
            return [
                int(r[0])
                for r in conn.execute(
                    "SELECT p.id FROM posts p WHERE p.series = ? COLLATE NOCASE "
                    "AND p.status IN ('draft', 'in_review', 'approved') "
                    "AND NOT EXISTS (SELECT 1 FROM series_entries e WHERE e.post_id = p.id) ORDER BY p.id",
                    (name,),
                )
            ]

    def entries(self, series_id: int) -> list[SeriesEntry]:
        """The numbered episodes whose post is not cancelled, by slot."""
        with self._db.read() as conn:
            return [
                SeriesEntry(int(r[0]), int(r[1]), from_db(r[2]))
                for r in conn.execute(
                    "SELECT e.post_id, e.number, e.slot_at FROM series_entries e "
                    "JOIN posts p ON p.id = e.post_id "
                    "WHERE e.series_id = ? AND p.status != 'cancelled' ORDER BY e.slot_at, e.number",
                    (series_id,),
                )
            ]

    def take_number(self, series_id: int, post_id: int, slot_at: datetime) -> int:
        """Give the post the series' next number for `slot_at` (inside the caller's transaction)."""
        with self._db.write() as conn:
            number = int(
                conn.execute("SELECT next_number FROM series WHERE id = ?", (series_id,)).fetchone()[0]
            )
            conn.execute("UPDATE series SET next_number = ? WHERE id = ?", (number + 1, series_id))
            conn.execute(
                "INSERT INTO series_entries (post_id, series_id, number, slot_at) VALUES (?, ?, ?, ?)",
                (post_id, series_id, number, to_db(slot_at)),
            )
        return number

    def replace_calendar(self, calendar: str, blackouts: Sequence[tuple[date, date, str]]) -> None:
        """Replace the blackout days imported under `calendar` with these (start, end exclusive, summary)."""
        with self._db.write() as conn:
            conn.execute("DELETE FROM blackouts WHERE calendar = ?", (calendar,))
            conn.executemany(
                "INSERT INTO blackouts (calendar, summary, start_date, end_date) VALUES (?, ?, ?, ?)",
                [(calendar, s, a.isoformat(), b.isoformat()) for a, b, s in blackouts],
            )

    def blackouts(self) -> list[StoredBlackout]:
        """Every blackout range, by start."""
        with self._db.read() as conn:
            return [
                StoredBlackout(r[0], date.fromisoformat(r[1]), date.fromisoformat(r[2]), r[3])
                for r in conn.execute(
                    "SELECT calendar, start_date, end_date, summary FROM blackouts ORDER BY start_date, id"
                )
            ]

    def set_account_slots(self, account_id: int, slots: Sequence[tuple[int, str]]) -> None:
        """Replace an account's posting slots with these (weekday 0 = Monday, HH:MM)."""
        with self._db.write() as conn:
            conn.execute("DELETE FROM account_slots WHERE account_id = ?", (account_id,))
            conn.executemany(
                "INSERT OR IGNORE INTO account_slots (account_id, weekday, at_time) VALUES (?, ?, ?)",
                [(account_id, d, t) for d, t in slots],
            )

    def account_slots(self, account_id: int) -> list[tuple[int, str]]:
        """An account's posting slots, (weekday, HH:MM) in week order."""
        with self._db.read() as conn:
            return [
                (int(r[0]), str(r[1]))
                for r in conn.execute(
                    "SELECT weekday, at_time FROM account_slots WHERE account_id = ? "
                    "ORDER BY weekday, at_time",
                    (account_id,),
                )
            ]

    def busy_times(self, account_id: int, start: datetime, end: datetime) -> set[datetime]:
        """When the account already has a post due (not cancelled) between `start` and `end`."""
        with self._db.read() as conn:
            return {
                from_db(r[0])
                for r in conn.execute(
                    "SELECT due_at FROM deliveries WHERE account_id = ? AND state != 'cancelled' "
                    "AND due_at >= ? AND due_at < ?",
                    (account_id, to_db(start), to_db(end)),
                )
            }


def _load(conn: sqlite3.Connection, series_id: int) -> StoredSeries:
    r = conn.execute(
        "SELECT id, name, title, weekdays, times, timezone, blackout_mode, next_number "
        "FROM series WHERE id = ?",
        (series_id,),
    ).fetchone()
    accounts = tuple(
        int(a[0])
        for a in conn.execute(
            "SELECT account_id FROM series_accounts WHERE series_id = ? ORDER BY position", (series_id,)
        )
    )
    return StoredSeries(
        id=int(r[0]),
        name=str(r[1]),
        title=str(r[2]),
        weekdays=tuple(int(d) for d in str(r[3]).split(",")),
        times=tuple(str(r[4]).split(",")),
        timezone=str(r[5]),
        blackout_mode=str(r[6]),
        next_number=int(r[7]),
        account_ids=accounts,
    )
