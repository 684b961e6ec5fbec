"""The Inbox view on a real workspace: newest first, masked until Show, filters, done with Undo, replies
queued or refused with every reason, and the sidebar's unread number following the store, whoever changes it.
"Check now" runs the real `sync_inbox` against the loopback Mastodon-API server with the real keyring."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.gui.app import Services, build_window
from studio.gui.inbox.background import InboxFetcher
from studio.gui.inbox.model import InboxRole
from studio.gui.inbox.page import InboxPage
from studio.gui.inbox.view import InboxView
from studio.gui.mainwindow import MainWindow
from studio.gui.workers import Workers
from studio.listen.model import Mention
from studio.store import Account, NewAccount, Store, open_store
from studio.store.times import to_db
from tests.keyring_helpers import delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer
from tests.servers.mastodon_state import Fault

_NOW = datetime.now(UTC).replace(microsecond=0)
SUPPORT = "@it what's your password policy? I can't log in, my student ID is 20231234"


def _store(services: Services) -> Store:
    assert services.store is not None
    return services.store


def _mention(
    remote: str, text: str, minutes_ago: int, kind: str = "mention", handle: str = "@kim@uni.social"
) -> Mention:
    return Mention(
        "mastodon", kind, remote, f"https://uni.social/@kim/{remote}", handle, "Kim", text,  # type: ignore[arg-type]
        _NOW - timedelta(minutes=minutes_ago),
    )  # fmt: skip


def _fill(store: Store) -> Account:
    """A Mastodon account with a support question (newest), a thank-you and a quote (oldest)."""
    account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://uni.social"))
    store.inbox.add(account.id, _mention("3", "thanks for the heads-up!", 30), support=False, findings=[])
    store.inbox.add(account.id, _mention("1", SUPPORT, 2), support=True, findings=["student or staff ID"])
    store.inbox.add(account.id, _mention("5", "worth a read", 90, "quote"), support=False, findings=[])
    return account


def _view(qtbot: QtBot, services: Services, fetcher: InboxFetcher | None = None) -> InboxView:
    view = InboxView(_store(services), services.theme, services.messages, fetcher, open_url=lambda _url: None)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    return view


def _ids(view: InboxView) -> list[str]:
    model = view.model
    return [_store_item(view, row).remote_id for row in range(model.rowCount())]


def _store_item(view: InboxView, row: int) -> Any:
    item = view.model.item(row)
    assert item is not None
    return item


def _remote(view: InboxView, remote_id: str) -> int:
    return next(i.id for i in view.model._store.inbox.items(done=True) if i.remote_id == remote_id)


def _window(qtbot: QtBot, services: Services) -> MainWindow:
    win = build_window(services)
    qtbot.addWidget(win)
    with qtbot.waitExposed(win):
        win.show()
    return win


def _sidebar_label(win: MainWindow) -> str:
    return str(win.sidebar_model.index(win.sidebar_model.row_of("inbox")).data())


def test_items_are_listed_newest_first_and_the_empty_inbox_says_what_it_is_for(
    qtbot: QtBot, services: Services, qtmodeltester: Any
) -> None:
    view = _view(qtbot, services)
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "Nothing to answer"
    assert view.empty_check.text() == "Check now"
    assert not view.bar.isVisible()  # no filters over an inbox that never had anything
    _fill(_store(services))
    view.follow_store()
    assert view.pages.currentWidget() is view.splitter
    assert view.bar.isVisible()
    assert _ids(view) == ["1", "3", "5"]
    assert view.subtitle.text() == "3 open items, 3 unread, newest first"
    qtmodeltester.check(view.model)


def test_personal_data_is_masked_until_show_is_clicked(qtbot: QtBot, services: Services) -> None:
    _fill(_store(services))
    view = _view(qtbot, services)
    row = view.model.row_of(_remote(view, "1"))
    assert "20231234" not in view.model.index(row).data(InboxRole.TEXT)
    view.list.setCurrentIndex(view.model.index(row))
    detail = view.detail
    assert "••••••••" in detail.text.text()
    assert "20231234" not in detail.text.text()
    assert detail.badge.isVisible()
    assert detail.badge.text() == "Support: move to the help desk"
    assert "help desk" in detail.reply_box.toPlainText()  # the ready reply, pre-filled
    assert detail.reply_box.toPlainText().startswith("@kim@uni.social ")
    qtbot.mouseClick(detail.show_button, Qt.MouseButton.LeftButton)
    assert "20231234" in detail.text.text()
    assert "20231234" in view.model.index(row).data(InboxRole.TEXT)
    assert detail.show_button.text() == "Hide"
    # another item is not revealed by it, and has no Show button (nothing to hide)
    view.open_item(_remote(view, "3"))
    assert not detail.show_button.isVisible()
    assert not detail.badge.isVisible()
    assert detail.reply_box.toPlainText() == ""


def test_filters_show_unread_support_and_done(qtbot: QtBot, services: Services) -> None:
    store = _store(services)
    _fill(store)
    view = _view(qtbot, services)
    store.inbox.mark_done(_remote(view, "5"))
    view.open_item(_remote(view, "3"))  # opened: read
    qtbot.mouseClick(view.filter_buttons["unread"], Qt.MouseButton.LeftButton)
    assert _ids(view) == ["1", "3"]  # the one on show stays while it is read
    view.list.clearSelection()
    view.set_filter("unread")
    assert _ids(view) == ["1"]
    qtbot.mouseClick(view.filter_buttons["support"], Qt.MouseButton.LeftButton)
    assert _ids(view) == ["1"]
    qtbot.mouseClick(view.filter_buttons["done"], Qt.MouseButton.LeftButton)
    assert _ids(view) == ["5"]
    assert view.subtitle.text() == "1 item done, newest first"
    qtbot.mouseClick(view.filter_buttons["all"], Qt.MouseButton.LeftButton)
    assert _ids(view) == ["1", "3"]


def test_mark_done_leaves_the_open_inbox_and_undo_brings_it_back(qtbot: QtBot, services: Services) -> None:
    _fill(_store(services))
    view = _view(qtbot, services)
    view.open_item(_remote(view, "3"))
    qtbot.mouseClick(view.detail.done_button, Qt.MouseButton.LeftButton)
    assert _ids(view) == ["1", "5"]
    message = services.messages.history[-1]
    assert message.text.startswith("Done: @kim@uni.social")
    assert message.action is not None
    label, undo = message.action
    assert label == "Undo"
    undo()
    assert _ids(view) == ["1", "3", "5"]
    assert _store(services).inbox.get(_remote(view, "3")).done_at is None


def test_a_reply_is_queued_on_the_items_account_and_a_refusal_lists_every_reason(
    qtbot: QtBot, services: Services
) -> None:
    store = _store(services)
    account = _fill(store)
    other = store.accounts.add(NewAccount("mastodon", "other", instance_url="https://elsewhere.social"))
    view = _view(qtbot, services)
    view.open_item(_remote(view, "3"))
    detail = view.detail
    detail.reply_box.setPlainText("x" * 520)
    # "@kim@uni.social " goes first, and Mastodon counts it as "@kim ": 525 of 500
    assert detail.counter.text() == "25 over the limit of 500 for one post"
    detail.reply_box.setPlainText("Your student ID is 20231234, I wrote to kim.lee@gmail.com")
    qtbot.mouseClick(detail.queue_button, Qt.MouseButton.LeftButton)
    assert detail.problems.isVisible()
    problems = detail.problems.text().splitlines()
    assert len(problems) == 2, problems  # every reason, one a line
    assert "student or staff ID" in problems[0]
    assert "E-mail address" in problems[1]
    assert store.inbox.get(_remote(view, "3")).reply_post_id is None
    detail.reply_box.setPlainText("You're welcome!")
    assert detail.counter.text().endswith("characters left on Mastodon")
    qtbot.mouseClick(detail.queue_button, Qt.MouseButton.LeftButton)
    item = store.inbox.get(_remote(view, "3"))
    assert item.reply_post_id is not None
    post = store.posts.get(item.reply_post_id)
    assert post.body == "@kim@uni.social You're welcome!"
    assert [d.account_id for d in post.deliveries] == [account.id] != [other.id]
    assert post.status.value == "scheduled"  # solo mode: it goes out with the queue
    assert not detail.problems.isVisible()
    assert detail.reply_box.toPlainText() == ""
    assert services.messages.history[-1].text == "Reply to @kim@uni.social queued on it-masto"


def test_assigning_to_a_team_member(qtbot: QtBot, services: Services) -> None:
    store = _store(services)
    _fill(store)
    store.reviews.set_person("robin", "reviewer")
    with store.db.write() as conn:  # the team's members as a team sync keeps them on this laptop
        conn.execute(
            "INSERT INTO team_members (name, role, joined_at, laptops) VALUES ('sam', 'author', ?, 1)",
            (to_db(_NOW),),
        )
    view = _view(qtbot, services)
    view.open_item(_remote(view, "1"))
    box = view.detail.assignee
    assert [box.itemText(i) for i in range(box.count())] == ["sam", "robin"]
    view.detail.assignee.setEditText("robin")
    qtbot.mouseClick(view.detail.assign_button, Qt.MouseButton.LeftButton)
    assert store.inbox.get(_remote(view, "1")).assigned_to == "robin"
    assert view.detail.meta.text().endswith(" · assigned to robin")


def test_the_sidebar_number_drops_when_an_item_is_opened_and_follows_another_connection(
    qtbot: QtBot, services: Services
) -> None:
    store = _store(services)
    account = _fill(store)
    win = _window(qtbot, services)
    qtbot.waitUntil(lambda: _sidebar_label(win) == "Inbox  ·  3", timeout=1000)
    qtbot.keyClick(win, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert win.current_view == "inbox"
    page = win.view_widget("inbox")
    assert isinstance(page, InboxPage)
    view = page.view
    assert isinstance(view, InboxView)
    view.list.setCurrentIndex(view.model.index(0))  # as a click does
    assert _sidebar_label(win) == "Inbox  ·  2"
    with open_store(services.workspace) as elsewhere:  # the command line, or a sync in another process
        elsewhere.inbox.add(account.id, _mention("9", "is eduroam down?", 0), support=False, findings=[])
    qtbot.waitUntil(lambda: _sidebar_label(win) == "Inbox  ·  3", timeout=1500)
    qtbot.waitUntil(lambda: _ids(view)[:1] == ["9"], timeout=1500)
    for item in store.inbox.items():
        store.inbox.mark_read(item.id)
    qtbot.waitUntil(lambda: _sidebar_label(win) == "Inbox", timeout=1500)


@pytest.fixture
def server() -> Iterator[MastodonServer]:
    with MastodonServer() as running:
        running.add_token("kim-token", "kim")
        yield running


def test_check_now_fetches_with_progress_and_a_calm_line_for_an_account_offline(
    qtbot: QtBot, services: Services, server: MastodonServer
) -> None:
    store = _store(services)
    online = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=server.url))
    offline = store.accounts.add(NewAccount("mastodon", "it-old", instance_url="http://127.0.0.1:9"))
    set_secret(online.id, "test-token")
    set_secret(offline.id, "test-token")
    try:
        answer = httpx.post(
            server.url + "/api/v1/statuses", json={"status": "@studio " + SUPPORT[4:]},
            headers={"Authorization": "Bearer kim-token"}, timeout=10,
        )  # fmt: skip
        assert answer.status_code == 200, answer.text
        workers = Workers(synchronous=True)
        fetcher = InboxFetcher(services.workspace, services.credentials, workers=workers)
        view = _view(qtbot, services, fetcher)
        steps: list[tuple[int, int]] = []
        fetcher.progress.connect(lambda done, total: steps.append((done, total)))
        qtbot.mouseClick(view.empty_check, Qt.MouseButton.LeftButton)
        assert steps == [(1, 2), (2, 2)]
        line = view.sync_status.text()
        assert line.startswith("Checked at ")
        assert "1 new item" in line
        assert "it-old: offline, will try again" in line, line
        assert view.pages.currentWidget() is view.splitter
        [item] = store.inbox.items()
        assert item.support
        assert item.account_name == "it-masto"
        assert view.check_button.isEnabled()
        assert not fetcher.busy
    finally:
        delete_secret(online.id)
        delete_secret(offline.id)


def test_one_fetch_at_a_time_and_a_rate_limit_says_until_when(
    qtbot: QtBot, services: Services, server: MastodonServer
) -> None:
    store = _store(services)
    account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=server.url))
    set_secret(account.id, "test-token")
    fetcher = InboxFetcher(services.workspace, services.credentials)  # a real worker thread
    try:
        view = _view(qtbot, services, fetcher)
        server.fail_next(Fault("slow", "GET", "/api/v1/notifications", seconds=1.0))
        with qtbot.waitSignal(fetcher.finished, timeout=10_000):
            assert fetcher.check_now()
            assert fetcher.busy
            assert not view.empty_check.isEnabled()
            assert not fetcher.check_now()  # a timer tick or a click while one runs: dropped
            view.check_now()
            assert view.sync_status.text() == "A check is on its way…"
        assert "0 new items" in view.sync_status.text()
        server.fail_next(Fault("429", "GET", "/api/v1/notifications", seconds=600))
        with qtbot.waitSignal(fetcher.finished, timeout=10_000):
            qtbot.mouseClick(view.empty_check, Qt.MouseButton.LeftButton)
        until = store.inbox.cursor(account.id)[1]
        assert until is not None
        assert f"it-masto: rate limited until {until.astimezone():%H:%M}" in view.sync_status.text()
    finally:
        fetcher.stop()
        delete_secret(account.id)
