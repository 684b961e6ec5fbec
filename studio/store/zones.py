"""Reading and showing times in the user's zone; the store itself keeps UTC (`studio.store.times`)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from studio.errors import InputError

__all__ = ["FIRST_YEAR", "LAST_YEAR", "parse_user_time", "show_time", "user_zone"]

# Python's dates stop at the years 1 and 9999, so a time near either end overflows once a zone, a late window
# or a retry's backoff is added. Studio takes times in the years 1970 to 2999: far from both ends, whatever
# the zone, from every way a time comes in (command line, CSV import, the app).
FIRST_YEAR, LAST_YEAR = 1970, 2999
_TIME_FIX = "write it like 2026-03-29T09:00 or 2026-03-29T09:00+02:00"


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
    shown = text if len(text) <= 40 else text[:39] + "…"
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{field} {shown!r}", "not an ISO 8601 time", _TIME_FIX) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise InputError(
            f"{field} {shown!r}", f"Studio takes times from {FIRST_YEAR} to {LAST_YEAR}", _TIME_FIX
        )
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
    try:
        local = moment.astimezone(zone)  # None: the computer's zone
    except (OverflowError, ValueError):  # stored by an older Studio at the calendar's end: show it in UTC
        local = moment.astimezone(UTC)
    return local.strftime("%Y-%m-%d %H:%M %Z").strip()
