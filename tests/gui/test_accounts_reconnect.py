"""Issue 12 item 5 in the app: Reconnect with a token the server refuses keeps the working one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.gui.accounts import AccountsView
from studio.gui.accounts.dialogs import ReconnectDialog
from studio.gui.app import Services
from studio.store import NewAccount, Store
from tests.keyring_helpers import delete_secret, get_secret, set_secret
from tests.servers.mastodon_server import MastodonServer

WORKING = "gui-working-token-3e81"
REFUSED = "gui-refused-token-90b4"


@pytest.fixture
def store(services: Services) -> Iterator[Store]:
    assert services.store is not None
    yield services.store
    for account in services.store.accounts.list():
        delete_secret(account.id)


def test_a_refused_token_in_the_reconnect_form_keeps_the_working_one(
    qtbot: QtBot, services: Services, store: Store
) -> None:
    with MastodonServer(token=WORKING) as mastodon:
        account = store.accounts.add(NewAccount("mastodon", "IT News", instance_url=mastodon.url))
        set_secret(account.id, WORKING)
        view = AccountsView(store, services.credentials, services.theme, services.workers, services.messages)
        qtbot.addWidget(view)
        view.show()
        view.select(account.id)
        dialog = view.reconnect_selected()
        assert isinstance(dialog, ReconnectDialog)
        qtbot.keyClicks(dialog.secret_field, REFUSED)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        assert dialog.isVisible()  # the form says so and stays
        assert "refused the new credential" in dialog.error.text()
        assert "the one before it is kept" in dialog.error.text()
        assert get_secret(account.id) == WORKING
        assert not store.accounts.get(account.id).needs_reconnect  # the account itself still works
        dialog.reject()
