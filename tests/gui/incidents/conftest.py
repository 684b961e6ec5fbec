"""Fixtures for the Incidents view: the real workspace of the app's services, a Mastodon account on the
loopback Mastodon-API server (its token in the real keyring), and the view built as the app builds it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.incidents.desk import IncidentDesk
from studio.gui.incidents.view import IncidentsView
from studio.store import Account, NewAccount, Store
from tests.keyring_helpers import delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer


@pytest.fixture
def store(services: Services) -> Store:
    """The app's store (a real SQLite workspace in tmp_path)."""
    assert services.store is not None
    return services.store


@pytest.fixture
def mastodon() -> Iterator[MastodonServer]:
    """A Mastodon-API server on 127.0.0.1 with token `test-token` (as in the publishing tests)."""
    with MastodonServer() as server:
        yield server


@pytest.fixture
def masto(store: Store, mastodon: MastodonServer) -> Iterator[Account]:
    """`it-masto` on the loopback server, its token in the OS keyring."""
    account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
    set_secret(account.id, "test-token")
    try:
        yield account
    finally:
        delete_secret(account.id)


@pytest.fixture
def offline_masto(store: Store) -> Account:
    """A Mastodon account whose posts are only queued (the view's desk does not publish in these tests)."""
    return store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))


def make_view(qtbot: QtBot, services: Services, *, publish: bool) -> IncidentsView:
    """The view over the services' store, with its kit (the bundled one); `publish` runs the real runner."""
    from studio.workflows.kits import workspace_kit

    assert services.store is not None
    desk = IncidentDesk.build(services.store, services.credentials, workspace_kit(services.store))
    desk.publish = publish
    view = IncidentsView(desk, services.text, services.workers, services.messages, services.theme)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    with qtbot.waitActive(view):  # shortcuts (Ctrl+N, Ctrl+Return) go to the active window only
        view.show()
        view.activateWindow()
    return view
