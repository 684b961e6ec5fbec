"""The app's background metrics pull with pytest-qt: the real pull in its worker thread against the loopback
Mastodon-API server; an account that cannot be read is told once, and the app never waits for a window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.archive.background import MetricsPuller
from studio.store import Account, NewAccount, Store
from studio.store.times import now_utc
from tests.keyring_helpers import KEYRING, delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer
from tests.unit.listen.sent import publish


@pytest.fixture
def server() -> Iterator[MastodonServer]:
    with MastodonServer() as running:
        running.add_token("kim-token", "kim")
        yield running


@pytest.fixture
def store(services: Services) -> Store:
    assert services.store is not None
    return services.store


@pytest.fixture
def masto(store: Store, server: MastodonServer) -> Iterator[Account]:
    account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=server.url))
    set_secret(account.id, "test-token")
    yield account
    delete_secret(account.id)


def _status(server: MastodonServer, text: str) -> str:
    made = httpx.post(
        f"{server.url}/api/v1/statuses", data={"status": text}, headers={"Authorization": "Bearer test-token"}
    )
    return str(made.json()["id"])


def test_a_due_post_is_measured_in_the_background(
    qtbot: QtBot, services: Services, store: Store, masto: Account, server: MastodonServer
) -> None:
    status = _status(server, "The VPN is back")
    httpx.post(
        f"{server.url}/api/v1/statuses/{status}/favourite", headers={"Authorization": "Bearer kim-token"}
    )
    [d] = publish(
        store, (masto.id,), "The VPN is back", sent_at=now_utc() - timedelta(hours=2), remote=status
    )
    puller = MetricsPuller(store.workspace, KEYRING, services.messages)
    with qtbot.waitSignal(puller.finished, timeout=20_000) as done:
        puller.start()
    assert done.args is not None
    assert done.args[0].recorded == 1
    assert store.metrics.latest([d.id])[d.id].likes == 1
    assert [k for k, _ in store.metrics.history(d.id)] == ["auto-1h"]
    assert puller.stop()


def test_an_account_without_a_credential_is_told_once(
    qtbot: QtBot, services: Services, store: Store, server: MastodonServer
) -> None:
    account = store.accounts.add(NewAccount("mastodon", "no-token", instance_url=server.url))
    publish(store, (account.id,), "Printing is down", sent_at=now_utc() - timedelta(hours=2), remote="1")
    puller = MetricsPuller(store.workspace, KEYRING, services.messages)
    for _ in range(2):
        with qtbot.waitSignal(puller.finished, timeout=20_000):
            puller.poke()
    told = [m.text for m in services.messages.history if "no-token" in m.text]
    assert len(told) == 1
    assert told[0].startswith("Could not read the numbers of no-token: ")
    assert "the OS keyring has no credential for it" in told[0]
    assert puller.stop()
