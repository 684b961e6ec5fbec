"""Compose with the real text engine: counters per network, the overflow shaded, findings underlined."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import studio.text
from studio.gui.app import Services, build_window
from studio.gui.compose import ComposeView
from studio.gui.compose.counters import CounterRole
from studio.gui.compose.engine import TextEngine, Utf16Map
from studio.gui.mainwindow import MainWindow
from studio.gui.settings import settings_path
from studio.gui.workers import Workers


@pytest.fixture
def engine() -> TextEngine:
    """The real text engine."""
    return studio.text  # type: ignore[return-value]


@pytest.fixture
def compose(qtbot: QtBot, services: Services, engine: TextEngine) -> ComposeView:
    view = ComposeView(
        engine, services.workers, services.messages, services.theme, ["x", "mastodon", "bluesky"]
    )
    qtbot.addWidget(view)
    view.resize(900, 600)
    with qtbot.waitExposed(view):
        view.show()
    return view


def _row(view: ComposeView, network: str) -> int:
    return view.counters.networks.index(network)


def _value(view: ComposeView, network: str, role: CounterRole) -> object:
    return view.counters.index(_row(view, network)).data(role)


def test_typing_updates_every_selected_counter(qtbot: QtBot, compose: ComposeView) -> None:
    qtbot.keyClicks(compose.editor, "Hello")
    assert compose.counters.networks == ["x", "mastodon", "bluesky"]
    assert _value(compose, "x", CounterRole.LENGTH) == 5
    assert _value(compose, "x", CounterRole.REMAINING) == 275
    assert _value(compose, "bluesky", CounterRole.REMAINING) == 295
    tip = compose.counters.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "X: 5 of 280, 275 left"


def test_the_overflow_is_shaded_from_the_tightest_limit(compose: ComposeView) -> None:
    compose.editor.setPlainText("a" * 290)
    assert _value(compose, "x", CounterRole.OK) is False
    shaded = [
        s for s in compose.editor.extraSelections() if s.format.background().style() != Qt.BrushStyle.NoBrush
    ]
    assert len(shaded) == 1
    assert (shaded[0].cursor.selectionStart(), shaded[0].cursor.selectionEnd()) == (280, 290)
    assert "Past X's limit" in compose.editor.hover_text_at(285)
    assert compose.editor.hover_text_at(100) == ""
    assert compose.counters.index(0).data(Qt.ItemDataRole.ToolTipRole) == "X: 290 of 280, 10 over the limit"


def test_findings_are_underlined_after_an_emoji_and_explained_on_hover(
    qtbot: QtBot, compose: ComposeView
) -> None:
    compose.editor.setFocus()
    compose.editor.setPlainText("🎉 Please leverage it")
    start = len("🎉 Please ")  # string index 9; Qt counts the emoji as two UTF-16 units
    underlined = [
        s
        for s in compose.editor.extraSelections()
        if s.format.underlineStyle() != s.format.UnderlineStyle.NoUnderline
    ]
    assert len(underlined) == 1
    assert (underlined[0].cursor.selectionStart(), underlined[0].cursor.selectionEnd()) == (
        start + 1,
        start + 9,
    )
    assert compose.findings.rowCount() == 1
    # Hover over the word as a user would: Qt sends the viewport a tool-tip event at the pointer.
    rect = compose.editor.cursorRect(_cursor_at(compose, start + 2))
    event = QHelpEvent(
        QEvent.Type.ToolTip, rect.center(), compose.editor.viewport().mapToGlobal(rect.center())
    )
    QApplication.sendEvent(compose.editor.viewport(), event)
    assert QToolTip.text() == '"leverage" is IT jargon\nSuggestion: Say "use"'
    QToolTip.hideText()


def _cursor_at(view: ComposeView, position: int):  # type: ignore[no-untyped-def]
    cursor = view.editor.textCursor()
    cursor.setPosition(position)
    return cursor


def test_clicking_a_finding_selects_its_text(qtbot: QtBot, compose: ComposeView) -> None:
    compose.editor.setPlainText("Please leverage the portal")
    rect = compose.finding_list.visualRect(compose.findings.index(0))
    qtbot.mouseClick(compose.finding_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert compose.editor.textCursor().selectedText() == "leverage"
    assert compose.editor.hasFocus()


def test_network_chips_add_and_remove_counters(qtbot: QtBot, compose: ComposeView) -> None:
    qtbot.keyClicks(compose.editor, "Hi")
    qtbot.mouseClick(compose.chips["threads"], Qt.MouseButton.LeftButton)
    assert compose.counters.networks == ["x", "mastodon", "bluesky", "threads"]
    assert _value(compose, "threads", CounterRole.REMAINING) == 498
    compose.chips["x"].setFocus()
    qtbot.keyClick(compose.chips["x"], Qt.Key.Key_Space)  # keyboard works as well as the mouse
    assert compose.counters.networks == ["mastodon", "bluesky", "threads"]


def test_models_pass_the_model_tester(qtmodeltester: ModelTester, compose: ComposeView) -> None:
    compose.editor.setPlainText("Our SSO uses MFA")
    assert compose.findings.rowCount() == 2
    qtmodeltester.check(compose.counters)
    qtmodeltester.check(compose.findings)
    assert not compose.findings.index(0).data(Qt.ItemDataRole.DecorationRole).isNull()  # severity icon


def test_checks_run_in_the_pool_and_only_the_latest_text_is_shown(
    qtbot: QtBot, services: Services, engine: TextEngine
) -> None:
    pool = Workers(max_threads=2)
    view = ComposeView(engine, pool, services.messages, services.theme, ["x"])
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.checked, timeout=5000):
        view.editor.setPlainText("first leverage")
        view.editor.setPlainText("second, no findings")
    assert pool.wait_done(5000)
    qtbot.waitUntil(lambda: pool.running == 0, timeout=5000)
    assert view.findings.rowCount() == 0
    assert not view.finding_list.isVisible()


def test_a_failing_check_is_reported_not_raised(qtbot: QtBot, window_with_failing_checks: MainWindow) -> None:
    view = window_with_failing_checks.view_widget("compose")
    assert isinstance(view, ComposeView)
    view.editor.setPlainText("anything")
    assert window_with_failing_checks.message_bar.isVisible()
    assert "content checks could not run" in window_with_failing_checks.message_bar.label.text()


class _BrokenEngine:
    """The real counting with a check that fails, as a damaged word list would make it."""

    count_all = staticmethod(studio.text.count_all)
    split = staticmethod(studio.text.split)

    def check(self, text: str) -> list:  # type: ignore[type-arg]
        raise RuntimeError("word list missing")


@pytest.fixture
def window_with_failing_checks(qtbot: QtBot, services: Services) -> MainWindow:
    win = build_window(replace(services, text=_BrokenEngine()))
    qtbot.addWidget(win)
    win.show()
    return win


def test_the_selected_networks_are_remembered(qtbot: QtBot, services: Services, engine: TextEngine) -> None:
    win = build_window(replace(services, text=engine))
    qtbot.addWidget(win)
    win.show()
    view = win.view_widget("compose")
    assert isinstance(view, ComposeView)
    qtbot.mouseClick(view.chips["linkedin"], Qt.MouseButton.LeftButton)
    win.close()
    assert '"linkedin"' in settings_path().read_text(encoding="utf-8")


def test_utf16_positions_map_both_ways() -> None:
    text = "a🎉b👍🏽c"
    mapping = Utf16Map(text)
    assert [mapping.to_utf16(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 8, 9]
    assert [mapping.from_utf16(p) for p in (0, 1, 2, 3, 4, 6, 8, 9)] == [0, 1, 1, 2, 3, 4, 5, 6]
    assert QPoint(0, 0).isNull()


def test_tab_walks_from_the_sidebar_to_the_chips_and_the_editor(
    qtbot: QtBot, services: Services, engine: TextEngine
) -> None:
    win = build_window(replace(services, text=engine))
    qtbot.addWidget(win)
    with qtbot.waitActive(win):  # keyboard focus only lives in the active window
        win.show()
        win.activateWindow()
    view = win.view_widget("compose")
    assert isinstance(view, ComposeView)
    qtbot.keyClick(win, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)  # Ctrl+0: back to the sidebar
    assert win.sidebar.hasFocus()
    visited = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
        if visited[-1] is view.editor:
            break
    assert view.chips["x"] in visited
    assert visited[-1] is view.editor
    qtbot.keyClicks(view.editor, "typed from the keyboard")
    assert view.editor.toPlainText() == "typed from the keyboard"


def _compose_window(qtbot: QtBot, services: Services, engine: TextEngine) -> tuple[MainWindow, ComposeView]:
    win = build_window(replace(services, text=engine))
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    view = win.view_widget("compose")
    assert isinstance(view, ComposeView)
    return win, view


def test_a_draft_saves_itself_and_reopens_at_the_next_start(
    qtbot: QtBot,
    qapp: QApplication,
    services: Services,
    make_services: list[Services],
    engine: TextEngine,
) -> None:
    win, view = _compose_window(qtbot, services, engine)
    assert view.autosave is not None
    with qtbot.waitSignal(view.autosave.saved, timeout=5000) as saved:
        qtbot.keyClicks(view.editor, "Wi-Fi is back")  # then a pause in typing
    assert services.store is not None
    assert services.store.posts.get(saved.args[0]).body == "Wi-Fi is back"
    qtbot.keyClicks(view.editor, " in the library")
    win.close()  # closing saves what the pause has not saved yet
    assert services.store.posts.get(saved.args[0]).body == "Wi-Fi is back in the library"

    from studio.gui.app import build_services

    again = build_services(qapp, synchronous=True)
    make_services.append(again)
    _, reopened = _compose_window(qtbot, again, engine)
    assert reopened.editor.toPlainText() == "Wi-Fi is back in the library"


def test_ctrl_n_keeps_the_draft_and_starts_a_new_one(
    qtbot: QtBot, services: Services, engine: TextEngine
) -> None:
    win, view = _compose_window(qtbot, services, engine)
    assert view.autosave is not None
    assert services.store is not None
    qtbot.keyClicks(view.editor, "First post")
    qtbot.keyClick(view.editor, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert view.editor.toPlainText() == ""
    with qtbot.waitSignal(view.autosave.saved, timeout=5000):
        qtbot.keyClicks(view.editor, "Second post")
    assert [p.body for p in services.store.posts.page()] == ["Second post", "First post"]
    win.close()


def test_a_text_too_long_for_a_network_is_shown_as_its_thread(
    qtbot: QtBot, compose: ComposeView, qtmodeltester: ModelTester
) -> None:
    assert not compose.thread_list.isVisible()
    sentence = "The library Wi-Fi is back after tonight's upgrade of the campus network controllers. "
    compose.editor.setPlainText(sentence * 6)  # about 500 characters: too long for X and Bluesky
    assert compose.thread_list.isVisible()
    assert compose.thread_title.text().startswith("As a thread on X: ")
    parts = compose.thread_parts.stringList()
    assert len(parts) >= 2
    assert parts == studio.text.split(sentence * 6, "x", numbering=True)
    assert all(studio.text.count(p, "x").ok for p in parts)
    qtmodeltester.check(compose.thread_parts)
    compose.editor.setPlainText("Short again")
    assert not compose.thread_list.isVisible()


def test_clearing_the_text_clears_the_findings_at_once(compose: ComposeView) -> None:
    compose.editor.setPlainText("Please leverage the portal")
    assert compose.findings.rowCount() == 1
    compose.editor.clear()
    assert compose.findings.rowCount() == 0
    assert compose.no_findings.isVisibleTo(compose)
