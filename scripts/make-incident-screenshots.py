#!/usr/bin/env python3
"""Screenshots of the real app for the README's "Post an outage update in two minutes" walkthrough.

Run under a display, from the repository root:
    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/make-incident-screenshots.py

It builds the real window (`build_services`/`build_window`) on a throwaway workspace with a Mastodon and a
Bluesky account at addresses that do not exist, and drives the Incidents view with the keyboard as a user
would. Nothing is sent: the view's publishing step is switched off, so every update stays "waiting to go
out" in the thread, as it honestly is. Writes docs/images/app-incident-{new,update,thread}.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="studio-shots-") as temp:
        os.environ["STUDIO_HOME"] = str(Path(temp) / "workspace")
        os.environ["XDG_CONFIG_HOME"] = str(Path(temp) / "config")
        os.environ.setdefault("TZ", "Europe/Berlin")
        return _shoot()


def _shoot() -> int:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from studio.gui.app import build_services, build_window
    from studio.gui.incidents import IncidentsPage
    from studio.gui.incidents.view import IncidentsView
    from studio.store import NewAccount, NewPost, PostStatus
    from studio.store.times import now_utc

    app = QApplication(sys.argv[:1])
    services = build_services(app, synchronous=True)
    store = services.store
    assert store is not None
    masto = store.accounts.add(NewAccount("mastodon", "uni-it", instance_url="https://social.example.edu"))
    bsky = store.accounts.add(NewAccount("bluesky", "uni-it-bsky", handle="it.example.edu"))
    # a promotional post the outage will hold
    store.posts.create(
        NewPost("Tech Tip Tuesday #12: lock your screen with Win+L", (masto.id, bsky.id),
                scheduled_at=now_utc() + timedelta(hours=3)),
        PostStatus.SCHEDULED,
    )  # fmt: skip
    window = build_window(services)
    window.resize(1360, 860)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()  # shortcuts go to the active window
    QTest.qWaitForWindowActive(window)
    window.show_view("incidents")
    page = window.view_widget("incidents")
    assert isinstance(page, IncidentsPage)
    view = page.view
    assert isinstance(view, IncidentsView)
    view.desk.publish = False  # nothing is sent from a screenshot run
    app.processEvents()  # the view built on first show appears with the next events

    def settle() -> None:
        services.workers.wait_done()
        for _ in range(5):
            app.processEvents()
            QTest.qWait(60)

    def shot(name: str) -> None:
        settle()
        path = OUT / f"app-incident-{name}.png"
        window.grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT)}")

    OUT.mkdir(parents=True, exist_ok=True)
    QTest.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(view.form.service, "Campus Wi-Fi")
    QTest.keyClicks(view.form.impact, "no connection in the library")
    QTest.keyClicks(view.form.status_url, "https://status.example.edu")
    shot("new")

    QTest.keyClick(view.form.status_url, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle()
    panel = view.update_panel
    panel.stage.setCurrentIndex(panel.stage.findData("identified"))
    panel.editor.setFocus()
    shot("update")

    panel.editor.selectAll()
    QTest.keyClicks(
        panel.editor,
        "Found it: a switch in the library failed. A new one is on its way; the ground floor works again.",
    )
    QTest.keyClick(panel.editor, Qt.Key.Key_Return)
    promised = (now_utc() + timedelta(minutes=30)).astimezone().strftime("%H:%M")
    QTest.keyClicks(panel.editor, f"Next update by {promised}.")
    QTest.keyClick(panel.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle()
    panel.stage.setCurrentIndex(panel.stage.findData("monitoring"))
    shot("thread")
    window.close()
    services.workers.wait_done()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
