"""Benchmark of the Queue & calendar view on a big workspace: 10,000 posts with 30,000 deliveries (offscreen).

Rows: opening the view (calendar first, then the table), scrolling the table a page at a time with a forced
repaint (frame time), a month and a week of the calendar drawn, filter changes, and the store's queries.
The reference is the same QTableView over an in-memory model of the same 30,000 rows, timed in this process:
the ratio shows what reading from SQLite in pages costs. Run: `make bench` or `python bench/bench_queue.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STUDIO_HOME"] = tempfile.mkdtemp(prefix="studio-bench-queue-")
os.environ["XDG_CONFIG_HOME"] = os.environ["STUDIO_HOME"]

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView

from studio.gui.app import build_services
from studio.gui.queue import QueueView
from studio.gui.queue.model import QueueModel
from studio.store import NewAccount, NewPost, PostStatus, Store, open_store
from studio.store.schedule import QueueFilter

POSTS = int(os.environ.get("BENCH_POSTS", "10000"))
FRAMES = 300
_Index = QModelIndex | QPersistentModelIndex


def _workspace() -> tuple[Store, float]:
    """POSTS posts on three accounts, every 37 minutes around now; some failed, as a real queue has."""
    store = open_store(Path(tempfile.mkdtemp(prefix="studio-bench-queue-ws-")))
    store.settings.update(display_timezone="UTC")
    accounts = [
        store.accounts.add(NewAccount("mastodon", "IT News", instance_url="https://social.example")).id,
        store.accounts.add(NewAccount("bluesky", "Campus IT", handle="it.example.edu")).id,
        store.accounts.add(NewAccount("instagram", "uni_it")).id,
    ]
    now = datetime.now(UTC)
    start = now - timedelta(minutes=37 * POSTS // 2)
    made = time.perf_counter()
    for i in range(POSTS):
        body = f"Tech Tip #{i}: lock your screen with Win+L when you step away. #TechTip"
        new = NewPost(body, tuple(accounts), scheduled_at=start + timedelta(minutes=37 * i))
        store.posts.create(new, PostStatus.SCHEDULED, at=start)
    for delivery in store.deliveries.claim_due(start + timedelta(days=30), limit=300, claimer="bench"):
        store.deliveries.mark_final_failure(delivery, "401: the app password was revoked")
    return store, time.perf_counter() - made


class _Reference(QAbstractTableModel):
    """The same rows, all in memory: what a table costs without a store behind it."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self._rows = rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self._rows[index.row()][index.column()]
        return None


def _times(action: Callable[[], None], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        out.append((time.perf_counter() - start) * 1000)
    return sorted(out)


def _p99(times: list[float]) -> float:
    return times[max(int(len(times) * 0.99) - 1, 0)]


def _scroll(app: QApplication, table: QTableView) -> list[float]:
    bar = table.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()

    def step() -> None:
        bar.setValue(bar.value() + bar.pageStep())
        table.viewport().repaint()
        app.processEvents()

    return _times(step, FRAMES)


def main() -> int:
    app = QApplication(sys.argv[:1])
    services = build_services(app, synchronous=True)
    store, made = _workspace()
    deliveries = store.schedule.count()
    rows: list[tuple[str, str, str, str, str, str]] = []

    # The app has painted windows before the queue opens: warm Qt up the same way (an empty queue view).
    start = time.perf_counter()
    with open_store(Path(tempfile.mkdtemp(prefix="studio-bench-queue-empty-"))) as empty:
        warm = QueueView(empty, services.theme, services.messages)
        warm.show()
        app.processEvents()
        warm.close()
    first_ever = (time.perf_counter() - start) * 1000
    rows.append(("first view of a fresh process (empty queue; Qt warms up), ms", f"{first_ever:.1f}", "", ""))

    start = time.perf_counter()
    view = QueueView(store, services.theme, services.messages)
    view.resize(1200, 760)
    view.show()
    app.processEvents()
    open_calendar = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    view.show_table()
    view.table.viewport().repaint()
    app.processEvents()
    open_table = (time.perf_counter() - start) * 1000
    rows.append(("open the view (calendar, this month), ms", f"{open_calendar:.1f}", "", "< 300"))
    rows.append(("then switch to the table (first page), ms", f"{open_table:.1f}", "", "< 300"))

    frames = _scroll(app, view.table)
    model = view.model
    assert isinstance(model, QueueModel)

    # The reference: the same strings for every row, in memory, in the same kind of table.
    everything = []
    after = None
    while page := store.schedule.page(after=after, limit=2000):
        everything += page
        after = page[-1].key
    cells = [
        (
            r.status,
            r.network,
            r.account_name,
            f"{r.when:%a %d %b %Y, %H:%M}" if r.when else "",
            r.body,
            r.last_error,
        )
        for r in everything
    ]
    reference = QTableView()
    reference.setModel(_Reference(cells))
    reference.resize(view.table.size())
    reference.verticalHeader().setDefaultSectionSize(34)
    reference.verticalHeader().setVisible(False)
    reference.setShowGrid(False)
    reference.setWordWrap(False)
    reference.horizontalHeader().setStretchLastSection(True)
    for column in range(6):  # the same geometry, so both paint the same pixels
        reference.setColumnWidth(column, view.table.columnWidth(column))
    reference.show()
    app.processEvents()
    ref_frames = _scroll(app, reference)
    for label, ours, ref in (
        ("scroll the table a page, median ms", statistics.median(frames), statistics.median(ref_frames)),
        ("scroll the table a page, p99 ms (incl. page reads)", _p99(frames), _p99(ref_frames)),
    ):
        rows.append((label, f"{ours:.2f}", f"{ref:.2f} ({ours / ref:.1f}x)", "< 16"))
    reference.close()

    view.show_calendar()
    calendar = view.calendar
    calendar.set_mode("month")

    steps = iter(range(10**6))

    def flip() -> None:
        """Next, then back: every draw is of a month (or week) full of posts."""
        (calendar.go_next if next(steps) % 2 == 0 else calendar.go_previous)()
        calendar.repaint()
        app.processEvents()

    calendar.go_today()
    months = _times(flip, 10)
    per_day = max(len(p) for p in calendar.posts.values()) if calendar.posts else 0
    shown = sum(len(cell.chips) for cell in calendar.cells)
    label = f"calendar: draw a month ({shown} chips, up to {per_day} posts a day), median ms"
    rows.append((label, f"{statistics.median(months):.1f}", "", ""))
    calendar.set_mode("week")
    weeks = _times(flip, 10)
    rows.append(("calendar: draw a week, median ms", f"{statistics.median(weeks):.1f}", "", ""))

    view.show_table()
    bar = view.filters
    refilter = _times(
        lambda: (
            bar.status.setCurrentIndex(bar.status.findText("Failed")),
            bar.status.setCurrentIndex(0),
            app.processEvents(),
        ),
        5,
    )
    rows.append(
        (
            "filter by status and back (two re-queries), median ms",
            f"{statistics.median(refilter):.1f}",
            "",
            "",
        )
    )

    def search() -> None:
        bar.search.setText("Tech Tip #99")
        bar.search.returnPressed.emit()
        bar.search.setText("")
        bar.search.returnPressed.emit()
        app.processEvents()

    rows.append(
        (
            "text search and clear (two re-queries), median ms",
            f"{statistics.median(_times(search, 5)):.1f}",
            "",
            "",
        )
    )
    last = everything[-2].key
    failed = QueueFilter(statuses=("failed",))
    rows.append(
        (
            "store: a page of 200 at the very end (keyset), median ms",
            f"{statistics.median(_times(lambda: store.schedule.page(after=last), 20)):.2f}",
            "",
            "",
        )
    )
    rows.append(
        (
            "store: count with a status filter, median ms",
            f"{statistics.median(_times(lambda: store.schedule.count(failed), 20)):.2f}",
            "",
            "",
        )
    )
    rows.append(
        (
            "store: next_due, median ms",
            f"{statistics.median(_times(store.schedule.next_due, 50)):.3f}",
            "",
            "",
        )
    )

    print(f"Queue & calendar on {POSTS:,} posts / {deliveries:,} rows (made in {made:.0f} s), offscreen")
    print(f"{'measure':<62} {'studio':>10} {'in-memory reference':>22} {'goal':>8}")
    for name, ours, ref, goal in rows:
        print(f"{name:<62} {ours:>10} {ref:>22} {goal:>8}")
    view.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
