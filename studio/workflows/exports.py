"""Posts out of Studio: CSV and JSON exports of every post, and the schedule as an ICS calendar."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studio.errors import InputError
from studio.listen.model import Counts
from studio.platforms import NETWORKS
from studio.store import Post, PostStatus, Store

__all__ = [
    "EXPORT_COLUMNS",
    "METRIC_COLUMNS",
    "TEXT_FOR_COLUMNS",
    "all_posts",
    "csv_cell",
    "export_csv",
    "export_json",
    "latest_metrics",
    "read_csv_cell",
    "schedule_ics",
    "write_atomic",
]

# A network's own text, one column per network (`text_x`, `text_bluesky`, ...); empty: the same as `text`.
TEXT_FOR_COLUMNS = tuple(f"text_{network.id}" for network in NETWORKS)
# The post's engagement: its deliveries' latest counts summed (empty: never measured; quotes: where counted).
METRIC_COLUMNS = ("likes", "reposts", "replies", "quotes")
EXPORT_COLUMNS = (
    "id",
    "status",
    "at",
    "text",
    *TEXT_FOR_COLUMNS,
    "accounts",
    "series",
    "incident",
    "published_urls",
    *METRIC_COLUMNS,
)
_ICS_LINE = 75  # octets per line before folding (RFC 5545 §3.1)
# A cell starting with one of these is a formula to a spreadsheet: OWASP's list, plus the full-width forms
# that spreadsheets in East Asian locales also read as formulas.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_QUOTE = "'"


def csv_cell(value: object) -> str:
    """A cell as Studio writes it to CSV: a text a spreadsheet would run as a formula gets a leading `'`.

    Texts that already start with quotes before such a character get one more, so `read_csv_cell` can tell
    the escape from a quote the text really starts with and every text comes back as it was.
    """
    text = "" if value is None else str(value)
    return _QUOTE + text if _is_formula(text) else text


def read_csv_cell(cell: str) -> str:
    """The text `csv_cell` was given: one leading `'` removed where `csv_cell` would have added it."""
    rest = cell[1:]
    return rest if cell.startswith(_QUOTE) and _is_formula(rest) else cell


def _is_formula(text: str) -> bool:
    """True for a formula start, possibly behind quotes (`=x`, `'=x`, `''=x`: each needs one more quote)."""
    return text.lstrip(_QUOTE).startswith(_FORMULA_STARTS)


def all_posts(store: Store) -> list[Post]:
    """Every post of the workspace, by id (read in pages)."""
    posts: list[Post] = []
    while page := store.posts.page(offset=len(posts), limit=500):
        posts += page
    return sorted(posts, key=lambda p: p.id)


def latest_metrics(store: Store, posts: Sequence[Post]) -> dict[int, Counts]:
    """The latest counts of the posts' deliveries, by delivery id."""
    return store.metrics.latest([d.id for p in posts for d in p.deliveries])


def _metric_cells(post: Post, metrics: Mapping[int, Counts]) -> dict[str, Any]:
    found = [metrics[d.id] for d in post.deliveries if d.id in metrics]
    if not found:
        return dict.fromkeys(METRIC_COLUMNS, "")
    quotes = [c.quotes for c in found if c.quotes is not None]
    return {
        "likes": sum(c.likes for c in found),
        "reposts": sum(c.reposts for c in found),
        "replies": sum(c.replies for c in found),
        "quotes": sum(quotes) if quotes else "",
    }


def _metrics_doc(counts: Counts | None) -> dict[str, Any] | None:
    if counts is None:
        return None
    return {
        "likes": counts.likes,
        "reposts": counts.reposts,
        "replies": counts.replies,
        "quotes": counts.quotes,
        "measured_at": _iso(counts.measured_at),
    }


def _row(post: Post) -> dict[str, Any]:
    return {
        "id": post.id,
        "status": post.status.value,
        "at": _iso(post.scheduled_at),
        "text": post.body,
        "accounts": ";".join(d.account_name for d in post.deliveries),
        "series": post.series,
        "incident": post.incident,
        "published_urls": ";".join(d.remote_url for d in post.deliveries if d.remote_url),
    }


def export_csv(posts: Sequence[Post], metrics: Mapping[int, Counts] | None = None) -> str:
    """Every post as CSV (UTF-8, CRLF rows, a header row; `at` in UTC ISO 8601; lists joined by `;`).

    Each network's own text has its column (`TEXT_FOR_COLUMNS`), empty where the network gets `text`.
    `metrics` (delivery id: latest counts, see `latest_metrics`) fills `METRIC_COLUMNS`.
    No cell starts as a spreadsheet formula: see `csv_cell`.
    """
    out = io.StringIO()
    # CRLF rows (RFC 4180): with "\n" the writer left a cell with a lone "\r" unquoted, which split the row.
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for post in posts:
        row = _row(post)
        row.update({f"text_{network.id}": post.text_for.get(network.id, "") for network in NETWORKS})
        row.update(_metric_cells(post, metrics or {}))
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return out.getvalue()


def export_json(posts: Sequence[Post], metrics: Mapping[int, Counts] | None = None) -> str:
    """Every post as a JSON array, with its own texts and each delivery's text, state, URL, sent time and
    latest `metrics` (null when never measured)."""
    doc = []
    for post in posts:
        row = _row(post)
        row["text_for"] = dict(sorted(post.text_for.items()))
        row["accounts"] = [d.account_name for d in post.deliveries]
        row["published_urls"] = [d.remote_url for d in post.deliveries if d.remote_url]
        row["deliveries"] = [
            {
                "account": d.account_name,
                "network": d.network,
                "text": post.text_on(d.network),
                "state": d.state.value,
                "remote_url": d.remote_url,
                "sent_at": _iso(d.sent_at),
                "metrics": _metrics_doc((metrics or {}).get(d.id)),
            }
            for d in post.deliveries
        ]
        doc.append(row)
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def schedule_ics(posts: Sequence[Post], *, now: datetime) -> str:
    """The scheduled posts as an RFC 5545 calendar: one 15-minute event per post at its time (UTC)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Studio//Schedule//EN", "CALSCALE:GREGORIAN"]
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    for post in posts:
        if post.status is not PostStatus.SCHEDULED or post.scheduled_at is None:
            continue
        accounts = ", ".join(d.account_name for d in post.deliveries)
        first = post.body.splitlines()[0] if post.body else f"post {post.id}"
        description = post.body + "\n\nAccounts: " + accounts
        lines += [
            "BEGIN:VEVENT",
            f"UID:post-{post.id}@studio.invalid",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{post.scheduled_at.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            "DURATION:PT15M",
            f"SUMMARY:{_escape(first[:80])}",
            f"DESCRIPTION:{_escape(description)}",
            f"CATEGORIES:{_escape(post.series or ('incident' if post.incident else 'post'))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file and a rename, so a reader never sees half a file."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8", newline="")
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(
            f"--out {path}", f"cannot write it ({error.strerror or error})", "check the folder"
        ) from None


def _escape(text: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped, newlines as \\n."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after CRLF and a space, never mid-character."""
    data = line.encode("utf-8")
    if len(data) <= _ICS_LINE:
        return line
    pieces: list[str] = []
    current = ""
    limit = _ICS_LINE
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            pieces.append(current)
            current = ""
            limit = _ICS_LINE - 1  # continuation lines start with a space
        current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
