"""Hooks for the smoke test and the start-up benchmark, which drive the real entry point from outside.

`STUDIO_QUIT_AFTER_SHOWN=1` closes the window once it is on screen and prints `shown_ms=<ms>` to stderr:
the time since `STUDIO_T0` (a `time.time()` the caller set just before starting the process).
`STUDIO_SCREENSHOT_DIR=<dir>` first saves `window.png` (the window's own pixels) and `screen.png`
(what the display server shows).
Without these variables nothing here does anything.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from studio.gui.workers import Workers

__all__ = ["after_shown"]


def after_shown(window: QMainWindow, workers: Workers) -> None:
    """Arm the hooks the environment asks for; call right after `window.show()`.

    Screenshots wait until the pool is idle, so what the view renders in the background is in the picture.
    """
    shots = os.environ.get("STUDIO_SCREENSHOT_DIR")
    if not shots and not os.environ.get("STUDIO_QUIT_AFTER_SHOWN"):
        return

    def settle() -> None:
        if shots and workers.running:
            workers.idle.connect(lambda: QTimer.singleShot(50, done))
        else:
            done()

    finished: list[bool] = []

    def done() -> None:
        if finished:
            return
        finished.append(True)
        start = os.environ.get("STUDIO_T0")
        if start:
            shown = (time.time() - float(start)) * 1000
            print(f"shown_ms={shown:.1f} exposed={window.isVisible()}", file=sys.stderr)  # noqa: T201
        if shots:
            folder = Path(shots)
            folder.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(folder / "window.png"))
            screen = QGuiApplication.primaryScreen()
            screen.grabWindow(0).save(str(folder / "screen.png"))
        window.close()

    # A zero timer fires once the event loop has processed the show and the first paint.
    QTimer.singleShot(0 if not shots else 300, settle)
