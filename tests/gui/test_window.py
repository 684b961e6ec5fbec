"""The main window as a user meets it: the sidebar, the views, shortcuts, and what it remembers."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from studio.gui.app import VIEWS, Services, build_services, build_window
from studio.gui.compose import ComposeView
from studio.gui.empty import EmptyState
from studio.gui.mainwindow import MainWindow
from studio.gui.settings import settings_path
from studio.gui.sidebar import SidebarRole

LABELS = ["Compose", "Drafts", "Queue & calendar", "Inbox", "Incidents", "Archive", "Accounts", "Brand"]


def _click_sidebar(qtbot: QtBot, window: MainWindow, label: str) -> None:
    row = LABELS.index(label)
    rect = window.sidebar.visualRect(window.sidebar_model.index(row))
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_window_is_titled_studio_and_lists_the_views_in_order(window: MainWindow) -> None:
    assert window.windowTitle() == "Studio"
    model = window.sidebar_model
    assert [model.index(r).data() for r in range(model.rowCount())] == LABELS
    assert [model.index(r).data(SidebarRole.VIEW_ID) for r in range(len(VIEWS))] == [v.id for v in VIEWS]
    assert window.current_view == "compose"


def test_clicking_the_sidebar_switches_the_view(qtbot: QtBot, window: MainWindow) -> None:
    _click_sidebar(qtbot, window, "Accounts")
    assert window.current_view == "accounts"
    assert window.stack.currentWidget() is window.view_widget("accounts")


def test_arrow_keys_and_shortcuts_switch_views(qtbot: QtBot, window: MainWindow) -> None:
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Down)
    assert window.current_view == "queue"
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view == "brand"
    qtbot.keyClick(
        window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.current_view == "drafts"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view == "compose"


def test_views_without_their_core_say_what_will_appear_and_offer_no_dead_buttons(window: MainWindow) -> None:
    for entry in VIEWS:
        widget = window.view_widget(entry.id)
        if not isinstance(widget, EmptyState):
            continue  # this view's core is in the build: its own tests drive it
        assert widget.title.text()
        assert "will appear here" in widget.text.text() or "Here you will" in widget.text.text()
        assert widget.findChildren(QAbstractButton) == []


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    for view in VIEWS:
        window.show_view(view.id)
        controls: list[QWidget] = [
            *window.findChildren(QAbstractButton),
            *window.findChildren(QAbstractItemView),
            *window.findChildren(QLineEdit),
            *window.findChildren(QPlainTextEdit),
        ]
        unnamed = [
            f"{type(c).__name__} {c.objectName()!r}"
            for c in controls
            if c.isVisible() and not (c.accessibleName() or getattr(c, "text", lambda: "")())
        ]
        assert unnamed == [], view.id


def test_sidebar_model_passes_the_model_tester(qtmodeltester: ModelTester, window: MainWindow) -> None:
    qtmodeltester.check(window.sidebar_model)


def test_size_position_splitters_and_last_view_are_remembered(
    qtbot: QtBot, qapp: QApplication, make_services: list[Services]
) -> None:
    first = build_services(qapp, synchronous=True)
    make_services.append(first)
    win = build_window(first)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    win.resize(780, 560)  # inside the offscreen screen (800x600), which restoreGeometry clamps to
    win.move(QPoint(40, 30))
    win.splitter.setSizes([250, 510])
    remembered = win.splitter.sizes()
    win.show_view("archive")
    win.close()

    data = json.loads(settings_path().read_text(encoding="utf-8"))
    assert data["last_view"] == "archive"
    assert data["splitters"]["main"] == remembered

    second = build_services(qapp, synchronous=True)
    make_services.append(second)
    again = build_window(second)
    qtbot.addWidget(again)
    with qtbot.waitExposed(again):
        again.show()
    assert again.current_view == "archive"
    assert (again.width(), again.height()) == (780, 560)
    assert again.splitter.sizes() == remembered


def test_a_broken_settings_file_is_reported_and_replaced(
    qtbot: QtBot, qapp: QApplication, make_services: list[Services]
) -> None:
    path: Path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"last_view": 42', encoding="utf-8")
    services = build_services(qapp, synchronous=True)
    make_services.append(services)
    win = build_window(services)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    assert win.message_bar.isVisible()
    assert str(path) in win.message_bar.label.text()
    assert "not valid JSON" in win.message_bar.label.text()
    assert win.current_view == "compose"
    win.close()
    assert json.loads(path.read_text(encoding="utf-8"))["last_view"] == "compose"


def test_a_settings_value_of_the_wrong_type_names_its_key(
    qtbot: QtBot, qapp: QApplication, make_services: list[Services]
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"last_view": 42}', encoding="utf-8")
    services = build_services(qapp, synchronous=True)
    make_services.append(services)
    assert "'last_view'" in services.messages.history[0].text


def test_errors_reach_the_message_bar_and_info_the_status_bar(
    qtbot: QtBot, window: MainWindow, services: Services
) -> None:
    bridge = services.messages  # the bridge the views are given
    bridge.info("Render finished")
    assert window.status_label.text() == "Render finished"
    assert not window.message_bar.isVisible()
    bridge.error("Could not save the draft", "check the disk has space")
    assert window.message_bar.isVisible()
    assert window.message_bar.label.text() == "Could not save the draft — check the disk has space"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.message_bar.isVisible()


def test_dark_theme_changes_the_look(window: MainWindow, services: Services, qapp: QApplication) -> None:
    services.theme.apply("dark")
    assert "#16191e" in qapp.styleSheet()
    assert qapp.palette().window().color().name() == "#16191e"
    services.theme.apply("light")
    assert qapp.palette().window().color().name() == "#f5f6f8"


def test_the_look_follows_the_os_colour_scheme(window: MainWindow, qapp: QApplication) -> None:
    hints = qapp.styleHints()
    # The offscreen platform has no OS theme to switch, so send the signal the OS change produces.
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert qapp.palette().window().color().name() == "#16191e"
    assert "Studio, dark" in qapp.styleSheet()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert qapp.palette().window().color().name() == "#f5f6f8"


def test_the_first_start_opens_on_the_demo_workspace_once(
    qtbot: QtBot, qapp: QApplication, make_services: list[Services]
) -> None:
    first = build_services(qapp, synchronous=True, demo=True)
    make_services.append(first)
    assert first.store is not None
    seeded = first.store.posts.count()
    assert seeded >= 5
    assert first.store.media.count() == 2
    win = build_window(first)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    assert "Welcome to Studio" in win.status_label.text()
    compose = win.view_widget("compose")
    assert isinstance(compose, ComposeView)
    assert compose.editor.toPlainText().startswith("Meet the service desk team!")  # alive on first open
    assert compose.media is not None
    assert [a.template for a in compose.media.attachments] == ["photo"]
    win.show_view("queue")
    assert any("Tech Tip Tuesday" in p.body for p in first.store.posts.page(limit=50))
    win.close()

    second = build_services(qapp, synchronous=True, demo=True)
    make_services.append(second)
    assert second.store is not None
    assert second.store.posts.count() == seeded  # not seeded twice


def test_a_damaged_workspace_says_so_at_start_with_the_backup_to_restore(
    qtbot: QtBot, qapp: QApplication, make_services: list[Services]
) -> None:
    from studio.gui.app import workspace_dir
    from tests.integration.store.test_damaged import _a_day_later, _damage, _open_again, _workspace_with_posts

    home = workspace_dir()
    _workspace_with_posts(home)
    _open_again(home)  # the first backup
    _damage(home / "studio.db")  # 8 KB of garbage in the middle: it opens, read-only
    _a_day_later(home)
    services = build_services(qapp, synchronous=True)
    make_services.append(services)
    assert services.store is None  # the views say what needs a workspace instead of reading bad pages
    win = build_window(services)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    assert win.message_bar.isVisible()
    text = win.message_bar.label.text()
    assert "the workspace is damaged; restore the backup of" in text
    assert "studio restore" in text
