"""Workflows speed: archive search over 10,000 published posts, CSV import, ICS export, series planning.

Each row times a workflow call and, as a reference, the bare work underneath it in the same process (the raw
FTS5 query, `csv` parsing, string joining, `zoneinfo` arithmetic), so the ratio shows the workflow's own cost.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

from studio.store import NewAccount, NewPost, PostStatus, open_store
from studio.workflows.archive import search_archive
from studio.workflows.csv_import import import_csv
from studio.workflows.exports import schedule_ics
from studio.workflows.recurrence import WeeklyRule, slots_between

PUBLISHED = 10_000
IMPORT_ROWS = 1_000
WORDS = ("wifi", "vpn", "printer", "moodle", "eduroam", "password", "backup", "laptop", "library", "exam")


def _times(call: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _build(workspace: Path) -> None:
    now = datetime.now(UTC)
    with open_store(workspace) as store:
        account = store.accounts.add(
            NewAccount("mastodon", "it-masto", instance_url="https://example.social")
        )
        with store.db.write():
            for n in range(PUBLISHED):
                text = f"Update {n}: {WORDS[n % 10]} and {WORDS[(n * 7) % 10]} news for staff and students"
                store.posts.create(NewPost(text, (account.id,)), PostStatus.SCHEDULED, at=now)
            for n in range(IMPORT_ROWS):
                store.posts.create(
                    NewPost(f"Scheduled {n}", (account.id,), scheduled_at=now + timedelta(hours=n + 1)),
                    PostStatus.SCHEDULED,
                )
        while batch := store.deliveries.claim_due(now + timedelta(seconds=1), limit=500, claimer="bench"):
            with store.db.write():
                for d in batch:
                    d = store.deliveries.record_part_sent(d, 0, remote_id=str(d.id))
                    store.deliveries.mark_sent(d, remote_id=str(d.id), remote_url=f"https://x/{d.id}")


def main() -> int:
    rows: list[tuple[str, list[float], list[float], float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp)
        t0 = time.perf_counter()
        _build(workspace)
        build_s = time.perf_counter() - t0
        raw = sqlite3.connect(workspace / "studio.db")
        with open_store(workspace) as store:
            rows.append(
                (
                    "archive search (2 words)",
                    _times(lambda: search_archive(store, "eduroam library", limit=50), 30),
                    _times(
                        lambda: raw.execute(
                            'SELECT rowid FROM archive_fts WHERE archive_fts MATCH \'"eduroam" "library"*\' '
                            "ORDER BY rank LIMIT 50"
                        ).fetchall(),
                        30,
                    ),
                    50,
                )
            )
            lines = ["text,accounts,at"] + [
                f"Imported {n},it-masto,2099-01-{1 + n % 28:02d}T{n % 24:02d}:00" for n in range(IMPORT_ROWS)
            ]
            text = "\n".join(lines) + "\n"
            rows.append(
                (
                    f"CSV import check ({IMPORT_ROWS} rows + 1 bad)",
                    # the check alone (a bad last row): nothing is written, so every run sees the same data
                    _times(lambda: import_csv(store, text + "x,nobody,\n", zone=UTC), 5),
                    _times(lambda: list(csv.DictReader(io.StringIO(text))), 5),
                    500,
                )
            )
            posts = store.posts.page(limit=IMPORT_ROWS + 10, statuses=[PostStatus.SCHEDULED])
            rows.append(
                (
                    f"schedule as ICS ({len(posts)} posts)",
                    _times(lambda: schedule_ics(posts, now=datetime.now(UTC)), 10),
                    _times(lambda: "\r\n".join(p.body for p in posts), 10),
                    200,
                )
            )
        zone = ZoneInfo("Europe/Berlin")
        rule = WeeklyRule(frozenset(range(5)), (clock(9, 30), clock(15, 0)), zone)
        start = datetime(2026, 1, 1, tzinfo=UTC)
        rows.append(
            (
                "a year of weekday slots (DST)",
                _times(lambda: list(slots_between(rule, start, start + timedelta(days=365))), 20),
                _times(
                    lambda: [
                        datetime.combine(
                            start.date() + timedelta(days=d), clock(9, 30), tzinfo=zone
                        ).astimezone(UTC)
                        for d in range(365 * 2)
                    ],
                    20,
                ),
                50,
            )
        )
        raw.close()
    print(f"workspace: {PUBLISHED:,} published posts, {IMPORT_ROWS:,} scheduled (built in {build_s:.1f} s)")
    print(f"{'operation':<40} {'median ms':>9} {'p95 ms':>8} {'goal ms':>8} {'raw ms':>8} {'ratio':>6}  ok")
    failed = False
    for name, measured, reference, goal in rows:
        median = statistics.median(measured)
        p95 = sorted(measured)[max(0, int(len(measured) * 0.95) - 1)]
        ref = statistics.median(reference)
        ok = median <= goal
        failed |= not ok
        ratio = median / ref if ref else float("inf")
        verdict = "yes" if ok else "NO"
        print(f"{name:<40} {median:>9.2f} {p95:>8.2f} {goal:>8} {ref:>8.2f} {ratio:>6.1f}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
