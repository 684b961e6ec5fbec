"""The Accounts view driven as a user would, over a real workspace, the real keyring and a loopback server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from studio.gui.accounts import AccountColumn, AccountsView
from studio.gui.accounts.dialogs import AddAccountDialog, ReconnectDialog
from studio.gui.app import Services
from studio.gui.messages import Level
from studio.gui.workers import Workers
from studio.store import Account, NewAccount, Store
from tests.keyring_helpers import delete_secret, get_secret, set_secret
from tests.servers.mastodon_server import MastodonServer

TOKEN = "accounts-view-token-81d0e7"  # must never reach the store, a log or a message
NEW_TOKEN = "accounts-view-new-token-c44b12"


@pytest.fixture
def store(services: Services) -> Iterator[Store]:
    assert services.store is not None
    yield services.store
    for account in services.store.accounts.list():  # leave the test keyring as we found it
        delete_secret(account.id)


@pytest.fixture
def view(qtbot: QtBot, services: Services, store: Store) -> AccountsView:
    widget = AccountsView(store, services.credentials, services.theme, services.workers, services.messages)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    return widget


@pytest.fixture
def mastodon() -> Iterator[MastodonServer]:
    with MastodonServer(token=TOKEN) as server:
        yield server


def _names(view: AccountsView) -> list[str]:
    return [view.model.index(r, AccountColumn.NAME).data() for r in range(view.model.rowCount())]


def _state(view: AccountsView, name: str) -> str:
    row = _names(view).index(name)
    return str(view.model.index(row, AccountColumn.STATE).data())


def _fill(qtbot: QtBot, dialog: AddAccountDialog, network: str, name: str, server: str, secret: str) -> None:
    dialog.network.setCurrentIndex(dialog.network.findData(network))
    if network == "mastodon" and secret:  # the browser sign-in is the default; these tests paste a token
        qtbot.mouseClick(dialog.token_instead, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.name, name)
    if server:
        qtbot.keyClicks(dialog.instance, server)
    if secret:
        qtbot.keyClicks(dialog.secret_field, secret)


def _workspace_bytes(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in home.glob("studio.db*"))


def _no_secret_leaked(secret: str, home: Path, services: Services, caplog: pytest.LogCaptureFixture) -> None:
    assert secret.encode() not in _workspace_bytes(home)
    assert secret not in caplog.text
    assert all(secret not in f"{m.text} {m.fix}" for m in services.messages.history)


def test_adding_a_mastodon_account_puts_the_token_in_the_keyring_only(
    qtbot: QtBot,
    view: AccountsView,
    store: Store,
    services: Services,
    studio_home: Path,
    caplog: pytest.LogCaptureFixture,
    qtmodeltester: ModelTester,
    mastodon: MastodonServer,
) -> None:
    caplog.set_level(logging.DEBUG)
    assert view.pages.currentWidget() is view.empty
    dialog = view.add_account()
    assert dialog.isVisible()
    assert dialog.secret_field.echoMode() is QLineEdit.EchoMode.Password
    assert dialog.secret_field.accessibleName() == "Access token"
    _fill(qtbot, dialog, "mastodon", "IT News", mastodon.url, TOKEN)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    [account] = store.accounts.list()
    assert (account.name, account.network, account.instance_url) == ("IT News", "mastodon", mastodon.url)
    assert _state(view, "IT News") == "Connected"  # the server took the token when it was added
    assert get_secret(account.id) == TOKEN
    assert dialog.secret_field.text() == ""  # not kept in the form either
    assert view.pages.currentWidget() is view.table
    assert _names(view) == ["IT News"]
    assert view.selected() == account
    assert services.messages.history[-1].text == "Added IT News (its credential is in the system keyring)"
    qtmodeltester.check(view.model)
    _no_secret_leaked(TOKEN, studio_home, services, caplog)


def test_a_handoff_network_needs_no_secret(qtbot: QtBot, view: AccountsView, store: Store) -> None:
    dialog = view.add_account()
    dialog.network.setCurrentIndex(dialog.network.findData("instagram"))
    assert not dialog.secret_field.isVisibleTo(dialog)
    assert not dialog.instance.isVisibleTo(dialog)
    assert "no sign-in needed" in dialog.secret_hint.text()
    qtbot.keyClicks(dialog.name, "Campus Instagram")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    [account] = store.accounts.list()
    assert account.network == "instagram"
    assert get_secret(account.id) is None
    assert _state(view, "Campus Instagram") == "Handoff folder (no sign-in)"
    assert not view.reconnect_button.isEnabled()  # nothing to reconnect


def test_a_missing_secret_or_a_taken_name_keeps_the_form_open_with_the_fix(
    qtbot: QtBot, view: AccountsView, store: Store
) -> None:
    dialog = view.add_account()
    _fill(qtbot, dialog, "bluesky", "Campus IT", "", "")
    assert dialog.secret_field.accessibleName() == "App password"
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "needs its token or app password" in dialog.error.text()
    assert store.accounts.list() == []

    store.accounts.add(NewAccount("instagram", "Taken"))
    dialog.name.setText("taken")
    qtbot.keyClicks(dialog.secret_field, TOKEN)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "taken" in dialog.error.text().lower()
    assert dialog.ok.isEnabled()  # the user can fix it and try again
    assert [a.name for a in store.accounts.list()] == ["Taken"]


def test_without_a_keyring_the_form_says_what_why_and_the_fix(
    qtbot: QtBot, view: AccountsView, store: Store, services: Services, studio_home: Path
) -> None:
    dialog = view.add_account()
    _fill(qtbot, dialog, "mastodon", "IT News", "https://social.example", TOKEN)
    working = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())  # what keyring picks on a machine with none
    try:
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    finally:
        keyring.set_keyring(working)
    assert dialog.isVisible()
    text = dialog.error.text()
    assert "credential for account" in text  # what
    assert "no usable OS keyring" in text  # why
    assert "gnome-keyring" in text.lower() or "keychain" in text.lower()  # the fix
    assert store.accounts.list() == []  # no account without its credential
    assert TOKEN.encode() not in _workspace_bytes(studio_home)


def test_remove_asks_first_then_deletes_the_keyring_entry(
    qtbot: QtBot, view: AccountsView, store: Store, qtmodeltester: ModelTester
) -> None:
    for name in ("Alpha", "IT News", "Zulu"):
        dialog = view.add_account()
        _fill(qtbot, dialog, "mastodon", name, "https://social.example", TOKEN)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    target = store.accounts.by_name("IT News")
    view.select(target.id)

    box = view.remove_selected()
    assert box is not None
    assert box.isVisible()
    assert "keyring entry is deleted too" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert _names(view) == ["Alpha", "IT News", "Zulu"]
    assert get_secret(target.id) == TOKEN

    box = view.remove_selected()
    assert box is not None
    [remove] = [b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.DestructiveRole]
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert _names(view) == ["Alpha", "Zulu"]
    assert [a.name for a in store.accounts.list()] == ["Alpha", "Zulu"]
    assert get_secret(target.id) is None
    qtmodeltester.check(view.model)


def test_check_now_runs_off_the_ui_thread_and_shows_who_needs_reconnecting(
    qtbot: QtBot, services: Services, store: Store, mastodon: MastodonServer
) -> None:
    good = store.accounts.add(NewAccount("mastodon", "IT News", instance_url=mastodon.url))
    bad = store.accounts.add(NewAccount("mastodon", "Old Account", instance_url=mastodon.url))
    set_secret(good.id, TOKEN)
    set_secret(bad.id, "revoked-token-0000")
    pool = Workers()  # a real thread pool: the check must not block the window
    view = AccountsView(store, services.credentials, services.theme, pool, services.messages)
    qtbot.addWidget(view)
    assert _state(view, "IT News") == "Not checked yet"

    mastodon.state.latency = 0.2
    view.check_now()
    assert view.checking  # still on its way: the UI thread is free meanwhile
    assert not view.check_button.isEnabled()
    assert view.check_button.text() == "Checking…"
    qtbot.waitUntil(lambda: not view.checking, timeout=15_000)
    assert pool.wait_done(5000)

    assert _state(view, "IT News") == "Connected"
    assert _state(view, "Old Account").startswith("Needs reconnecting")
    assert view.check_button.isEnabled()
    warning = services.messages.history[-1]
    assert warning.level is Level.WARNING
    assert warning.text == "Old Account needs reconnecting"


def test_reconnect_stores_the_new_credential_and_clears_the_flag(
    qtbot: QtBot,
    view: AccountsView,
    store: Store,
    services: Services,
    mastodon: MastodonServer,
    studio_home: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    account: Account = store.accounts.add(NewAccount("mastodon", "IT News", instance_url=mastodon.url))
    set_secret(account.id, "expired-token-1111")
    store.accounts.set_reconnect(account.id, True, "the access token was revoked")
    view.model.insert_account(store.accounts.get(account.id))
    view.select(account.id)
    assert view.reconnect_button.isEnabled()

    dialog = view.reconnect_selected()
    assert isinstance(dialog, ReconnectDialog)
    assert dialog.secret_field.echoMode() is QLineEdit.EchoMode.Password
    qtbot.keyClicks(dialog.secret_field, "still-wrong-2222")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # refused: the form says so and stays
    assert "refused" in dialog.error.text()

    mastodon.add_token(NEW_TOKEN, "studio")
    dialog.secret_field.clear()
    qtbot.keyClicks(dialog.secret_field, NEW_TOKEN)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert get_secret(account.id) == NEW_TOKEN
    assert not store.accounts.get(account.id).needs_reconnect
    assert _state(view, "IT News") == "Connected"
    assert services.messages.history[-1].text == "IT News is connected again"
    _no_secret_leaked(NEW_TOKEN, studio_home, services, caplog)


def test_the_form_cannot_be_closed_while_it_saves_so_the_answer_always_has_a_place(
    qtbot: QtBot, services: Services, store: Store, mastodon: MastodonServer
) -> None:
    # Esc or Cancel during a slow check used to delete the form, and the answer then crashed into it.
    account = store.accounts.add(NewAccount("mastodon", "IT News", instance_url=mastodon.url))
    set_secret(account.id, "expired-token-3333")
    store.accounts.set_reconnect(account.id, True, "the access token was revoked")
    pool = Workers()  # a real thread pool, so the form is open while the check runs
    view = AccountsView(store, services.credentials, services.theme, pool, services.messages)
    qtbot.addWidget(view)
    view.show()
    view.select(account.id)
    dialog = view.reconnect_selected()
    assert isinstance(dialog, ReconnectDialog)
    mastodon.add_token(NEW_TOKEN, "studio")
    mastodon.state.latency = 0.5
    qtbot.keyClicks(dialog.secret_field, NEW_TOKEN)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.busy
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert not cancel.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible()  # still there for the answer
    # Closed when the answer came (it deletes itself on close).
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=15_000)
    assert pool.wait_done(5000)
    assert not store.accounts.get(account.id).needs_reconnect
    assert _state(view, "IT News") == "Connected"
