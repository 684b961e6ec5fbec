"""The app on a team laptop against a real PostgreSQL hub: the sync indicator, background rounds, offline,
the publisher's calm status, and conflict copies tagged in Drafts and the queue."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.gui.app import Services, build_services, build_window
from studio.gui.drafts import DraftsView
from studio.gui.drafts.model import DraftColumn, DraftRole
from studio.gui.lazy import LazyView
from studio.gui.mainwindow import MainWindow
from studio.gui.messages import Level
from studio.gui.publisher import HUB_DOWN
from studio.gui.queue import QueueView
from studio.gui.queue.model import QueueColumn
from studio.gui.statusbar import StatusPanel
from studio.store import NewAccount, NewPost, PostStatus, Store, open_store
from studio.team import create_team, join_team, parse_hub, sync_round
from tests.integration.team.helpers import post_id, uid_of
from tests.keyring_helpers import KEYRING

Laptop = Callable[[str], Store]
LATER = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
GONE = "host=127.0.0.1 port=1 dbname=gone user=studio"
WAIT_MS = 20_000


@pytest.fixture
def alice_app(
    qapp: QApplication, qtbot: QtBot, make_services: list[Services], studio_home: Path, hub: str
) -> Iterator[tuple[Services, MainWindow]]:
    """alice's laptop: the app's workspace made the team's first copy, the app open on it (not started)."""
    with open_store(studio_home) as store:
        store.posts.create(NewPost("Printers are back on every floor"))
        store.posts.create(NewPost("Welcome to the new service desk"))  # the newest: Compose opens it
        create_team(store, KEYRING, hub, "IT comms", "alice")
    services = build_services(qapp, synchronous=True)
    make_services.append(services)
    assert services.team is not None  # a team workspace: the background sync is built
    window = build_window(services)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    yield services, window
    services.team.stop()
    if services.publisher is not None:
        services.publisher.stop()
    if services.live is not None:
        services.live.stop()


def _team_text(window: MainWindow) -> str:
    panel = window.findChild(StatusPanel)
    assert panel is not None
    return panel.team_button.text() if panel.team_button.isVisible() else ""


def _view(window: MainWindow, view_id: str) -> object:
    window.show_view(view_id)
    page = window.view_widget(view_id)
    return page.view if isinstance(page, LazyView) else page


def test_a_solo_workspace_builds_no_team_sync(qapp: QApplication, make_services: list[Services]) -> None:
    services = build_services(qapp, synchronous=True)
    make_services.append(services)
    assert services.store is not None
    assert services.team is None


def test_the_indicator_says_synced_against_a_real_hub(
    qtbot: QtBot, alice_app: tuple[Services, MainWindow]
) -> None:
    services, window = alice_app
    assert services.team is not None
    services.team.start()
    qtbot.waitUntil(lambda: _team_text(window).startswith("Synced"), timeout=WAIT_MS)
    assert services.team.state.waiting == 0
    assert _team_text(window) == "Synced just now"
    rounds = services.team.rounds
    panel = window.findChild(StatusPanel)
    assert panel is not None
    qtbot.mouseClick(panel.team_button, Qt.MouseButton.LeftButton)  # "sync now"
    assert _team_text(window) == "Syncing…"
    qtbot.waitUntil(lambda: services.team is not None and services.team.rounds > rounds, timeout=WAIT_MS)
    assert _team_text(window) == "Synced just now"


def test_a_post_scheduled_on_another_laptop_appears_in_the_queue_without_a_click(
    qtbot: QtBot, alice_app: tuple[Services, MainWindow], laptop: Laptop, hub: str
) -> None:
    services, window = alice_app
    assert services.team is not None
    queue = _view(window, "queue")
    assert isinstance(queue, QueueView)
    queue.show_table()  # the list of everything queued (the calendar shows this week)
    bob = laptop("bob")
    join_team(bob, KEYRING, hub, "bob")
    masto = bob.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
    bob.posts.create(
        NewPost("Tuesday tip: lock your screen", (masto.id,), scheduled_at=LATER), PostStatus.SCHEDULED
    )
    sync_round(bob, KEYRING)

    services.team.start()  # the background rounds; nobody clicks anything

    def shown() -> list[str]:
        model = queue.model
        return [model.index(r, QueueColumn.TEXT).data() for r in range(model.rowCount())]

    qtbot.waitUntil(lambda: "Tuesday tip: lock your screen" in shown(), timeout=WAIT_MS)
    row = shown().index("Tuesday tip: lock your screen")
    tip = queue.model.index(row, QueueColumn.TEXT).data(3)  # ToolTipRole
    assert "Written by bob · not approved yet" in tip


def test_offline_the_indicator_counts_what_waits_and_the_publisher_is_calm(
    qtbot: QtBot, alice_app: tuple[Services, MainWindow]
) -> None:
    services, window = alice_app
    assert services.team is not None
    assert services.store is not None
    assert services.publisher is not None
    with services.store.db.write() as conn:
        conn.execute("UPDATE team_link SET hub = ?", (GONE,))
    services.store.posts.create(NewPost("Wi-Fi maintenance tonight"))
    draft = services.store.posts.create(NewPost("Exam week: print early"))
    services.store.posts.delete_draft(draft.id)  # never in the hub: nothing of it waits

    services.team.start()
    qtbot.waitUntil(lambda: _team_text(window).startswith("Offline"), timeout=WAIT_MS)
    assert _team_text(window) == "Offline: 1 change waiting"
    panel = window.findChild(StatusPanel)
    assert panel is not None
    assert "team hub studio@127.0.0.1:1/gone: cannot be reached" in panel.team_button.toolTip()

    services.publisher.start()
    qtbot.waitUntil(lambda: window.status_label.text() == HUB_DOWN, timeout=WAIT_MS)
    assert not [m for m in services.messages.history if m.level is Level.ERROR]
    assert not window.message_bar.isVisible()


def test_a_conflict_copy_from_another_member_is_tagged_and_told_once(
    qtbot: QtBot, alice_app: tuple[Services, MainWindow], laptop: Laptop, hub: str
) -> None:
    services, window = alice_app
    assert services.team is not None
    assert services.store is not None
    bob = laptop("bob")
    join_team(bob, KEYRING, hub, "bob")
    store = services.store
    printers = next(p for p in store.posts.drafts() if p.body.startswith("Printers"))
    uid = uid_of(store, printers.id)
    # Both change one post while apart; alice's round reaches the hub first: bob's version is the copy.
    store.posts.save_draft(printers.id, "Printers are back on floors 1 to 3")
    bob.posts.save_draft(post_id(bob, uid), "Printers are back, except the library's")
    services.team.start()
    qtbot.waitUntil(lambda: services.team is not None and services.team.rounds >= 1, timeout=WAIT_MS)
    assert sync_round(bob, KEYRING).conflicts == 1

    drafts = _view(window, "drafts")
    assert isinstance(drafts, DraftsView)

    def tags() -> list[str]:
        model = drafts.model
        return [model.index(r, 0).data(DraftRole.CONFLICT_TAG) for r in range(model.rowCount())]

    services.team.sync_now()
    qtbot.waitUntil(lambda: "Conflict copy from bob" in tags(), timeout=WAIT_MS)
    row = tags().index("Conflict copy from bob")
    text = drafts.model.index(row, DraftColumn.TEXT).data()
    assert text == "Conflict copy from bob · Printers are back, except the library's"
    told = [m for m in services.messages.history if "bob changed this post too" in m.text]
    assert [m.text for m in told] == ["1 conflict copy: bob changed this post too"]
    rounds = services.team.rounds
    services.team.sync_now()
    qtbot.waitUntil(lambda: services.team is not None and services.team.rounds > rounds, timeout=WAIT_MS)
    assert len([m for m in services.messages.history if "bob changed" in m.text]) == 1  # once


def test_a_change_here_goes_up_soon_not_at_the_next_tick(
    qtbot: QtBot, alice_app: tuple[Services, MainWindow], laptop: Laptop, hub: str
) -> None:
    services, window = alice_app
    assert services.team is not None
    assert services.store is not None
    started = time.monotonic()
    services.team.start()  # a round now, the next one by the timer only after 10 s
    qtbot.waitUntil(lambda: _team_text(window).startswith("Synced"), timeout=WAIT_MS)
    rounds = services.team.rounds
    qtbot.wait(1600)  # the round's own writes ask for no round
    services.store.posts.create(NewPost("The lab is closed on Friday"))
    qtbot.waitUntil(lambda: services.team is not None and services.team.rounds > rounds, timeout=WAIT_MS)
    assert time.monotonic() - started < 9.5  # the change's round, not the timer's
    assert services.team.state.waiting == 0
    bob = laptop("bob")
    join_team(bob, KEYRING, hub, "bob")
    assert "The lab is closed on Friday" in [p.body for p in bob.posts.drafts()]


def test_a_hub_that_refuses_the_sign_in_is_named_as_such(
    qtbot: QtBot, alice_app: tuple[Services, MainWindow], hub: str
) -> None:
    services, window = alice_app
    assert services.team is not None
    KEYRING.delete(parse_hub(hub)[0].key)  # this laptop lost the hub's password
    services.team.start()
    qtbot.waitUntil(lambda: _team_text(window) == "Team hub refused the sign-in", timeout=WAIT_MS)
    panel = window.findChild(StatusPanel)
    assert panel is not None
    assert "refused the sign-in" in panel.team_button.toolTip()
    assert services.team.state.refused


def test_a_refused_kit_is_a_warning_told_once_however_many_rounds(
    qtbot: QtBot, alice_app: tuple[Services, MainWindow], tmp_path: Path
) -> None:
    from studio.workflows.kits import new_kit, use_kit

    services, _window = alice_app
    assert services.team is not None
    assert services.store is not None
    new_kit(services.store, "ours")
    use_kit(services.store, "ours")
    (tmp_path / "secret.txt").write_text("not the team's", encoding="utf-8")
    (services.store.workspace / "kits" / "ours" / "notes.txt").symlink_to(tmp_path / "secret.txt")
    services.team.start()
    qtbot.waitUntil(lambda: services.team is not None and services.team.rounds >= 1, timeout=WAIT_MS)
    services.team.sync_now()
    qtbot.waitUntil(lambda: services.team is not None and services.team.rounds >= 2, timeout=WAIT_MS)
    told = [m for m in services.messages.history if "is a symbolic link" in m.text]
    assert len(told) == 1
    assert told[0].level is Level.WARNING
    assert "notes.txt" in told[0].text
