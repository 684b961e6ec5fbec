"""Composition root of the desktop app: builds the services once and hands them to the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

__all__ = ["MainWindow", "run_app"]


class MainWindow(QMainWindow):
    """Studio's main window."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Studio")
        self.setCentralWidget(QLabel("Studio"))
        self.resize(1100, 720)


def _display_problem() -> str | None:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return "no display to open the window on (run it in a desktop session, or under `xvfb-run -a make run`)"


def run_app(argv: Sequence[str]) -> int:
    """Open the main window and run the event loop until it closes; returns the exit status."""
    problem = _display_problem()
    if problem:
        print(f"error: studio: {problem}", file=sys.stderr)  # noqa: T201 - before any window exists
        return 1
    app = QApplication(list(argv))
    app.setApplicationName("Studio")
    window = MainWindow()
    window.show()
    return app.exec()
