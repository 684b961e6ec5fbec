"""Queue and Accounts over a real workspace database: empty states and one-row updates.

The Queue & calendar view's own tests are in tests/gui/queue/.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from studio.gui.accounts import AccountColumn, AccountsView
from studio.gui.app import Services, build_window
from studio.gui.lazy import LazyView
from studio.gui.mainwindow import MainWindow
from studio.gui.queue import QueueView
from studio.store import NewAccount, Store


def _store(services: Services) -> Store:
    assert services.store is not None
    return services.store


def _window(qtbot: QtBot, services: Services) -> MainWindow:
    win = build_window(services)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    return win


def test_an_empty_workspace_shows_what_will_appear(qtbot: QtBot, window: MainWindow) -> None:
    page = window.view_widget("queue")
    assert isinstance(page, LazyView)  # the queue is built on first show
    queue = page.view
    accounts = window.view_widget("accounts")
    assert isinstance(queue, QueueView)
    assert isinstance(accounts, AccountsView)
    window.show_view("queue")
    assert queue.pages.currentWidget() is queue.empty
    assert "studio queue add" in queue.empty.text.text()
    window.show_view("accounts")
    assert accounts.pages.currentWidget() is accounts.empty


def test_accounts_are_listed_and_one_row_changes_when_one_needs_reconnecting(
    qtbot: QtBot, services: Services, qtmodeltester: ModelTester
) -> None:
    store = _store(services)
    masto = store.accounts.add(
        NewAccount(
            "mastodon", "IT News", handle="@itnews", instance_url="https://social.example", owner="Sam"
        )
    )
    store.accounts.add(NewAccount("bluesky", "Campus IT", handle="it.example.edu", owner="Ana"))
    win = _window(qtbot, services)
    view = win.view_widget("accounts")
    assert isinstance(view, AccountsView)
    win.show_view("accounts")
    assert view.pages.currentWidget() is view.table
    model = view.model
    assert [model.index(r, AccountColumn.NAME).data() for r in range(2)] == ["Campus IT", "IT News"]
    assert model.index(1, AccountColumn.NETWORK).data() == "Mastodon"
    assert model.index(1, AccountColumn.STATE).data() == "Not checked yet"  # connected once a check said so
    qtmodeltester.check(model)
    store.accounts.set_reconnect(masto.id, True, "the app password was revoked")
    with qtbot.waitSignal(model.dataChanged) as changed:
        model.refresh_account(masto.id)
    top_left: QModelIndex = changed.args[0]
    bottom_right: QModelIndex = changed.args[1]
    assert (top_left.row(), bottom_right.row()) == (1, 1)
    assert model.index(1, AccountColumn.STATE).data() == "Needs reconnecting: the app password was revoked"
