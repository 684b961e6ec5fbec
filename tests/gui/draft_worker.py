"""Run by test_drafts.py in its own process: write a post with a branded picture, let autosave run, die hard.

Nothing is flushed on the way out: the process kills itself with SIGKILL, as a crash or `kill -9` would.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

import studio.text
from studio.gui.app import build_services
from studio.gui.compose import ComposeView
from studio.gui.compose.autosave import DraftAutosave

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo"


def main() -> None:
    app = QApplication(sys.argv[:1])
    services = build_services(app, synchronous=True)
    assert services.store is not None
    autosave = DraftAutosave(services.store, services.messages)
    view = ComposeView(
        studio.text,  # type: ignore[arg-type]
        services.workers,
        services.messages,
        services.theme,
        ["x", "instagram"],
        autosave,
        services.store,
    )
    view.resize(1200, 800)
    view.show()
    strip = view.media
    assert strip is not None
    view.editor.setPlainText("Meet the service desk team")
    strip.add_files([DEMO / "lego-staff.jpg", DEMO / "cartoon-restart.png"])
    strip.list.setCurrentIndex(strip.model.index(0))
    strip.template.setCurrentText("story")
    strip.caption.setText("Meet the service desk")
    strip.caption.textEdited.emit("Meet the service desk")  # what typing into the field sends
    strip.alt.setPlainText("A LEGO minifigure waves from a desk")
    strip.focus_picker.focus_picked.emit(0.25, 0.25)  # a click on the picture's upper left
    loop = QEventLoop()
    QTimer.singleShot(1500, loop.quit)  # longer than the autosave and alt-text pauses; no flush
    loop.exec()
    print("written", flush=True)  # noqa: T201 - the test reads it
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
