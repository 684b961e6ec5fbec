"""Screenshots of the editing loop and the brand kit for the README, from the real app window.

Run under a real X server, e.g.:
    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/make-loop-screenshots.py
On a fresh demo workspace in a temporary folder (two accounts added), it writes:
- docs/images/app-network-text.png: Compose with X's own, shorter text in its tab, counted on its own;
- docs/images/app-drafts.png: the Drafts list with three drafts;
- docs/images/app-export.png: the Export images dialog after writing the frames;
- docs/images/app-brand-editor.png: the Brand view editing the workspace's own kit (a copy of the example).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_HOME = Path(tempfile.mkdtemp(prefix="studio-screens-"))
os.environ["STUDIO_HOME"] = str(_HOME / "campus-it")  # the name the sidebar shows
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
os.environ["HOME"] = str(_HOME)  # the export folder shows as ~/Pictures/Studio, no machine's path
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from studio.gui.app import build_services, build_window  # noqa: E402
from studio.gui.compose import ComposeView  # noqa: E402
from studio.store import NewAccount  # noqa: E402
from studio.workflows.kits import new_kit, use_kit  # noqa: E402

OUT = REPO / "docs" / "images"
MAIN = (
    "Wi-Fi upgrade tonight 22:00-23:00: eduroam in the library and the learning centre may drop for a minute "
    "while the controllers restart. Everything else keeps running. Status: https://it.example.edu/status "
    "#CampusIT #eduroam"
)
SHORT_X = (
    "Wi-Fi upgrade tonight 22-23h: library eduroam may blink for a minute. https://it.example.edu/status"
)


def _settle(app: QApplication, ms: int = 500) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def _save(widget: QWidget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(OUT / name))
    print(f"wrote {OUT / name}")


def main() -> int:
    app = QApplication(sys.argv[:1])
    services = build_services(app, demo=True)
    store = services.store
    assert store is not None
    x = store.accounts.add(NewAccount("x", "Campus IT on X", handle="campusit"))
    masto = store.accounts.add(
        NewAccount("mastodon", "IT News", handle="itnews", instance_url="https://social.example.edu")
    )
    new_kit(store, "library-it")  # the team's own copy of the example, so the Brand view can edit it
    use_kit(store, "library-it")
    window = build_window(services)
    window.resize(1400, 900)
    window.show()
    view = window.view_widget("compose")
    assert isinstance(view, ComposeView)
    assert view.schedule is not None
    assert view.media is not None
    _settle(app)

    # Three drafts for the Drafts list, then the one being written with its own text for X.
    for text in ("Tech Tip Tuesday #13: lock your screen with Win+L", "Meet Sam from the service desk"):
        view.new_post()
        view.editor.setPlainText(text)
        view.save_now()
        _settle(app, 200)
    view.new_post()
    for chip in view.chips.values():
        chip.setChecked(False)
    view.schedule.refresh()
    view.schedule.set_chosen([x.id, masto.id])
    view.editor.setPlainText(MAIN)
    tabs = view.texts.tabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabData(i) == "x"))
    view.editor.setPlainText(SHORT_X)
    view.save_now()
    view.preview.tabs.setCurrentIndex(view.preview.tab_labels().index("X"))
    view.splitter.setSizes([470, 250, 520])
    services.workers.wait_done(30_000)
    _settle(app, 800)
    _save(window, "app-network-text.png")

    window.show_view("drafts")
    services.workers.wait_done(30_000)
    _settle(app, 800)
    _save(window, "app-drafts.png")

    window.show_view("compose")
    tabs.setCurrentIndex(0)
    view.media.add_files([REPO / "assets" / "demo" / "lego-staff.jpg"])
    services.workers.wait_done(30_000)
    _settle(app)
    dialog = view.export_images()
    assert dialog is not None
    dialog.every_format.setChecked(True)
    dialog.export()
    services.workers.wait_done(60_000)
    _settle(app, 800)
    _save(dialog, "app-export.png")
    dialog.close()

    window.message_bar.hide()  # "Wrote 11 images…" belongs to the export, not to the Brand view
    window.show_view("brand")
    services.workers.wait_done(60_000)
    _settle(app, 1500)
    services.workers.wait_done(60_000)
    _settle(app, 800)
    _save(window, "app-brand-editor.png")

    assert view.autosave is not None
    view.autosave.forget()  # the temporary workspace goes away with this process
    window.close()
    services.workers.wait_done(30_000)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
