"""Numbers a person brings: typed in for one delivery, or a CSV of many (handoff networks have no API).

    add_numbers(store, 12, likes=40, reposts=3, replies=5, url="https://www.instagram.com/p/abc/")
    report = import_numbers(store, text)   # all rows or none; report.errors name line and column

A CSV has a `delivery_id` or a `url` column (the link where the post is), and `likes`, `reposts`, `replies`
and optionally `quotes`. Every row is checked before any is kept: one bad row keeps none.
"""

from __future__ import annotations

import csv
import io
import urllib.parse
from dataclasses import dataclass
from datetime import datetime

from studio.errors import InputError
from studio.listen.model import Counts
from studio.store import Store
from studio.store.times import now_utc

__all__ = ["NumbersReport", "RowProblem", "add_numbers", "import_numbers"]

_NUMBERS = ("likes", "reposts", "replies", "quotes")
_LARGEST = 1_000_000_000


@dataclass(frozen=True, slots=True)
class RowProblem:
    """What is wrong with one row (line 1 is the header)."""

    line: int
    column: str
    message: str

    def describe(self) -> str:
        return (
            f"line {self.line}, {self.column}: {self.message}"
            if self.column
            else f"line {self.line}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class NumbersReport:
    """How many rows were kept (0 when any row is bad) and what was wrong."""

    kept: int
    errors: tuple[RowProblem, ...]


def add_numbers(
    store: Store,
    delivery_id: int,
    *,
    likes: int,
    reposts: int,
    replies: int,
    quotes: int | None = None,
    url: str = "",
    at: datetime | None = None,
) -> Counts:
    """Keep typed numbers for a sent delivery (and, if given, the link where it was posted)."""
    what = f"delivery {delivery_id}"
    found = store.metrics.sent_delivery(delivery_id)
    if found is None:
        raise InputError(what, "not found", "see `studio archive list` for the published deliveries")
    if found[1] != "sent":
        state = found[1].replace("_", " ")
        raise InputError(what, f"is {state}, not published", "mark it as posted first (`studio queue done`)")
    for name, value in (("likes", likes), ("reposts", reposts), ("replies", replies), ("quotes", quotes)):
        if value is not None and not 0 <= value <= _LARGEST:
            raise InputError(name, f"{value} is not a count", "give a whole number, 0 or more")
    link = _checked_url(url.strip()) if url.strip() else ""
    if url.strip() and not link:
        raise InputError("link", f"{url.strip()!r} is not a web address", "paste the post's https:// link")
    counts = Counts(likes, reposts, replies, quotes, at or now_utc())
    with store.db.write():
        if link:
            store.metrics.set_url(delivery_id, link)
        store.metrics.record([(delivery_id, counts, "typed")])
    return counts


def import_numbers(store: Store, text: str, *, at: datetime | None = None) -> NumbersReport:
    """Check every row of a numbers CSV, then keep them all in one transaction (none if a row is bad)."""
    moment = at or now_utc()
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), strict=True)
    try:
        header = [h.strip().lower() for h in (reader.fieldnames or [])]
    except csv.Error as error:
        return NumbersReport(0, (RowProblem(1, "", f"not readable as CSV ({error})"),))
    missing = [c for c in ("likes", "reposts", "replies") if c not in header]
    if "delivery_id" not in header and "url" not in header:
        missing.insert(0, "delivery_id or url")
    if missing:
        columns = "delivery_id or url, likes, reposts, replies, quotes"
        why = f"no {', '.join(missing)} column (the columns are {columns})"
        return NumbersReport(0, (RowProblem(1, "", why),))
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, str]]] = []
    errors: list[RowProblem] = []
    line = 2
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowProblem(line, "", f"not readable as CSV ({error})"))
            break
        rows.append((line, {k: (v or "").strip() for k, v in raw.items() if isinstance(k, str)}))
        line = reader.line_num + 1
    if not rows and not errors:
        errors.append(RowProblem(2, "", "no rows under the header"))
    by_url = store.metrics.by_url([r["url"] for _, r in rows if r.get("url") and not r.get("delivery_id")])
    kept: list[tuple[int, Counts, str]] = []
    for number, row in rows:
        found = _row(store, number, row, by_url, moment)
        if isinstance(found, RowProblem):
            errors.append(found)
        else:
            kept.append((found[0], found[1], "csv"))
    if errors:
        return NumbersReport(0, tuple(errors))
    store.metrics.record(kept)
    return NumbersReport(len(kept), ())


def _row(
    store: Store, line: int, row: dict[str, str], by_url: dict[str, int], moment: datetime
) -> tuple[int, Counts] | RowProblem:
    if row.get("delivery_id"):
        raw = row["delivery_id"]
        if not raw.isdigit():
            return RowProblem(line, "delivery_id", f"{raw!r} is not a delivery id (a whole number)")
        delivery_id = int(raw)
        found = store.metrics.sent_delivery(delivery_id)
        if found is None or found[1] != "sent":
            why = "no such delivery" if found is None else f"delivery {delivery_id} is not published"
            return RowProblem(line, "delivery_id", f"{why} (see `studio archive list`)")
    elif row.get("url"):
        if row["url"] not in by_url:
            return RowProblem(line, "url", f"no published delivery has the link {row['url']!r}")
        delivery_id = by_url[row["url"]]
    else:
        return RowProblem(line, "delivery_id", "empty: give the delivery's id or its url")
    values: dict[str, int | None] = {}
    for name in _NUMBERS:
        raw = row.get(name, "")
        if not raw and name == "quotes":
            values[name] = None
            continue
        if not raw.isdigit() or int(raw) > _LARGEST:
            return RowProblem(line, name, f"{raw!r} is not a count (a whole number, 0 or more)")
        values[name] = int(raw)
    likes, reposts, replies = (int(values[n] or 0) for n in _NUMBERS[:3])
    return delivery_id, Counts(likes, reposts, replies, values["quotes"], moment)


def _checked_url(url: str) -> str:
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return ""
    ok = parts.scheme in ("https", "http") and bool(parts.hostname) and " " not in url and url.isprintable()
    return url if ok else ""
