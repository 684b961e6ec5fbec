"""The background publisher against a real workspace, the real keyring and the loopback Mastodon server."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.autopublish import RunGate, RunSummary, publish_due
from studio.gui.messages import Level, MessageBridge
from studio.gui.online import OnlineMonitor
from studio.gui.publisher import BackgroundPublisher
from studio.gui.workers import Workers
from studio.online import account_hosts
from studio.publish.lock import PublishLock
from studio.secrets import CredentialStore
from studio.store import Account, DeliveryState, NewAccount, NewPost, PostStatus, Store, open_store
from tests.keyring_helpers import KEYRING, delete_secret, set_secret
from tests.servers.mastodon_server import Fault, MastodonServer

TOKEN = "gui-publisher-token-5f2c9a"  # a credential that must never show up in a log or a message


@pytest.fixture
def mastodon() -> Iterator[MastodonServer]:
    with MastodonServer(token=TOKEN) as server:
        yield server


@pytest.fixture
def store(studio_home: Path) -> Iterator[Store]:
    with open_store(studio_home) as opened:
        yield opened


@pytest.fixture
def messages() -> MessageBridge:
    return MessageBridge()


@pytest.fixture
def publisher(
    qapp: QApplication, studio_home: Path, messages: MessageBridge
) -> Iterator[BackgroundPublisher]:
    """A publisher that has not started; at teardown it must stop with no thread left running."""
    background = BackgroundPublisher(studio_home, messages, KEYRING)
    yield background
    assert background.stop(10_000)
    qapp.processEvents()  # the last run's outcome reaches the UI thread
    assert background.workers.pool.activeThreadCount() == 0
    assert not background.active


@pytest.fixture
def secret_ids() -> Iterator[list[int]]:
    ids: list[int] = []
    yield ids
    for account_id in ids:
        delete_secret(account_id)


def _account(store: Store, url: str, secret_ids: list[int], name: str = "it-masto") -> Account:
    account = store.accounts.add(NewAccount("mastodon", name, instance_url=url))
    set_secret(account.id, TOKEN)
    secret_ids.append(account.id)
    return account


def _post(store: Store, account: Account, text: str) -> int:
    return store.posts.create(NewPost(text, (account.id,), {"mastodon": (text,)}), PostStatus.SCHEDULED).id


def _state(store: Store, post_id: int) -> DeliveryState:
    [delivery] = store.posts.get(post_id).deliveries
    return delivery.state


def _no_secret_anywhere(caplog: pytest.LogCaptureFixture, messages: MessageBridge) -> None:
    assert TOKEN not in caplog.text
    assert all(TOKEN not in f"{m.text} {m.fix}" for m in messages.history)


def test_a_due_post_goes_out_on_a_worker_thread_and_the_user_is_told(
    qtbot: QtBot,
    studio_home: Path,
    store: Store,
    mastodon: MastodonServer,
    messages: MessageBridge,
    secret_ids: list[int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    account = _account(store, mastodon.url, secret_ids)
    post = _post(store, account, "Printers on floor 2 are back")
    threads: list[int] = []

    def run(workspace: Path, credentials: CredentialStore, **kwargs: object) -> RunSummary:
        threads.append(threading.get_ident())
        return publish_due(workspace, credentials, **kwargs)  # type: ignore[arg-type]

    background = BackgroundPublisher(studio_home, messages, KEYRING, run=run)
    with qtbot.waitSignal(background.run_finished, timeout=15_000) as finished:
        background.start()
    assert background.stop(10_000)

    summary = finished.args[0]
    assert isinstance(summary, RunSummary)
    assert [s.text for s in mastodon.statuses()] == ["Printers on floor 2 are back"]
    assert _state(store, post) is DeliveryState.SENT
    assert threads
    assert threads[0] != threading.get_ident()
    [(_, url)] = summary.sent
    assert messages.history[-1].level is Level.INFO
    assert messages.history[-1].text == f"Published: {url}"
    _no_secret_anywhere(caplog, messages)


def test_a_refused_token_is_reported_with_its_message_and_the_account_needs_reconnecting(
    qtbot: QtBot,
    store: Store,
    mastodon: MastodonServer,
    publisher: BackgroundPublisher,
    messages: MessageBridge,
    secret_ids: list[int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    account = _account(store, mastodon.url, secret_ids)
    post = _post(store, account, "Wi-Fi maintenance tonight")
    mastodon.revoke(TOKEN)

    with qtbot.waitSignal(publisher.run_finished, timeout=15_000) as finished:
        publisher.poke()

    summary = finished.args[0]
    assert summary.reconnect == ("it-masto",)
    assert _state(store, post) is DeliveryState.FAILED
    assert store.accounts.get(account.id).needs_reconnect
    errors = [m for m in messages.history if m.level is Level.ERROR]
    why = summary.failed[0][1]
    assert errors[0].text == f"A post could not be published: {why}"
    assert "no longer accepts Studio's access token" in why
    assert errors[-1].text == "it-masto needs reconnecting: the network refused the sign-in"
    assert "Reconnect" in errors[-1].fix
    _no_secret_anywhere(caplog, messages)


def test_a_server_error_is_retried_later_and_said_quietly(
    qtbot: QtBot,
    store: Store,
    mastodon: MastodonServer,
    publisher: BackgroundPublisher,
    messages: MessageBridge,
    secret_ids: list[int],
) -> None:
    post = _post(store, _account(store, mastodon.url, secret_ids), "Exam portal note")
    mastodon.fail_next(Fault("500"))
    with qtbot.waitSignal(publisher.run_finished, timeout=15_000) as finished:
        publisher.poke()
    assert finished.args[0].retrying
    assert _state(store, post) is DeliveryState.RETRYING
    assert messages.history[-1].level is Level.INFO
    assert messages.history[-1].text.startswith("Will try again later:")
    assert "HTTP 500" in messages.history[-1].text


def test_while_cron_holds_the_lock_the_app_sends_nothing_then_sends_when_poked(
    qtbot: QtBot,
    studio_home: Path,
    store: Store,
    mastodon: MastodonServer,
    publisher: BackgroundPublisher,
    secret_ids: list[int],
) -> None:
    post = _post(store, _account(store, mastodon.url, secret_ids), "Library opening hours")
    cron = PublishLock(studio_home)
    assert cron.acquire()
    try:
        with qtbot.waitSignal(publisher.run_finished, timeout=15_000) as finished:
            publisher.poke()
        assert finished.args[0].busy
        assert mastodon.statuses() == []
        assert _state(store, post) is DeliveryState.QUEUED
    finally:
        cron.release()
    with qtbot.waitSignal(publisher.run_finished, timeout=15_000) as finished:
        publisher.poke()  # "publish now" from the queue
    assert len(finished.args[0].sent) == 1
    assert _state(store, post) is DeliveryState.SENT


def test_pokes_during_a_run_are_answered_by_exactly_one_more_run(
    qtbot: QtBot,
    store: Store,
    mastodon: MastodonServer,
    publisher: BackgroundPublisher,
    secret_ids: list[int],
) -> None:
    _post(store, _account(store, mastodon.url, secret_ids), "First")
    mastodon.state.latency = 0.3  # the first run is still on its way when the pokes come
    started: list[int] = []
    publisher.run_started.connect(lambda: started.append(1))
    publisher.poke()
    assert publisher.busy
    publisher.poke()
    publisher.poke()
    qtbot.waitUntil(lambda: len(started) == 2 and not publisher.busy, timeout=15_000)
    assert len(started) == 2
    assert len(mastodon.statuses()) == 1  # and nothing went out twice


def test_stop_finishes_the_delivery_being_sent_and_leaves_nothing_claimed(
    qtbot: QtBot,
    qapp: QApplication,
    store: Store,
    mastodon: MastodonServer,
    publisher: BackgroundPublisher,
    secret_ids: list[int],
) -> None:
    account = _account(store, mastodon.url, secret_ids)
    posts = [_post(store, account, f"Update {n}") for n in range(3)]
    mastodon.state.latency = 0.4
    publisher.start()
    qtbot.waitUntil(lambda: any(m == "POST" for m, _, _ in mastodon.requests()), timeout=10_000)

    assert publisher.stop(20_000)

    assert publisher.workers.pool.activeThreadCount() == 0
    states = [_state(store, p) for p in posts]
    assert states[0] is DeliveryState.SENT  # the one on its way was finished
    assert DeliveryState.SENDING not in states  # and nothing else was claimed
    assert states.count(DeliveryState.QUEUED) >= 1
    qapp.processEvents()  # the stopped run's outcome arrives: it starts nothing more
    started: list[int] = []
    publisher.run_started.connect(lambda: started.append(1))
    publisher.poke()  # ignored once stopped
    assert started == []
    assert not publisher.busy


def test_the_network_coming_back_publishes_what_waited(
    qtbot: QtBot,
    store: Store,
    publisher: BackgroundPublisher,
    secret_ids: list[int],
) -> None:
    with socket.socket() as probe:  # a free port with nothing listening: the server is "unreachable"
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    account = _account(store, f"http://127.0.0.1:{port}", secret_ids)
    post = _post(store, account, "Back online")
    monitor = OnlineMonitor(Workers(), lambda: account_hosts(store.accounts.list()), timeout=2.0)
    monitor.came_online.connect(publisher.poke)

    with qtbot.waitSignal(monitor.checked, timeout=10_000) as first:
        monitor.check_now()
    assert not first.args[0].online
    assert "refused" in first.args[0].detail

    with MastodonServer(token=TOKEN, port=port) as server:
        with (
            qtbot.waitSignal(monitor.came_online, timeout=10_000),
            qtbot.waitSignal(publisher.run_finished, timeout=15_000),
        ):
            monitor.check_now()
        assert monitor.online
        assert [s.text for s in server.statuses()] == ["Back online"]
    assert _state(store, post) is DeliveryState.SENT


def test_the_gate_never_runs_twice_at_once_and_loses_no_request() -> None:
    gate = RunGate()
    assert gate.request()
    assert not gate.request()  # during the run: kept
    assert not gate.request()
    assert gate.done()  # one more run for both requests
    assert not gate.done()
    assert not gate.running
    assert gate.request()


def test_a_handoff_post_is_written_to_its_folder_and_waits_for_the_person(
    qtbot: QtBot, store: Store, publisher: BackgroundPublisher, messages: MessageBridge
) -> None:
    account = store.accounts.add(NewAccount("threads", "campus-threads"))
    text = "Library hours change next week"
    post = store.posts.create(NewPost(text, (account.id,), {"threads": (text,)}), PostStatus.SCHEDULED).id
    with qtbot.waitSignal(publisher.run_finished, timeout=15_000) as finished:
        publisher.poke()
    [(_, folder)] = finished.args[0].handed_off
    assert Path(folder).is_dir()
    assert _state(store, post) is DeliveryState.HANDED_OFF
    # Without a notifier (studio.gui.notify), the publisher's own message: news, with the folder's button.
    told = messages.history[-1]
    assert told.level is Level.INFO
    assert told.text == f"Ready to post by hand: the folder {Path(folder).name}"
    assert told.action is not None
    assert told.action[0] == "Open folder"
