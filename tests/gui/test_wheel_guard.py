"""The mouse wheel over an unfocused Kind/Template/format box scrolls the pane, not the value (Issue 14.4)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.compose import ComposeView
from studio.gui.wheel import guard_wheel
from tests.gui.compose_helpers import DEMO, close_compose, open_compose


@pytest.fixture
def compose(qtbot: QtBot, services: Services) -> Iterator[ComposeView]:
    view = open_compose(qtbot, services, ["instagram"], size=(1280, 640))
    yield view
    close_compose(view)


def _wheel(widget: QComboBox, steps: int) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120 * steps),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_only_a_focused_box_takes_the_wheel(qtbot: QtBot, compose: ComposeView, qapp: QApplication) -> None:
    guard = guard_wheel(qapp)
    try:
        assert compose.media is not None
        compose.media.add_files([DEMO / "lego-staff.jpg"])
        compose.media.list.setCurrentIndex(compose.media.model.index(0))
        template = compose.media.template
        compose.editor.setFocus()
        before = template.currentText()
        _wheel(template, 2)
        assert template.currentText() == before  # passed on to the pane: the value stays
        assert not template.hasFocus()
        template.setFocus()
        qtbot.waitUntil(template.hasFocus)
        _wheel(template, 1)
        assert template.currentText() != before  # focused on purpose: the wheel chooses
    finally:
        qapp.removeEventFilter(guard)
