"""In-process rows of bench_app: keystroke latency in Compose and UI-thread stalls while Brand renders.

Run by bench_app.py in its own offscreen process; prints `name<TAB>value` lines, or `name<TAB>n/a: why`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STUDIO_HOME"] = tempfile.mkdtemp(prefix="studio-bench-")
os.environ["XDG_CONFIG_HOME"] = os.environ["STUDIO_HOME"]

from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from studio.gui.app import build_services, build_window
from studio.gui.brand import BrandView
from studio.gui.compose import ComposeView
from studio.gui.lazy import LazyView

POST = (
    "Planned maintenance tonight: the campus Wi-Fi (eduroam) will be unavailable from 22:00 to 23:30 "
    "while we upgrade the controllers. We'll post here when it's back. "
    "Questions? https://it.example.edu/help #eduroam "
)


def keystrokes(app: QApplication) -> None:
    services = build_services(app, synchronous=True)  # checks inline: the worst case for the UI thread
    window = build_window(services)
    window.show()
    view = window.view_widget("compose")
    if not isinstance(view, ComposeView):
        print("keystroke to counters+findings\tn/a: studio.text is not in this build")
        return
    for network in ("threads", "linkedin", "facebook", "instagram"):
        view.chips[network].setChecked(True)
    view.editor.setFocus()
    times = []
    for ch in POST * 2:
        start = time.perf_counter()
        QTest.keyClick(view.editor, ch)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"keystroke to counters+findings, median ms\t{statistics.median(times):.2f}")
    print(f"keystroke to counters+findings, p99 ms\t{times[int(len(times) * 0.99) - 1]:.2f}")
    window.close()


def stalls(app: QApplication) -> None:
    services = build_services(app)
    window = build_window(services)
    window.show()
    page = window.view_widget("brand")
    view = page.view if isinstance(page, LazyView) else page
    if not isinstance(view, BrandView):
        print("longest UI stall while Brand renders, ms\tn/a: studio.brand is not in this build")
        return
    clock = QElapsedTimer()
    gaps: list[float] = []
    beat = QTimer()
    beat.setInterval(10)
    beat.timeout.connect(lambda: (gaps.append(clock.nsecsElapsed() / 1e6), clock.restart()))
    loop = QEventLoop()
    view.samples_rendered.connect(loop.quit)
    QTimer.singleShot(120_000, loop.quit)
    clock.start()
    beat.start()
    window.show_view("brand")
    loop.exec()
    beat.stop()
    print(f"longest UI stall while Brand renders {len(view.cards)} samples, ms\t{max(gaps or [0]):.1f}")
    services.workers.wait_done()
    window.close()


def queue(app: QApplication, rows: int = 10_000) -> None:
    from studio.gui.queue import QueueView
    from studio.store import NewAccount, NewPost, open_store

    home = tempfile.mkdtemp(prefix="studio-bench-queue-")
    store = open_store(Path(home))
    account = store.accounts.add(NewAccount("mastodon", "IT News", instance_url="https://social.example"))
    start = datetime(2026, 12, 1, tzinfo=UTC)
    made = time.perf_counter()
    for i in range(rows):
        store.posts.create(NewPost(f"Post {i}", (account.id,), scheduled_at=start + timedelta(minutes=i)))
    made = time.perf_counter() - made
    theme = build_services(app, synchronous=True).theme
    opened = time.perf_counter()
    view = QueueView(store, theme)
    view.resize(1200, 760)
    view.show()
    view.show_table()  # the view opens on the calendar; these rows time the table
    app.processEvents()
    opened = (time.perf_counter() - opened) * 1000
    frames = []
    bar = view.table.verticalScrollBar()
    for _ in range(300):
        t = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        view.table.viewport().repaint()
        app.processEvents()
        frames.append((time.perf_counter() - t) * 1000)
    frames.sort()
    print(f"open the queue on {rows:,} posts, ms (made in {made:.0f} s)\t{opened:.1f}")
    print(f"queue scroll by a page, median ms\t{statistics.median(frames):.2f}")
    print(f"queue scroll by a page, p99 ms (incl. page loads)\t{frames[int(len(frames) * 0.99) - 1]:.2f}")
    view.close()
    store.close()


def main() -> int:
    app = QApplication(sys.argv[:1])
    keystrokes(app)
    stalls(app)
    queue(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
