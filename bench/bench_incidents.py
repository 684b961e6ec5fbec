"""Incident updates: how long the write lock is held while an update with its status card is posted.

The status card takes Pillow about half a second; it is rendered before the write transaction opens, so
another writer (the runner, the app's autosave) waits only for the short transaction. The reference row
renders the card inside a write transaction, as before, in the same process.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from studio.brand import default_kit
from studio.store import NewAccount, Store, open_store
from studio.workflows import IncidentRequest, load_texts, open_incident, post_update
from studio.workflows.status_card import render_status_card

RUNS = 5


def _max_writer_wait(db: Path, work: Callable[[], object]) -> tuple[float, float]:
    """Run `work` while another connection keeps taking the write lock; (work ms, longest wait ms)."""
    stop = threading.Event()
    waits: list[float] = []

    def writer() -> None:
        conn = sqlite3.connect(db, timeout=30, isolation_level=None)
        while not stop.is_set():
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            waits.append((time.perf_counter() - start) * 1000)
            conn.execute("COMMIT")
            time.sleep(0.002)
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.05)
    start = time.perf_counter()
    work()
    took = (time.perf_counter() - start) * 1000
    stop.set()
    thread.join()
    return took, max(waits)


def _old_way(store: Store, incident_id: int) -> None:
    """The reference: the card rendered while the write transaction is open."""
    kit = default_kit()
    with store.db.write():
        render_status_card(store, store.incidents.get(incident_id), "identified", kit)


def main() -> int:
    texts, kit = load_texts(), default_kit()
    rows: dict[str, list[tuple[float, float]]] = {
        "post_update with card": [],
        "card inside the transaction": [],
    }
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp)) as store:
        store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://example.social"))
        request = IncidentRequest(service="Campus Wi-Fi", impact="no connection", account_names=("it-masto",))
        incident = open_incident(store, request, texts, card_kit=kit).incident.id
        for _ in range(RUNS):
            rows["post_update with card"].append(
                _max_writer_wait(
                    store.db.path,
                    lambda: post_update(store, incident, "identified", texts, card_kit=kit),
                )
            )
            rows["card inside the transaction"].append(
                _max_writer_wait(store.db.path, lambda: _old_way(store, incident))
            )
    print(f"{'operation':<32} {'median ms':>9} {'longest writer wait ms':>23}")
    for name, values in rows.items():
        took = statistics.median(v[0] for v in values)
        wait = statistics.median(v[1] for v in values)
        print(f"{name:<32} {took:>9.1f} {wait:>23.1f}")
    new_wait = statistics.median(v[1] for v in rows["post_update with card"])
    old_wait = statistics.median(v[1] for v in rows["card inside the transaction"])
    ok = new_wait * 5 < old_wait
    print(f"writer wait, now / card inside: {new_wait / old_wait:.2f} (goal < 0.2)  {'ok' if ok else 'SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
