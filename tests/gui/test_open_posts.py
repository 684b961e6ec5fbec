"""Any post opens in Compose from where the person sees it (issue 13): a calendar chip, a queue row, a held
post in Incidents, an archived post (as a copy); the queue's own actions do the same. The real window."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from studio.gui.app import Services, build_window
from studio.gui.archive import ArchiveView
from studio.gui.compose import ComposeView
from studio.gui.lazy import LazyView
from studio.gui.mainwindow import MainWindow
from studio.gui.messages import Message
from studio.gui.queue import QueueColumn, QueueView
from studio.gui.queue.days import local_day
from studio.store import Account, NewAccount, NewPost, PostStatus, Store
from studio.store.times import now_utc
from studio.workflows import IncidentRequest, load_texts, open_incident, posting
from studio.workflows.posting import PostChange

_CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def store(services: Services) -> Store:
    assert services.store is not None
    services.store.settings.update(display_timezone="UTC")
    return services.store


@pytest.fixture
def accounts(store: Store) -> list[Account]:
    return [
        store.accounts.add(
            NewAccount("mastodon", "IT News", handle="itnews", instance_url="https://social.example")
        ),
        store.accounts.add(NewAccount("bluesky", "Campus IT", handle="it.example.edu")),
    ]


@pytest.fixture
def make_window(qtbot: QtBot, services: Services) -> Iterator[list[MainWindow]]:
    """Windows built in a test (after its posts exist); Compose's autosave stops before the store closes."""
    made: list[MainWindow] = []
    yield made
    for window in made:
        compose = window.view_widget("compose")
        if isinstance(compose, ComposeView) and compose.autosave is not None:
            compose.autosave.forget()


def _window(qtbot: QtBot, services: Services, made: list[MainWindow]) -> MainWindow:
    window = build_window(services)
    qtbot.addWidget(window)
    window.resize(1300, 860)
    with qtbot.waitExposed(window):
        window.show()
    made.append(window)
    return window


def _queued(store: Store, accounts: list[Account], text: str, days: int = 2) -> int:
    draft = store.posts.create(PostChange(text).as_new_post())
    change = PostChange(text, tuple(a.id for a in accounts), now_utc() + timedelta(days=days))
    return posting.schedule(store, draft.id, change, now=now_utc()).id


def _double_click(qtbot: QtBot, viewport: QWidget, where: QPoint) -> None:
    """As a person double-clicks an item: a press first (item views act only on the item pressed)."""
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=where)


def _compose(window: MainWindow) -> ComposeView:
    view = window.view_widget("compose")
    assert isinstance(view, ComposeView)
    return view


def _real(qtbot: QtBot, window: MainWindow, view_id: str) -> QWidget:
    """Switch to a view and give back the real one, on show (a lazy page shows what it built next pass)."""
    window.show_view(view_id)
    page = window.view_widget(view_id)
    view = page.view if isinstance(page, LazyView) else page
    qtbot.waitUntil(view.isVisible)
    return view


def _queue(qtbot: QtBot, window: MainWindow) -> QueueView:
    view = _real(qtbot, window, "queue")
    assert isinstance(view, QueueView)
    return view


def test_a_double_clicked_calendar_chip_opens_in_compose_and_ctrl_s_changes_it_in_place(
    qtbot: QtBot, services: Services, store: Store, accounts: list[Account], make_window: list[MainWindow]
) -> None:
    post_id = _queued(store, accounts, "Wi-Fi maintenance in the library tonight.")
    before = store.posts.get(post_id)
    window = _window(qtbot, services, make_window)
    queue = _queue(qtbot, window)
    calendar = queue.calendar
    assert before.scheduled_at is not None
    calendar.show_week(local_day(before.scheduled_at, calendar.zone))  # the month may end before it
    chip = calendar.chip_for(post_id)
    assert chip is not None
    qtbot.mouseDClick(chip, Qt.MouseButton.LeftButton)

    assert window.current_view == "compose"
    compose = _compose(window)
    assert compose.editor.toPlainText() == "Wi-Fi maintenance in the library tonight."
    assert compose.banner.isVisible()
    assert f"Editing post {post_id}" in compose.banner.label.text()
    assert compose.schedule is not None
    assert sorted(compose.schedule.chosen_ids()) == sorted(a.id for a in accounts)
    assert {"mastodon", "bluesky"} <= set(compose.selected_networks())  # the accounts chose them

    cursor = compose.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    compose.editor.setTextCursor(cursor)
    qtbot.keyClicks(compose.editor, " Back by 23:30.")
    with qtbot.waitSignal(compose.scheduled):
        qtbot.keyClick(compose.editor, Qt.Key.Key_S, _CTRL)
    after = store.posts.get(post_id)
    new_text = "Wi-Fi maintenance in the library tonight. Back by 23:30."
    assert after.body == new_text
    assert [d.id for d in after.deliveries] == [d.id for d in before.deliveries]  # changed, not re-made
    assert all([p.text for p in d.parts] == [new_text] for d in after.deliveries)
    assert not compose.banner.isVisible()

    _queue(qtbot, window)  # the calendar reads the change when it is shown again
    chip = calendar.chip_for(post_id)
    assert chip is not None
    assert chip.text == new_text


def test_enter_on_a_queue_row_or_a_chip_and_edit_in_compose_open_the_post(
    qtbot: QtBot, services: Services, store: Store, accounts: list[Account], make_window: list[MainWindow]
) -> None:
    post_id = _queued(store, accounts[:1], "Printers on floor 2 are back.")
    window = _window(qtbot, services, make_window)
    compose = _compose(window)
    queue = _queue(qtbot, window)
    queue.show_table()
    qtbot.waitUntil(lambda: queue.model.rowCount() > 0)
    queue.table.setFocus()
    queue.table.setCurrentIndex(queue.model.index(0, QueueColumn.TEXT))
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)
    assert window.current_view == "compose"
    assert compose.editor.toPlainText() == "Printers on floor 2 are back."
    assert compose.opener.editing == post_id
    compose.new_post()  # leave it as it was

    queue = _queue(qtbot, window)
    labels = [label for label, _ in queue.actions_at(queue.model.index(0, 0))]
    assert labels[0] == "Edit in Compose"
    dict(queue.actions_at(queue.model.index(0, 0)))["Edit in Compose"]()
    assert window.current_view == "compose"
    assert compose.opener.editing == post_id
    compose.new_post()

    queue = _queue(qtbot, window)
    queue.show_calendar()
    when = store.posts.get(post_id).scheduled_at
    assert when is not None
    queue.calendar.show_week(local_day(when, queue.calendar.zone))
    chip = queue.calendar.chip_for(post_id)
    assert chip is not None
    assert "Edit in Compose" in [label for label, _ in queue.calendar.chip_actions(chip)]
    qtbot.keyClick(chip, Qt.Key.Key_Return)
    assert window.current_view == "compose"
    assert compose.opener.editing == post_id


def test_a_sent_posts_duplicate_opens_filled_in_from_the_queue_menu(
    qtbot: QtBot, services: Services, store: Store, accounts: list[Account], make_window: list[MainWindow]
) -> None:
    post_id = _queued(store, accounts, "Sent already: the new printers are in.")
    with store.db.write() as conn:  # as the runner leaves it once the network has the post
        conn.execute("UPDATE deliveries SET state = 'sent' WHERE post_id = ?", (post_id,))
    window = _window(qtbot, services, make_window)
    compose = _compose(window)
    queue = _queue(qtbot, window)
    queue.show_table()
    qtbot.waitUntil(lambda: queue.model.rowCount() > 0)
    labels = [label for label, _ in queue.actions_at(queue.model.index(0, 0))]
    assert "Edit in Compose" not in labels  # it went out: a copy is what can change

    said: list[Message] = []
    services.messages.posted.connect(said.append)
    queue.table.setCurrentIndex(queue.model.index(0, QueueColumn.TEXT))
    qtbot.keyClick(queue.table, Qt.Key.Key_Return)  # opening it anyway says why, and offers the copy
    assert window.current_view == "compose"
    assert compose.opener.editing is None
    assert "has gone out" in said[-1].text
    assert said[-1].action is not None
    assert said[-1].action[0] == "Duplicate as a new draft"

    queue = _queue(qtbot, window)
    rect = queue.table.visualRect(queue.model.index(0, QueueColumn.TEXT))
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, rect.center(), queue.table.viewport().mapToGlobal(rect.center())
    )
    QApplication.sendEvent(queue.table.viewport(), event)
    assert queue.menu is not None
    queue.menu.close()
    duplicate = next(a for a in queue.menu.actions() if a.text() == "Duplicate as a new draft")
    duplicate.trigger()
    assert window.current_view == "compose"
    assert compose.editor.toPlainText() == "Sent already: the new printers are in."
    assert compose.autosave is not None
    copy = store.posts.get(compose.autosave.post_id or 0)
    assert (copy.status, copy.body) == (PostStatus.DRAFT, "Sent already: the new printers are in.")
    assert copy.id != post_id
    assert compose.schedule is not None
    assert sorted(compose.schedule.chosen_ids()) == sorted(a.id for a in accounts)


def test_an_archived_post_opens_as_a_new_draft_and_its_link_still_opens(
    qtbot: QtBot, services: Services, store: Store, accounts: list[Account], make_window: list[MainWindow]
) -> None:
    moment = now_utc() - timedelta(days=1)
    store.posts.create(
        NewPost("Tech Tip Tuesday: lock your screen", (accounts[0].id,), scheduled_at=moment),
        PostStatus.SCHEDULED,
        at=moment,
    )
    for delivery in store.deliveries.claim_due(now_utc(), limit=10, claimer="test"):
        delivery = store.deliveries.record_part_sent(delivery, 0, remote_id="r1")
        store.deliveries.mark_sent(
            delivery, remote_id="r1", remote_url="https://social.example/@it/1", at=moment
        )
    window = _window(qtbot, services, make_window)
    archive = _real(qtbot, window, "archive")
    assert isinstance(archive, ArchiveView)
    assert "double-click a post to post it again" in archive.subtitle.text()
    index = archive.model.index(0, 3)
    rect = archive.table.visualRect(index)
    _double_click(qtbot, archive.table.viewport(), rect.center())
    assert window.current_view == "compose"
    compose = _compose(window)
    assert compose.editor.toPlainText() == "Tech Tip Tuesday: lock your screen"
    assert compose.autosave is not None
    copy = store.posts.get(compose.autosave.post_id or 0)
    assert copy.status is PostStatus.DRAFT
    assert store.posts.count([PostStatus.PUBLISHED]) == 1  # what went out stays as it was


def test_a_held_post_in_incidents_opens_in_compose(
    qtbot: QtBot, services: Services, store: Store, accounts: list[Account], make_window: list[MainWindow]
) -> None:
    promo = store.posts.create(
        NewPost("Tech Tip Tuesday #12", (accounts[0].id,), scheduled_at=now_utc() + timedelta(hours=2)),
        PostStatus.SCHEDULED,
    )
    request = IncidentRequest(service="Email", impact="no mail", account_names=("IT News",))
    opened = open_incident(store, request, load_texts())
    window = _window(qtbot, services, make_window)
    from studio.gui.incidents.view import IncidentsView

    incidents = _real(qtbot, window, "incidents")
    assert isinstance(incidents, IncidentsView)
    incidents.select(opened.incident.id)
    held = incidents.held
    assert held.list.count() == 1
    rect = held.list.visualItemRect(held.list.item(0))
    _double_click(qtbot, held.list.viewport(), rect.center())
    assert window.current_view == "compose"
    compose = _compose(window)
    assert compose.opener.editing == promo.id
    assert compose.editor.toPlainText() == "Tech Tip Tuesday #12"
