"""Screenshots of Compose for the README, from the real app window on a demo workspace.

Run under a real X server, e.g.:
    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/make-app-screenshots.py
It builds the window as `studio` does (`build_services` / `build_window`) on a fresh demo workspace in a
temporary folder, types a post, attaches the demo LEGO-style photo with the photo template and a caption,
chooses a demo account, and saves `docs/images/app-compose.png` and `docs/images/app-story.png`.
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
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from studio.gui.app import build_services, build_window  # noqa: E402
from studio.gui.compose import ComposeView  # noqa: E402
from studio.store import NewAccount  # noqa: E402

TEXT = (
    "Meet the service desk team! 👋 Stuck with eduroam, a printer or your password? Drop by the library "
    "ground floor, weekdays 8:30 to 17:00, or find answers any time at https://it.example.edu/help "
    "#CampusIT"
)
OUT = REPO / "docs" / "images"


def _settle(app: QApplication, ms: int = 400) -> None:
    """Let the pool finish (renders, thumbnails) and the window repaint."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def main() -> int:
    app = QApplication(sys.argv[:1])
    services = build_services(app, demo=True)
    assert services.store is not None
    services.store.accounts.add(
        NewAccount("instagram", "Campus IT", handle="campus.it"),
    )
    services.store.accounts.add(
        NewAccount("mastodon", "IT News", handle="itnews", instance_url="https://social.example.edu")
    )
    window = build_window(services)
    window.resize(1400, 900)
    window.show()
    window.show_view("compose")
    view = window.view_widget("compose")
    assert isinstance(view, ComposeView)
    assert view.media is not None
    assert view.schedule is not None
    _settle(app)
    view.new_post()  # the demo's own draft stays in the queue; start a fresh one
    for network, chip in view.chips.items():
        chip.setChecked(network in ("x", "instagram"))
    view.schedule.refresh()
    for account_id, chip in view.schedule.account_chips.items():
        chip.setChecked(account_id == services.store.accounts.by_name("Campus IT").id)
    view.editor.setPlainText(TEXT)
    view.media.add_files([REPO / "assets" / "demo" / "lego-staff.jpg"])
    services.workers.wait_done(30_000)
    _settle(app)
    strip = view.media
    strip.list.setCurrentIndex(strip.model.index(0))
    strip.template.setCurrentText("photo")
    strip.caption.setText("Meet the service desk team")
    strip.caption.textEdited.emit("Meet the service desk team")
    strip.alt.setPlainText(
        "A LEGO-style minifigure in a navy blazer with an IT badge waves from a desk, holding a tablet."
    )
    strip.flush()
    view.schedule.set_when(_tomorrow_at(10))
    view.preview.show_format("instagram-portrait")
    view.splitter.setSizes([470, 250, 520])
    services.workers.wait_done(30_000)
    _settle(app, 800)
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "app-compose.png"))

    strip.template.setCurrentText("story")
    strip.caption.setText("eduroam on your phone in two minutes")
    strip.caption.textEdited.emit("eduroam on your phone in two minutes")
    view.preview.show_format("instagram-story")
    view.preview.safe_zones.setChecked(True)
    services.workers.wait_done(30_000)
    _settle(app, 800)
    window.grab().save(str(OUT / "app-story.png"))

    assert view.autosave is not None
    view.autosave.forget()  # the temporary workspace goes away with this process
    window.close()
    services.workers.wait_done(30_000)
    services.store.close()
    print(f"wrote {OUT / 'app-compose.png'} and {OUT / 'app-story.png'}")
    return 0


def _tomorrow_at(hour: int):  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta

    from studio.workflows.slots import workspace_zone

    zone = workspace_zone("")
    return (datetime.now(zone) + timedelta(days=1)).replace(hour=hour, minute=0, second=0, microsecond=0)


if __name__ == "__main__":
    sys.exit(main())
