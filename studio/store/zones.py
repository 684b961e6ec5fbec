"""Reading and showing times in the user's zone; the store itself keeps UTC (`studio.store.times`)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studio.errors import InputError

__all__ = ["parse_user_time", "show_time", "user_zone"]


def user_zone(name: str = "") -> tzinfo | None:
    """The named IANA zone, or None for the computer's own zone (DST-aware through the C library)."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(f"time zone {name!r}", "unknown", "use an IANA name like Europe/Berlin") from None


def parse_user_time(text: str, zone: tzinfo | None, *, field: str = "--at") -> datetime:
    """An ISO 8601 time as aware UTC; without an offset it is read in `zone`.

    A wall-clock time the clocks skip (spring forward) is refused rather than guessed.
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"{field} {text!r}",
            "not an ISO 8601 time",
            "write it like 2026-03-29T09:00 or 2026-03-29T09:00+02:00",
        ) from None
    if moment.tzinfo is not None:
        return moment.astimezone(UTC)
    if isinstance(zone, ZoneInfo):
        aware = moment.replace(tzinfo=zone)
        back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if back != moment:
            raise InputError(
                f"{field} {text!r}",
                f"does not exist in {zone.key} (the clocks skip it for summer time)",
                "choose a time an hour later",
            )
        return aware.astimezone(UTC)
    if zone is None:
        return moment.astimezone(UTC)  # a naive time is read as the computer's local time
    return moment.replace(tzinfo=zone).astimezone(UTC)


def show_time(moment: datetime | None, zone: tzinfo | None) -> str:
    """A stored time as the user reads it: `2026-03-29 09:00 CEST`; empty for None."""
    if moment is None:
        return ""
    local = moment.astimezone(zone)  # None: the computer's zone
    return local.strftime("%Y-%m-%d %H:%M %Z").strip()
