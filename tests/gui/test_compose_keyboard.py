"""Compose by keyboard (Issue 14 item 4): Tab goes down the writing column in order and never jumps back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.compose import ComposeView
from tests.gui.compose_helpers import DEMO, close_compose, open_compose


@pytest.fixture
def compose(qtbot: QtBot, services: Services) -> Iterator[ComposeView]:
    view = open_compose(qtbot, services, ["x"], active=True)  # Tab goes to the active window only
    yield view
    close_compose(view)


def test_tab_goes_down_the_writing_column_in_order(qtbot: QtBot, compose: ComposeView) -> None:
    media = compose.media
    assert media is not None
    media.add_files([DEMO / "lego-staff.jpg"])
    media.list.setCurrentIndex(media.model.index(0))
    with qtbot.waitSignal(compose.checked):
        compose.editor.setPlainText("Stuck with eduroam? Ask the desk.")  # a finding: the list is shown
    compose.editor.setFocus()
    qtbot.waitUntil(compose.editor.hasFocus)
    seen: list[QWidget] = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    hashtag, emoji = compose.insert.buttons
    wanted = [hashtag, emoji, media.add_button, media.remove_button, media.list]
    wanted += [media.focus_picker, media.kind, media.template, media.caption, media.alt, compose.finding_list]
    assert seen[: len(wanted)] == wanted


def test_the_date_popup_shows_its_last_week_whole(qtbot: QtBot, compose: ComposeView) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QTableView

    assert compose.schedule is not None
    when = compose.schedule.when
    qtbot.mouseClick(when, Qt.MouseButton.LeftButton, pos=QPoint(when.width() - 8, when.height() // 2))
    calendar = when.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    table = calendar.findChild(QTableView)
    assert table is not None
    last = table.model().rowCount() - 1
    bottom = table.rowViewportPosition(last) + table.rowHeight(last)
    assert bottom <= table.viewport().height()  # the sixth week is not cut off
    header = table.model().index(0, 2).data()
    assert "…" not in str(header)  # day names are not elided ("W…")
    calendar.window().close()
