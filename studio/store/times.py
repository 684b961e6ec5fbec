"""Times in the store: aware UTC datetimes in Python, fixed-width ISO text in SQLite (sorts by time)."""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["from_db", "from_db_opt", "now_utc", "to_db", "to_db_opt"]

_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def now_utc() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def to_db(moment: datetime) -> str:
    """Aware datetime to stored text; a naive datetime is a bug, not a guess at a zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime given to the store; attach a zone first")
    return moment.astimezone(UTC).strftime(_FORMAT)


def to_db_opt(moment: datetime | None) -> str | None:
    """Like `to_db`, passing None through."""
    return None if moment is None else to_db(moment)


def from_db(text: str) -> datetime:
    """Stored text to an aware UTC datetime."""
    return datetime.fromisoformat(text)  # the C parser: ten times faster than strptime, reads the Z as UTC


def from_db_opt(text: str | None) -> datetime | None:
    """Like `from_db`, passing None through."""
    return None if text is None else from_db(text)
