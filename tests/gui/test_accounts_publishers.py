"""The Accounts view says which members' laptops can publish for each account in a team workspace.

Real parts: two workspaces in one team on the real PostgreSQL hub (the team tests' fixtures), the real
keyring, real Qt widgets. The view reads the last sync's answer kept on this laptop, never the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studio.gui.accounts import AccountColumn, AccountsView
from studio.gui.app import Services
from studio.store import NewAccount, NewPost, Store, open_store
from studio.team import create_team, join_team, sync_round
from tests.integration.team.conftest import hub, postgres  # noqa: F401 - the real PostgreSQL hub
from tests.keyring_helpers import KEYRING, delete_secret, set_secret


@pytest.fixture
def alice(services: Services) -> Store:
    assert services.store is not None
    store = services.store
    # One keyring serves both laptops here, a credential filed by account id: an account only alice has
    # (it travels with no post) keeps her ids apart from bob's.
    store.accounts.add(NewAccount("instagram", "old-archive"))
    accounts = (
        store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example")),
        store.accounts.add(NewAccount("bluesky", "it-sky", handle="it.example.org")),
        store.accounts.add(NewAccount("instagram", "it-insta")),  # a handoff folder: no key needed
    )
    store.posts.create(NewPost("Printers are back", tuple(a.id for a in accounts)))
    return store


@pytest.fixture
def bob(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "laptop-bob")
    try:
        yield store
    finally:
        store.close()


def _view(qtbot: QtBot, services: Services, store: Store) -> AccountsView:
    widget = AccountsView(store, services.credentials, services.theme, services.workers, services.messages)
    qtbot.addWidget(widget)
    widget.resize(1100, 400)
    widget.show()
    return widget


def _lines(view: AccountsView) -> dict[str, str]:
    model = view.model
    return {
        str(model.index(r, AccountColumn.NAME).data()): str(model.index(r, AccountColumn.PUBLISHERS).data())
        for r in range(model.rowCount())
    }


def test_a_team_workspace_shows_which_laptops_can_publish_for_each_account(
    qtbot: QtBot,
    services: Services,
    alice: Store,
    bob: Store,
    hub: str,  # noqa: F811
) -> None:
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    join_team(bob, KEYRING, hub, "bob")
    bob_masto = bob.accounts.by_name("it-masto").id
    assert bob_masto != alice.accounts.by_name("it-masto").id
    set_secret(bob_masto, "test-token")  # only bob's laptop holds the Mastodon token
    try:
        sync_round(bob, KEYRING)
        sync_round(alice, KEYRING)
    finally:
        delete_secret(bob_masto)
    with alice.db.write() as conn:  # the hub moves out of reach: the view must not need it
        conn.execute("UPDATE team_link SET hub = 'host=127.0.0.1 port=1 dbname=gone user=studio'")

    view = _view(qtbot, services, alice)

    assert not view.table.isColumnHidden(AccountColumn.PUBLISHERS)
    assert _lines(view) == {
        "it-insta": "Can publish from: alice's laptop, bob's laptop",
        "it-masto": "Can publish from: bob's laptop",
        "it-sky": "No laptop holds this account's key: nothing will be sent",
        "old-archive": "Not shared with the team yet: the next sync says who can publish",
    }
    sky = next(r for r in range(view.model.rowCount()) if view.model.account(r).name == "it-sky")
    shown = view.table.visualRect(view.model.index(sky, AccountColumn.PUBLISHERS))
    assert shown.width() > 0
    assert view.table.viewport().rect().intersects(shown)  # on screen, not scrolled away
    assert view.grab().save(str(Path(services.workspace).parent / "accounts-publishers.png"))  # to look at


def test_the_line_follows_the_last_sync_when_the_view_is_shown_again(
    qtbot: QtBot,
    services: Services,
    alice: Store,
    bob: Store,
    hub: str,  # noqa: F811
) -> None:
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    join_team(bob, KEYRING, hub, "bob")
    view = _view(qtbot, services, alice)
    assert _lines(view)["it-masto"] == "No laptop holds this account's key: nothing will be sent"
    view.hide()
    bob_masto = bob.accounts.by_name("it-masto").id
    set_secret(bob_masto, "test-token")
    try:
        sync_round(bob, KEYRING)
        sync_round(alice, KEYRING)  # the app's background round does this
    finally:
        delete_secret(bob_masto)
    view.show()
    assert _lines(view)["it-masto"] == "Can publish from: bob's laptop"


def test_a_solo_workspace_shows_no_publishing_column(qtbot: QtBot, services: Services, alice: Store) -> None:
    view = _view(qtbot, services, alice)

    assert view.table.isColumnHidden(AccountColumn.PUBLISHERS)
    assert set(_lines(view).values()) == {""}
