"""The status bar over a real workspace: online/offline, what is due next, the last error and its click."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.autopublish import RunSummary
from studio.gui.app import Services, build_window
from studio.gui.mainwindow import MainWindow
from studio.gui.statusbar import StatusPanel, describe_due
from studio.online import Reachability, check_online
from studio.store import Account, NewAccount, NewPost, PostStatus, Store
from studio.store.status import last_error
from studio.store.times import now_utc


def _store(services: Services) -> Store:
    assert services.store is not None
    return services.store


def _window(qtbot: QtBot, services: Services) -> tuple[MainWindow, StatusPanel]:
    win = build_window(services)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    panel = win.findChild(StatusPanel)
    assert isinstance(panel, StatusPanel)
    assert panel.isVisible()
    return win, panel


def _account(store: Store, name: str = "IT News") -> Account:
    return store.accounts.add(NewAccount("mastodon", name, instance_url="https://social.example"))


def _schedule(store: Store, account: Account, text: str, at: datetime) -> int:
    return store.posts.create(NewPost(text, (account.id,), {}, at), PostStatus.SCHEDULED).id


def test_due_times_read_as_a_person_says_them() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # a Tuesday
    assert describe_due(now - timedelta(minutes=5), now, UTC) == "now"
    assert describe_due(now + timedelta(minutes=12), now, UTC) == "in 12 min"
    assert describe_due(now + timedelta(seconds=20), now, UTC) == "in 1 min"
    assert describe_due(now + timedelta(hours=5, minutes=30), now, UTC) == "today 14:30"
    assert describe_due(now + timedelta(days=1), now, UTC) == "tomorrow 09:00"
    assert describe_due(now + timedelta(days=3, hours=1), now, UTC) == "Fri 4 Dec 10:00"


def test_an_empty_workspace_says_nothing_is_scheduled_and_shows_no_error(
    qtbot: QtBot, services: Services
) -> None:
    _, panel = _window(qtbot, services)
    assert panel.next_label.text() == "Nothing scheduled"
    assert not panel.error_button.isVisible()
    assert panel.online_text == "Checking network…"  # nothing checked yet: no guess


def test_scheduled_posts_without_an_account_are_not_called_nothing(qtbot: QtBot, services: Services) -> None:
    store = _store(services)
    store.posts.create(NewPost("No account yet", (), {}, now_utc() + timedelta(days=1)), PostStatus.SCHEDULED)
    _, panel = _window(qtbot, services)
    assert panel.next is None
    assert panel.next_label.text() == "1 scheduled, no account to post to"
    assert "Accounts view" in panel.next_label.toolTip()
    _schedule(store, _account(store), "Has an account", now_utc() + timedelta(days=2))
    panel.refresh()
    assert panel.next_label.text().startswith("Next: ")


def test_the_next_due_post_is_shown_and_follows_the_queue(qtbot: QtBot, services: Services) -> None:
    store = _store(services)
    account = _account(store)
    later = _schedule(store, account, "Later post", now_utc() + timedelta(days=2))
    _, panel = _window(qtbot, services)
    assert panel.next is not None
    assert panel.next.post_id == later

    soon = _schedule(
        store, account, "Tech Tip Tuesday:   lock your screen with Win+L", now_utc() + timedelta(minutes=30)
    )
    store.posts.create(
        NewPost("A draft", (account.id,), {}, now_utc()), PostStatus.DRAFT
    )  # drafts never go out
    panel.refresh()

    assert panel.next is not None
    assert panel.next.post_id == soon
    assert panel.next_label.text() in ("Next: in 30 min · IT News", "Next: in 29 min · IT News")
    assert "Tech Tip Tuesday: lock your screen with Win+L" in panel.next_label.toolTip()


def test_the_last_error_shows_and_a_click_opens_the_queue(qtbot: QtBot, services: Services) -> None:
    store = _store(services)
    account = _account(store)
    post = _schedule(store, account, "Outage update", now_utc() - timedelta(minutes=1))
    [claimed] = store.deliveries.claim_due(now_utc(), limit=1, claimer="test")
    store.deliveries.mark_final_failure(claimed, "social.example rejected the post: Text is too long")
    win, panel = _window(qtbot, services)
    win.show_view("compose")

    assert panel.error_button.isVisible()
    assert panel.error_button.text() == "Failed: IT News: social.example rejected the post: Text is too long"
    assert panel.error is not None
    assert panel.error.post_id == post
    assert "Last publishing error" in panel.error_button.accessibleName()
    qtbot.mouseClick(panel.error_button, Qt.MouseButton.LeftButton)
    assert win.current_view == "queue"

    store.deliveries.cancel(claimed.id)  # dealt with: the error goes away
    panel.refresh()
    assert not panel.error_button.isVisible()
    assert last_error(store) is None


def test_a_publisher_run_refreshes_the_bar(qtbot: QtBot, services: Services) -> None:
    store = _store(services)
    account = _account(store)
    _, panel = _window(qtbot, services)
    assert panel.next is None
    _schedule(store, account, "Scheduled meanwhile", now_utc() + timedelta(hours=3))
    assert services.publisher is not None
    services.publisher.run_finished.emit(RunSummary())  # what a finished background run announces
    assert panel.next is not None
    assert panel.next == store.schedule.next_due()


def test_online_and_offline_come_from_a_real_check(qtbot: QtBot, services: Services) -> None:
    _, panel = _window(qtbot, services)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        answer = check_online([("127.0.0.1", port)])
    assert answer.online
    panel.show_reachability(answer)
    assert panel.online_text == "Online"
    assert f"127.0.0.1:{port}" in panel.online_label.toolTip()

    gone = check_online([("127.0.0.1", port)], timeout=1.0)  # the listener is closed now
    assert not gone.online
    panel.show_reachability(gone)
    assert panel.online_text == "Offline"
    assert "refused" in panel.online_label.toolTip()


def test_the_apps_monitor_feeds_the_bar(qtbot: QtBot, services: Services) -> None:
    _, panel = _window(qtbot, services)
    with qtbot.waitSignal(services.online.checked, timeout=5000) as checked:
        services.online.check_now()  # no accounts: no server to reach, so never "Online"
    answer = checked.args[0]
    assert isinstance(answer, Reachability)
    assert not answer.online
    assert panel.online_text == "No server to reach"
    assert "no account posts to a server directly" in panel.online_label.toolTip()
