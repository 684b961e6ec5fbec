"""The archive: published deliveries with their remote URL, time and text, searchable with SQLite FTS5."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from studio.errors import InputError
from studio.store.connection import Database
from studio.store.times import from_db, to_db

__all__ = ["ArchiveEntry", "ArchiveRepo"]

_SELECT = (
    "SELECT d.id, d.post_id, d.account_name, d.network, d.remote_url, d.sent_at, p.series, p.incident, "
    "(SELECT group_concat(text, char(10)) FROM "
    "(SELECT text FROM delivery_parts WHERE delivery_id = d.id ORDER BY position))"
)


@dataclass(frozen=True, slots=True)
class ArchiveEntry:
    """One published delivery; `snippet` marks the matched words with [ ] when it came from a search."""

    delivery_id: int
    post_id: int
    account: str
    network: str
    remote_url: str
    sent_at: datetime
    series: str
    incident: str
    text: str
    snippet: str = ""


class ArchiveRepo:
    """Reads the archive: full-text search and published deliveries by time."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def search(self, match: str, *, limit: int = 50) -> list[ArchiveEntry]:
        """Published deliveries matching an FTS5 query, best first; a bad query is an InputError."""
        sql = (
            f"{_SELECT}, snippet(archive_fts, 0, '[', ']', '…', 12) FROM archive_fts "
            "JOIN deliveries d ON d.id = archive_fts.rowid JOIN posts p ON p.id = d.post_id "
            "WHERE archive_fts MATCH ? AND d.state = 'sent' ORDER BY archive_fts.rank, d.id LIMIT ?"
        )
        with self._db.read() as conn:
            try:
                rows = conn.execute(sql, (match, limit)).fetchall()
            except sqlite3.OperationalError as error:
                # FTS5 reports a bad query as an OperationalError ("fts5: syntax error", "unterminated
                # string", "no such column" for a column filter); the user typed it, so it is their input.
                raise InputError(
                    f"search {match!r}",
                    f"not a valid search ({error})",
                    'search plain words, or put a phrase in "double quotes"',
                ) from None
        return [_entry(r, str(r[9] or "")) for r in rows]

    def count(self) -> int:
        """How many deliveries were published."""
        with self._db.read() as conn:
            return int(conn.execute("SELECT count(*) FROM deliveries WHERE state = 'sent'").fetchone()[0])

    def page(self, *, offset: int = 0, limit: int = 200) -> list[ArchiveEntry]:
        """Published deliveries, newest first, `limit` from `offset` (the app loads them as it scrolls)."""
        with self._db.read() as conn:
            rows = conn.execute(
                f"{_SELECT} FROM deliveries d JOIN posts p ON p.id = d.post_id "
                "WHERE d.state = 'sent' ORDER BY d.sent_at DESC, d.id DESC LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [_entry(r) for r in rows]

    def published(self, start: datetime, end: datetime) -> list[ArchiveEntry]:
        """Deliveries sent in [start, end), oldest first."""
        with self._db.read() as conn:
            rows = conn.execute(
                f"{_SELECT} FROM deliveries d JOIN posts p ON p.id = d.post_id "
                "WHERE d.state = 'sent' AND d.sent_at >= ? AND d.sent_at < ? ORDER BY d.sent_at, d.id",
                (to_db(start), to_db(end)),
            ).fetchall()
        return [_entry(r) for r in rows]


def _entry(r: tuple[object, ...], snippet: str = "") -> ArchiveEntry:
    return ArchiveEntry(
        delivery_id=int(str(r[0])),
        post_id=int(str(r[1])),
        account=str(r[2]),
        network=str(r[3]),
        remote_url=str(r[4] or ""),
        sent_at=from_db(str(r[5])),
        series=str(r[6]),
        incident=str(r[7]),
        text=str(r[8] or ""),
        snippet=snippet,
    )
