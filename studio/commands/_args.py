"""Reading ids, counts, times and months from the command line, within what Studio can compute with.

Ids and counts are argparse types (`type=`): a bad one is a usage error naming the argument (exit 2), as a
word where a number belongs always was. Times and months are read when the command runs (a time without an
offset needs the workspace's zone) and a bad one is an InputError (exit 1), as before.

The ranges: SQLite integers stop at 2^63 - 1 and Python's dates at the years 1 and 9999, so a time near
either end overflows once a zone, a late window or a retry's backoff is added. Studio takes times in the
years 1970 to 2999: far from both ends, whatever the zone.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo

from studio.errors import InputError

__all__ = ["check_month", "count", "not_utf8", "read_time", "record_id"]

_MAX_SQLITE_INT = 2**63 - 1
_INTEGER = re.compile(r"[+-]?[0-9]+")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


def record_id(kind: str, listing: str) -> Callable[[str], int]:
    """The type of an id of a `kind` (post, incident) that `listing` shows: a whole number, 1 to 2^63 - 1."""

    def parse(text: str) -> int:
        value = _integer(text)
        if value is None or not 1 <= value <= _MAX_SQLITE_INT:
            raise _bad(text, f"not {_a(kind)} id", f"use {_a(kind)} number that `{listing}` shows")
        return value

    return parse


def count(low: int, high: int, unit: str) -> Callable[[str], int]:
    """The type of a whole number of `unit` from `low` to `high`."""

    def parse(text: str) -> int:
        value = _integer(text)
        if value is None or not low <= value <= high:
            raise _bad(text, f"not a number of {unit} from {low} to {high}", f"give a whole number of {unit}")
        return value

    return parse


def read_time(text: str, zone: tzinfo | None, *, field: str) -> datetime:
    """An ISO 8601 time given as `field` (no offset: in `zone`), as aware UTC, in the years Studio takes.

    The year range lives in `parse_user_time`, so a CSV import and the app get the same check.
    """
    from studio.store.zones import parse_user_time

    return parse_user_time(text, zone, field=field)


def check_month(text: str, *, field: str = "--month") -> str:
    """A month as YYYY-MM in the years Studio takes; returned stripped."""
    from studio.store.zones import FIRST_YEAR, LAST_YEAR  # the store's package is loaded only when needed

    match = _MONTH.fullmatch(text.strip())
    fix = "write it as YYYY-MM, e.g. 2026-03"
    if match is None or not 1 <= int(match[2]) <= 12:
        raise InputError(f"{field} {_short(text)!r}", "not a month", fix)
    if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        raise InputError(
            f"{field} {_short(text)!r}", f"Studio takes months from {FIRST_YEAR} to {LAST_YEAR}", fix
        )
    return text.strip()


def not_utf8(argv: Sequence[str]) -> str | None:
    """The usage error for the first argument that is not UTF-8 (a lone surrogate from the shell), or None.

    Python keeps bytes it cannot decode as lone surrogates, which nothing downstream can write: SQLite,
    a file or the terminal would fail on them later, after part of the work was done.
    """
    for position, arg in enumerate(argv, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            try:  # the bytes the shell gave, as \xNN where they are not UTF-8
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            except UnicodeEncodeError:
                shown = repr(arg)[1:-1]
            return (
                f"argument {position} '{shown}': is not UTF-8 text "
                "(type it again in a UTF-8 terminal, or convert it with iconv)"
            )
    return None


def _integer(text: str) -> int | None:
    """The whole number `text` spells, or None; more than 20 digits is None (no usable value is as long)."""
    stripped = text.strip()
    if not _INTEGER.fullmatch(stripped) or len(stripped) > 20:
        return None
    return int(stripped)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:37]}..."


def _bad(text: str, why: str, fix: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(f"{_short(text)!r}: {why} ({fix})")
