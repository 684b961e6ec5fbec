"""The window fits a 1280x720 laptop screen at 100% with the status bar in view (Issue 14 item 4)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

import studio.text
from studio.gui.app import Services, build_window
from studio.gui.compose import ComposeView

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo"
TITLE_AND_PANEL = 48  # a window title bar and a desktop panel take about this much of the 720 pixels


def test_the_window_with_a_picture_in_compose_fits_1280_by_720(qtbot: QtBot, services: Services) -> None:
    win = build_window(replace(services, text=studio.text))
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    compose = win.view_widget("compose")
    assert isinstance(compose, ComposeView)
    assert compose.media is not None
    compose.media.add_files([DEMO / "lego-staff.jpg"])
    compose.media.list.setCurrentIndex(compose.media.model.index(0))  # the picture's details take room
    win.resize(1280, 720 - TITLE_AND_PANEL)
    qtbot.waitUntil(lambda: win.height() == 720 - TITLE_AND_PANEL)
    assert compose.height() >= compose.minimumSizeHint().height()  # every control has its room
    assert compose.width() >= compose.minimumSizeHint().width()
    bar = win.statusBar()
    assert bar.isVisible()
    assert bar.geometry().bottom() < win.height()  # the status bar is inside the window, not cut off
    assert compose.schedule is not None
    button = compose.schedule.schedule_button
    assert button.mapTo(win, button.rect().bottomLeft()).y() < bar.geometry().top()
    win.close()
