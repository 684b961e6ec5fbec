"""In-process rows of bench_app: keystroke latency in Compose (on the main text and on a network's own
text), UI-thread stalls (photo import, Brand), the queue, and opening a post of a 10,000-post queue.

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
from studio.gui.compose.rendering import PRIME_AFTER_MS
from studio.gui.lazy import LazyView
from studio.gui.queue import QueueView
from studio.store import Store

DEMO = Path(__file__).resolve().parents[1] / "assets" / "demo"
POST = (
    "Planned maintenance tonight: the campus Wi-Fi (eduroam) will be unavailable from 22:00 to 23:30 "
    "while we upgrade the controllers. We'll post here when it's back. "
    "Questions? https://it.example.edu/help #eduroam "
)


def keystrokes(app: QApplication, *, inline: bool, own_text: str = "") -> None:
    """Keystroke to counters, findings and the visible preview card repainted, with a picture attached.

    As the app runs (`inline=False`) the checks and the thread split run in the pool: the time runs until
    the findings for the new text are shown and painted. `inline=True` runs them on the UI thread: the
    worst case, for reference. With `own_text` (a network id) the typing goes to that network's tab,
    which has its own text already: the counters then weigh a main text and an own text each keystroke.
    """
    services = build_services(app, synchronous=inline)
    window = build_window(services)
    window.show()
    view = window.view_widget("compose")
    mode = "checks inline, worst case" if inline else "as the app runs"
    if own_text:
        mode += f", on {own_text}'s own text"
    label = f"keystroke to counters+findings+preview ({mode})"
    if not isinstance(view, ComposeView):
        print(f"{label}\tn/a: studio.text is not in this build")
        return
    for network in ("threads", "linkedin", "facebook", "instagram"):
        view.chips[network].setChecked(True)
    assert view.media is not None
    with_picture = QEventLoop()
    view.preview.rendered.connect(with_picture.quit)
    view.media.add_files([DEMO / "lego-staff.jpg"])
    if not inline:
        with_picture.exec()
    view.preview.show_format("instagram-portrait")  # the richest card: picture, text, "more", profile grid
    _wait(PRIME_AFTER_MS + 200)  # a person starts typing after the window is up; its warm-ups have run
    services.workers.wait_done()
    app.processEvents()
    if own_text:
        view.editor.setPlainText(POST)  # the main text, then the network's own one beside it
        tabs = view.texts.tabs
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabData(i) == own_text))
        view.editor.setPlainText("Our network team upgrades the campus Wi-Fi controllers tonight. ")
        assert view.texts.own.get(own_text), "the tab did not take its own text"
        services.workers.wait_done()
        app.processEvents()
    view.editor.setFocus()
    view.editor.moveCursor(view.editor.textCursor().MoveOperation.End)
    rendered: list[str] = []
    view.preview.rendered.connect(rendered.append)
    checked: list[bool] = []
    view.checked.connect(lambda: checked.append(True))
    times = []
    for ch in POST * 2:
        checked.clear()
        start = time.perf_counter()
        QTest.keyClick(view.editor, ch)
        while not checked and time.perf_counter() - start < 1:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 5)
        app.processEvents()  # the repaint of the editor, counters and card happens here
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(f"{label}, median ms\t{statistics.median(times):.2f}")
    print(f"{label}, p99 ms\t{times[int(len(times) * 0.99) - 1]:.2f}")
    print(f"pictures re-rendered while typing ({mode}; text-only: should be 0)\t{len(rendered)}")
    services.workers.wait_done()
    app.processEvents()
    assert view.autosave is not None
    view.autosave.forget()
    window.close()


def _wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _big_photos(count: int = 10) -> list[Path]:
    """Ten 24 MP camera-sized JPEGs (6000x4000), made once and kept in the temp folder."""
    from PIL import Image, ImageDraw

    folder = Path(tempfile.gettempdir()) / "studio-bench-24mp"
    folder.mkdir(exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"photo-{i}.jpg"
        if not path.exists():
            image = Image.radial_gradient("L").resize((6000, 4000)).convert("RGB")
            draw = ImageDraw.Draw(image)
            draw.rectangle((400 + i * 300, 600, 2400 + i * 300, 3200), fill=(40 + i * 20, 90, 160))
            image.save(path, quality=90)
        paths.append(path)
    return paths


def import_stalls(app: QApplication) -> None:
    """The longest gap of a 10 ms heartbeat on the UI thread while ten 24 MP photos import and render."""
    photos = _big_photos()
    services = build_services(app)
    window = build_window(services)
    window.show()
    view = window.view_widget("compose")
    if not isinstance(view, ComposeView) or view.media is None:
        print("longest UI stall while 24 MP photos import\tn/a: no Compose in this build")
        return
    view.new_post()  # an empty post: the draft the keystroke run left stays in the workspace
    view.chips["instagram"].setChecked(True)
    _wait(PRIME_AFTER_MS + 200)
    services.workers.wait_done()  # what showing the window started (the kit's name, the link pattern)
    app.processEvents()
    clock = QElapsedTimer()
    gaps: list[float] = []
    beat = QTimer()
    beat.setInterval(10)
    beat.timeout.connect(lambda: (gaps.append(clock.nsecsElapsed() / 1e6), clock.restart()))
    loop = QEventLoop()
    done: list[bool] = []

    def settled() -> None:
        if view.media is not None and len(view.media.attachments) == len(photos) and not done:
            done.append(True)
            QTimer.singleShot(0, loop.quit)

    services.workers.idle.connect(settled)
    QTimer.singleShot(120_000, loop.quit)  # a bound: the table then shows the time out
    started = time.perf_counter()
    clock.start()
    beat.start()
    view.media.add_files(photos)
    loop.exec()
    beat.stop()
    took = time.perf_counter() - started
    card = view.preview.current_card()
    shown = len(card.pixmaps) if card is not None else 0
    print(f"longest UI stall while 10 x 24 MP photos import and render, ms\t{max(gaps or [0]):.1f}")
    print(f"  (import + thumbnails + {shown} previews took, s)\t{took:.1f}")
    services.workers.wait_done(60_000)
    assert view.autosave is not None
    view.autosave.forget()
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
    live_views(app, store, view)
    view.close()
    store.close()


def live_views(app: QApplication, store: Store, view: QueueView) -> None:
    """What following the workspace costs: the poll on every tick, and the table's update after a change."""
    store.data_version()
    polls = []
    for _ in range(2000):
        t = time.perf_counter()
        store.data_version()
        polls.append((time.perf_counter() - t) * 1e6)
    print(f"live views: poll data_version (every 400 ms), median µs\t{statistics.median(polls):.1f}")
    for deep in (True, False):
        if not deep:
            view.table.verticalScrollBar().setValue(0)  # at the top: rows further down are let go
            app.processEvents()
        reads, paints = [], []
        for i in range(20):
            top = view.table.rowAt(0)
            post_id = view.model.row(top + i).post_id  # a change on screen: re-read and repainted
            store.posts.reschedule(post_id, datetime(2027, 1, 1, tzinfo=UTC) + timedelta(minutes=i))
            t = time.perf_counter()
            view.refresh()  # what the live signal calls while the table is on screen
            reads.append((time.perf_counter() - t) * 1000)
            app.processEvents()
            paints.append((time.perf_counter() - t) * 1000)
        where = f"{view.table.rowAt(0):,} rows down" if deep else "at the top"
        label = f"live views: table after a change, {where} ({view.model.rowCount():,} loaded)"
        print(f"{label}, read + merge, median ms\t{statistics.median(reads):.1f}")
        print(f"{label}, + repaint, median ms\t{statistics.median(paints):.1f}")


def open_post(app: QApplication, posts: int = 10_000) -> None:
    """`ComposeView.open_post` on a workspace of `posts` scheduled posts, each on two accounts and with a
    text of its own for Bluesky: from the call to the post's texts, accounts and banner painted."""
    from studio.store import NewAccount, NewPost, PostStatus, open_store

    home = tempfile.mkdtemp(prefix="studio-bench-open-")
    store = open_store(Path(home))
    masto = store.accounts.add(NewAccount("mastodon", "IT News", instance_url="https://social.example"))
    bsky = store.accounts.add(NewAccount("bluesky", "Campus IT", handle="it.example.edu"))
    start = datetime.now(UTC) + timedelta(days=1)
    made = time.perf_counter()
    ids = []
    for i in range(posts):
        new = NewPost(
            f"Post {i}: {POST}",
            (masto.id, bsky.id),
            scheduled_at=start + timedelta(minutes=i),
            text_for={"bluesky": f"Post {i} for Bluesky #CampusIT"},
        )
        ids.append(store.posts.create(new, PostStatus.SCHEDULED).id)
    made = time.perf_counter() - made
    store.close()
    before = os.environ["STUDIO_HOME"]
    os.environ["STUDIO_HOME"] = home  # the window opens this workspace, as the app would
    try:
        services = build_services(app)
        window = build_window(services)
        window.show()
        view = window.view_widget("compose")
        label = f"open a post from a {posts:,}-post queue in Compose, ms"
        if not isinstance(view, ComposeView):
            print(f"{label}\tn/a: studio.text is not in this build")
            return
        _wait(PRIME_AFTER_MS + 200)
        services.workers.wait_done()
        app.processEvents()
        times = []
        for post_id in ids[:: max(1, posts // 40)]:  # spread over the queue: old and new rows alike
            started = time.perf_counter()
            opened = view.open_post(post_id)
            app.processEvents()  # the editor, tabs, chips, counters and banner repainted
            times.append((time.perf_counter() - started) * 1000)
            assert opened, post_id
            assert view.opener.editing == post_id, post_id
            view.new_post()  # leave it as it was
            services.workers.wait_done()
            app.processEvents()
        times.sort()
        print(f"{label} (median of {len(times)}; made in {made:.0f} s)\t{statistics.median(times):.1f}")
        print(f"open a post from a {posts:,}-post queue, slowest ms\t{times[-1]:.1f}")
        assert view.autosave is not None
        view.autosave.forget()
        window.close()
        services.workers.wait_done()
        assert services.store is not None
        services.store.close()
    finally:
        os.environ["STUDIO_HOME"] = before


def main() -> int:
    app = QApplication(sys.argv[:1])
    keystrokes(app, inline=False)
    keystrokes(app, inline=True)
    keystrokes(app, inline=False, own_text="linkedin")
    import_stalls(app)
    stalls(app)
    queue(app)
    open_post(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
