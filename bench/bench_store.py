"""Store speed on a workspace with 10,000 posts and 30,000 deliveries (issue 4's goals), as a table.

Each row times a store call and, as a reference, the bare sqlite3 work underneath it in the same process,
so the ratio shows what the store's own layer costs on this machine.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from studio.store import NewAccount, NewPost, PostStatus, open_store
from studio.store.times import now_utc

POSTS = 10_000
ACCOUNTS = 3


def _times(call: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _build(workspace: Path) -> int:
    with open_store(workspace) as store:
        ids = [store.accounts.add(NewAccount("bluesky", f"acct-{n}")).id for n in range(ACCOUNTS)]
        start = now_utc() - timedelta(days=30)
        with store.db.write():
            for n in range(POSTS):
                when = start + timedelta(minutes=7 * n)  # about a third are due now
                store.posts.create(
                    NewPost(
                        f"Post {n}: planned maintenance notice", account_ids=tuple(ids), scheduled_at=when
                    ),
                    PostStatus.SCHEDULED,
                )
        draft = store.posts.create(NewPost("draft", account_ids=tuple(ids)), PostStatus.DRAFT)
    return draft.id


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp)
        t0 = time.perf_counter()
        draft_id = _build(workspace)
        build_s = time.perf_counter() - t0
        db_path = workspace / "studio.db"
        rows: list[tuple[str, list[float], list[float], float]] = []

        def open_close() -> None:
            open_store(workspace).close()

        def raw_open() -> None:
            conn = sqlite3.connect(db_path)
            conn.execute("PRAGMA user_version").fetchone()
            conn.close()

        for old in (workspace / "backups").glob("*.db"):
            old.unlink()
        start = time.perf_counter()
        open_close()  # the first open of a day also makes the daily backup copy
        daily_ms = (time.perf_counter() - start) * 1000
        rows.append(("open the workspace", _times(open_close, 30), _times(raw_open, 30), 50.0))

        store = open_store(workspace)
        raw = sqlite3.connect(db_path)
        raw.execute("PRAGMA synchronous = NORMAL")  # the same durability setting the store uses
        pages = iter(range(0, POSTS, 100))
        rows.append(
            (
                "a page of 100 queue rows",
                _times(lambda: store.posts.page(offset=next(pages), limit=100), 50),
                _times(lambda: raw.execute("SELECT * FROM deliveries LIMIT 300 OFFSET 900").fetchall(), 50),
                20.0,
            )
        )
        now = now_utc()
        rows.append(
            (
                "claim due deliveries (10)",
                _times(lambda: store.deliveries.claim_due(now, limit=10, claimer="bench"), 50),
                _times(
                    lambda: raw.execute(
                        "SELECT id FROM deliveries WHERE state = 'queued' AND due_at <= ? LIMIT 10",
                        (now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),),
                    ).fetchall(),
                    50,
                ),
                20.0,
            )
        )
        counter = iter(range(10**6))

        def raw_save() -> None:
            with raw:
                raw.execute("UPDATE posts SET body = ? WHERE id = ?", (f"raw {next(counter)}", draft_id))

        rows.append(
            (
                "draft save",
                _times(lambda: store.posts.save_draft(draft_id, f"typing {next(counter)}"), 200),
                _times(raw_save, 200),
                2.0,
            )
        )
        store.close()
        raw.close()
        db_size = db_path.stat().st_size

    print(f"workspace: {POSTS:,} posts, {POSTS * ACCOUNTS:,} deliveries (built in {build_s:.1f} s)")
    print(f"{'operation':<28}{'median ms':>10}{'p95 ms':>9}{'goal ms':>9}{'raw ms':>9}{'ratio':>7}  ok")
    failed = False
    for name, times, reference, goal in rows:
        median = statistics.median(times)
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        ref = statistics.median(reference)
        ok = median < goal
        failed |= not ok
        verdict = "yes" if ok else "NO"
        print(f"{name:<28}{median:>10.2f}{p95:>9.2f}{goal:>9.0f}{ref:>9.2f}{median / ref:>7.1f}  {verdict}")
    size_mb = db_size / 1e6
    print(
        f"first open of a day, with the daily backup copy of the {size_mb:.1f} MB database: {daily_ms:.1f} ms"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
