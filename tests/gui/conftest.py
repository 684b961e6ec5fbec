"""Fixtures for the app's tests: services built as the app builds them, and a leak check at teardown.

A test that leaves a runnable in a pool or a timer running fails at teardown (napari added the same
check after random segfaults): leftovers of one test are what crash the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.gui.app import Services, build_services, build_window
from studio.gui.mainwindow import MainWindow
from studio.gui.workers import Workers

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Qt's offscreen plugin warns it cannot follow size hints, raise windows or give a popped-up menu the
    keyboard; harmless here."""
    for item in items:
        if _HERE in Path(item.path).parents:
            item.add_marker(
                pytest.mark.qt_log_ignore(
                    r"This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)"
                )
            )


def leftovers(app: QApplication, workers: list[Workers]) -> list[str]:
    """What is still running: active timers on live widgets, and tasks that have not reported back."""
    found = [
        f"timer {timer.objectName() or timer.interval()}ms on {type(widget).__name__}"
        for widget in app.allWidgets()
        for timer in widget.findChildren(QTimer)
        if timer.isActive()
    ]
    for pool in workers:
        if pool.running or pool.pool.activeThreadCount():
            found.append(f"{pool.running} task(s) still running in {pool!r}")
    return found


@pytest.fixture
def make_services(qapp: QApplication) -> Iterator[list[Services]]:
    """Build `Services` like the app does; every one built is checked for leftovers at teardown."""
    built: list[Services] = []
    yield built
    workers = [s.workers for s in built]
    for w in workers:
        w.wait_done(5000)  # give a misbehaving test's runnables a chance to end before failing it
    for s in built:
        if s.store is not None:
            s.store.close()
    qapp.processEvents()
    problems = leftovers(qapp, workers)
    if problems:
        # Fail this test once; stop what it left, so the tests after it neither inherit nor repeat it.
        for widget in qapp.allWidgets():
            for timer in widget.findChildren(QTimer):
                timer.stop()
        pytest.fail("left running after the test: " + "; ".join(problems))


@pytest.fixture
def services(qapp: QApplication, make_services: list[Services]) -> Services:
    """Services with synchronous workers, a workspace and config dir inside tmp_path."""
    built = build_services(qapp, synchronous=True)
    make_services.append(built)
    return built


@pytest.fixture
def window(qtbot: QtBot, services: Services) -> MainWindow:
    """The real main window, shown."""
    win = build_window(services)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    return win
