"""Honest status: "Online" only after a real connection to an account's server succeeded, "Offline" within
5 s of losing it, and a server that did not answer is named. Real sockets on loopback, the app's own
OnlineMonitor (its intervals as the app runs it) and the real window's status bar."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from studio.gui.app import Services, build_window
from studio.gui.statusbar import StatusPanel
from studio.store import NewAccount, Store
from tests.servers.mastodon_server import MastodonServer


def _store(services: Services) -> Store:
    assert services.store is not None
    return services.store


@pytest.fixture
def panel(qtbot: QtBot, services: Services) -> Iterator[StatusPanel]:
    """The real window's status bar; the app's online monitor runs while the test does, then stops."""
    win = build_window(services)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    found = win.findChild(StatusPanel)
    assert isinstance(found, StatusPanel)
    services.online.start()
    try:
        yield found
    finally:
        services.online.stop()


@pytest.fixture
def dead_port() -> Iterator[int]:
    """A loopback port that is bound but not listening: every connection to it is refused."""
    with socket.socket() as bound:
        bound.bind(("127.0.0.1", 0))
        yield int(bound.getsockname()[1])


def test_a_server_that_stops_answering_reads_offline_within_5_s(
    qtbot: QtBot, services: Services, panel: StatusPanel
) -> None:
    server = MastodonServer().start()
    try:
        _store(services).accounts.add(NewAccount("mastodon", "it-masto", instance_url=server.url))
        qtbot.waitUntil(lambda: panel.online_text == "Online", timeout=5000)  # the account was seen, reached
        assert server.url.removeprefix("http://") in panel.online_label.toolTip()
    finally:
        server.stop()
    stopped = time.monotonic()
    qtbot.waitUntil(lambda: panel.online_text == "Offline", timeout=5000)
    assert time.monotonic() - stopped < 5
    assert "could not reach 127.0.0.1" in panel.online_label.toolTip()


def test_an_account_on_a_port_nobody_answers_is_never_online(
    qtbot: QtBot, services: Services, panel: StatusPanel, dead_port: int
) -> None:
    words: list[str] = []
    services.online.checked.connect(lambda _answer: words.append(panel.online_text))
    _store(services).accounts.add(NewAccount("mastodon", "uni", instance_url=f"http://127.0.0.1:{dead_port}"))
    qtbot.waitUntil(lambda: len(words) >= 3, timeout=6000)  # several checks (sooner while offline)
    assert set(words) == {"Offline"}, words
    assert (
        f"could not reach 127.0.0.1:{dead_port}: the connection was refused" in panel.online_label.toolTip()
    )


def test_one_server_not_answering_is_named_and_the_state_is_not_online(
    qtbot: QtBot, services: Services, panel: StatusPanel, dead_port: int
) -> None:
    with MastodonServer() as server:
        store = _store(services)
        store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=server.url))
        store.accounts.add(NewAccount("mastodon", "uni", instance_url=f"http://localhost:{dead_port}"))
        qtbot.waitUntil(lambda: panel.online_text == "Could not reach localhost", timeout=5000)
        assert panel.online_text != "Online"
        assert f"could not reach localhost:{dead_port}" in panel.online_label.toolTip()


def test_without_accounts_nothing_claims_to_be_online(qtbot: QtBot, panel: StatusPanel) -> None:
    qtbot.waitUntil(lambda: panel.online_text == "No server to reach", timeout=3000)
    assert "no account posts to a server directly" in panel.online_label.toolTip()
