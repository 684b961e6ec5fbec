"""Right-click actions on queue rows: the pure choice per state, and what each one does to the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu
from pytestqt.qtbot import QtBot

from studio.gui.app import Services, build_window
from studio.gui.lazy import LazyView
from studio.gui.messages import Level, MessageBridge
from studio.gui.queue import QueueColumn, QueueOps, QueueView, Target, actions_for
from studio.gui.queue.actions import why_fixed
from studio.store import Account, DeliveryState, NewAccount, NewPost, PostStatus, Store
from studio.store.times import now_utc
from studio.workflows.pictures import import_picture
from tests.gui.queue.conftest import NOW, make_view, schedule


def _labels(target: Target, store: Store) -> list[str]:
    ops = QueueOps(store, MessageBridge(), lambda _p, _r: None, lambda _w: None, now=lambda: NOW)
    return [label for label, _ in actions_for(target, ops)]


@pytest.mark.parametrize(
    ("post_status", "state", "expected"),
    [
        (
            PostStatus.SCHEDULED,
            DeliveryState.QUEUED,
            [
                "Publish now",
                "Reschedule…",
                "Duplicate as a new draft",
                "Cancel for it-masto",
                "Cancel the whole post",
            ],
        ),
        (
            PostStatus.FAILED,
            DeliveryState.FAILED,
            [
                "Retry now",
                "Reschedule…",
                "Duplicate as a new draft",
                "Cancel for it-masto",
                "Cancel the whole post",
            ],
        ),
        (
            PostStatus.SCHEDULED,
            DeliveryState.MISSED,
            [
                "Retry now",
                "Reschedule…",
                "Duplicate as a new draft",
                "Cancel for it-masto",
                "Cancel the whole post",
            ],
        ),
        (
            PostStatus.DRAFT,
            DeliveryState.QUEUED,
            ["Reschedule…", "Duplicate as a new draft", "Cancel for it-masto", "Cancel the whole post"],
        ),
        (
            PostStatus.SCHEDULED,
            DeliveryState.SENDING,
            ["Reschedule…", "Duplicate as a new draft", "Cancel the whole post"],
        ),
        (PostStatus.PUBLISHED, DeliveryState.SENT, ["Duplicate as a new draft"]),
        (PostStatus.CANCELLED, DeliveryState.CANCELLED, ["Duplicate as a new draft"]),
    ],
)
def test_the_actions_follow_the_rows_state(
    store: Store, post_status: PostStatus, state: DeliveryState, expected: list[str]
) -> None:
    row = Target(
        1,
        post_status,
        NOW + timedelta(hours=1),
        7,
        state,
        "it-masto",
        state is DeliveryState.SENT,
        state in (DeliveryState.QUEUED, DeliveryState.RETRYING),
    )
    assert _labels(row, store) == expected
    assert "Mark as posted" not in expected  # only a handed-off delivery offers it


def test_a_handed_off_delivery_offers_the_ready_to_post_actions_first(store: Store) -> None:
    row = Target(1, PostStatus.SCHEDULED, NOW - timedelta(hours=1), 7, DeliveryState.HANDED_OFF, "uni_it")
    assert _labels(row, store) == [
        "Open folder",
        "Copy caption",
        "Copy alt text",
        "Mark as posted",
        "Reschedule…",
        "Duplicate as a new draft",
        "Cancel for uni_it",
        "Cancel the whole post",
    ]


def test_a_post_that_went_out_or_whose_time_passed_cannot_be_moved() -> None:
    future = Target(3, PostStatus.SCHEDULED, NOW + timedelta(days=1))
    assert why_fixed(future, NOW) == ""
    assert "has already gone out" in why_fixed(
        Target(3, PostStatus.SCHEDULED, NOW + timedelta(days=1), sent_any=True), NOW
    )
    assert "time has passed" in why_fixed(Target(3, PostStatus.SCHEDULED, NOW - timedelta(minutes=1)), NOW)
    assert "was cancelled" in why_fixed(Target(3, PostStatus.CANCELLED, NOW + timedelta(days=1)), NOW)
    assert "no time yet" in why_fixed(Target(3, PostStatus.DRAFT, None), NOW)


def _right_click(qtbot: QtBot, view: QueueView, row: int) -> QMenu:
    """Right-click a table row as a user does (a context-menu event on the viewport); the menu it opens."""
    qtbot.waitUntil(lambda: view.model.rowCount() > row, timeout=3000)
    rect = view.table.visualRect(view.model.index(row, QueueColumn.TEXT))
    viewport = view.table.viewport()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, rect.center(), viewport.mapToGlobal(rect.center())
    )
    QApplication.sendEvent(viewport, event)
    assert view.menu is not None
    menu = view.menu
    menu.close()
    return menu


def _trigger(menu: QMenu, label: str) -> None:
    (action,) = [a for a in menu.actions() if a.text() == label]
    action.trigger()


def _row_of(view: QueueView, account: str) -> int:
    model = view.model
    return next(r for r in range(model.rowCount()) if model.index(r, QueueColumn.ACCOUNT).data() == account)


def test_right_click_cancel_for_one_account_keeps_the_other(
    qtbot: QtBot, services: Services, store: Store, masto: Account, bsky: Account
) -> None:
    post = schedule(store, (masto, bsky), NOW + timedelta(hours=3))
    view = make_view(qtbot, services)
    view.show_table()
    menu = _right_click(qtbot, view, _row_of(view, "it-masto"))
    assert [a.text() for a in menu.actions()][:2] == ["Publish now", "Reschedule…"]
    _trigger(menu, "Cancel for it-masto")
    assert services.messages.history[-1].text == f"Post {post} will not go to it-masto (Undo within 10 s)"
    view.ops.pending.settle()  # the Undo time is up
    states = {d.account_name: d.state for d in store.posts.get(post).deliveries}
    assert states == {"it-masto": DeliveryState.CANCELLED, "it-bsky": DeliveryState.QUEUED}
    assert view.model.index(_row_of(view, "it-masto"), QueueColumn.STATUS).data() == "Cancelled"
    assert services.messages.history[-1].text == f"Post {post} will not go to it-masto"


def test_publish_now_makes_it_the_next_the_publisher_takes(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    schedule(store, (masto,), NOW + timedelta(hours=1), "sooner")
    later = schedule(store, (masto,), NOW + timedelta(days=2), "later")
    view = make_view(qtbot, services)
    view.show_table()
    menu = _right_click(qtbot, view, 0)  # newest first: the later one
    _trigger(menu, "Publish now")
    due = store.schedule.next_due()
    assert due is not None
    assert (due.post_id, due.at) == (later, NOW)
    assert [d.post_id for d in store.deliveries.claim_due(NOW, limit=5, claimer="publisher")] == [later]
    assert "is due now on 1 account:" in services.messages.history[-1].text


def test_publish_now_on_a_held_post_says_it_stays_held(
    qtbot: QtBot, services: Services, store: Store, masto: Account, bsky: Account
) -> None:
    when = NOW + timedelta(hours=1)
    post = schedule(store, (masto, bsky), when, "held by the outage")
    held = store.deliveries.hold_all("outage on Campus Wi-Fi", at=NOW)
    store.deliveries.release(held[1:], at=NOW)  # one copy stays held
    view = make_view(qtbot, services)
    view.ops.publish_now(Target(post, PostStatus.SCHEDULED, when, waiting=True))
    said = services.messages.history[-1].text
    assert "due now on 1 account" in said
    assert "(1 copy held for the incident)" in said
    store.deliveries.hold_all("outage on Campus Wi-Fi", at=NOW)
    view.ops.publish_now(Target(post, PostStatus.SCHEDULED, when, waiting=True))
    said = services.messages.history[-1].text
    assert "stays held by the incident" in said
    assert "sends it next" not in said  # issue 15: the publisher will not send a held post


def test_retry_a_failed_delivery_queues_it_due_now(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    post = schedule(store, (masto,), NOW - timedelta(minutes=5))
    claimed = store.deliveries.claim_due(NOW, limit=1, claimer="t")[0]
    store.deliveries.mark_final_failure(claimed, "422: text too long")
    view = make_view(qtbot, services)
    view.show_table()
    assert view.model.index(0, QueueColumn.PROBLEM).data() == "422: text too long"
    _trigger(_right_click(qtbot, view, 0), "Retry now")
    (delivery,) = store.posts.get(post).deliveries
    assert (delivery.state, delivery.due_at) == (DeliveryState.QUEUED, NOW)
    assert store.posts.get(post).status is PostStatus.SCHEDULED
    assert view.model.index(0, QueueColumn.STATUS).data() == "Queued"


def test_duplicate_makes_a_new_draft_with_the_same_texts_pictures_and_accounts(
    qtbot: QtBot, services: Services, store: Store, masto: Account, bsky: Account
) -> None:
    """A queue view on its own (no Compose to open it in) still makes the copy, as Compose would."""
    picture = import_picture(
        store,
        Path(__file__).resolve().parents[3] / "assets" / "demo" / "lego-staff.jpg",
        alt_text="A minifigure at a desk",
    )
    original = store.posts.create(
        NewPost(
            "Meet the team",
            (masto.id, bsky.id),
            parts={"bluesky": ("Meet the team 1/2", "more 2/2")},
            scheduled_at=NOW + timedelta(days=1),
            media=((picture.id, "photo", "Meet the service desk"),),
            text_for={"bluesky": "Meet the team on Bluesky"},
        ),
        PostStatus.SCHEDULED,
        at=NOW,
    )
    view = make_view(qtbot, services)
    view.show_table()
    _trigger(_right_click(qtbot, view, 0), "Duplicate as a new draft")
    newest = store.posts.page(limit=1)[0]
    assert newest.id != original.id
    assert (newest.status, newest.scheduled_at, newest.body) == (PostStatus.DRAFT, None, "Meet the team")
    assert [(m.media.id, m.template, m.caption) for m in newest.media] == [
        (picture.id, "photo", "Meet the service desk")
    ]
    assert newest.text_for == {"bluesky": "Meet the team on Bluesky"}
    assert newest.account_ids == (masto.id, bsky.id)  # chosen again; threads are split when it is scheduled
    assert view.model.index(0, QueueColumn.STATUS).data() == "Draft"  # the table was read again
    assert f"copied as draft {newest.id}" in services.messages.history[-1].text


def test_reschedule_asks_for_a_time_and_undo_puts_it_back(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    before = NOW + timedelta(days=1, hours=3)
    post = schedule(store, (masto,), before)
    view = make_view(qtbot, services)
    view.show_table()
    asked: list[object] = []
    view.ops.ask_when = lambda current: asked.append(current) or NOW + timedelta(days=4)
    _trigger(_right_click(qtbot, view, 0), "Reschedule…")
    assert asked == [before]
    assert store.posts.get(post).scheduled_at == NOW + timedelta(days=4)
    assert store.posts.get(post).deliveries[0].due_at == NOW + timedelta(days=4)
    message = services.messages.history[-1]
    assert message.action is not None
    assert message.action[0] == "Undo"
    qtbot.keyClick(view.table, "z", Qt.KeyboardModifier.ControlModifier)
    assert store.posts.get(post).scheduled_at == before
    assert "is back at" in services.messages.history[-1].text


def test_a_refused_action_says_why_and_changes_nothing(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    post = schedule(store, (masto,), NOW - timedelta(minutes=1))
    view = make_view(qtbot, services)
    view.show_table()
    menu = _right_click(qtbot, view, 0)
    store.deliveries.claim_due(NOW, limit=1, claimer="publisher")  # it starts going out meanwhile
    _trigger(menu, "Cancel the whole post")
    message = services.messages.history[-1]
    assert message.level is Level.ERROR
    assert "is being sent right now" in message.text
    assert message.fix == "try again in a minute"
    assert store.posts.get(post).status is PostStatus.SCHEDULED
    assert store.posts.get(post).deliveries[0].state is DeliveryState.SENDING


def test_mark_as_posted_confirms_a_handed_off_delivery(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    insta = store.accounts.add(NewAccount("instagram", "uni_it"))
    post = schedule(store, (masto, insta), NOW - timedelta(minutes=10), "Meet the service desk")
    for claimed in store.deliveries.claim_due(NOW, limit=5, claimer="publisher"):
        done = store.deliveries.record_part_sent(claimed, 0, remote_id="folder", at=NOW)
        if claimed.network == "instagram":  # the hand-off publisher wrote its ready folder
            store.deliveries.mark_handed_off(done, folder="handoff/1", folder_url="file:///handoff/1", at=NOW)
        else:
            store.deliveries.mark_sent(done, remote_id="1", remote_url="https://social.example/@it/1", at=NOW)
    assert store.posts.get(post).status is PostStatus.SCHEDULED  # waits for the person
    view = make_view(qtbot, services)
    view.show_table()
    row = _row_of(view, "uni_it")
    status = view.model.index(row, QueueColumn.STATUS)
    assert status.data() == "Handed off"
    assert "file:///handoff/1" in status.data(Qt.ItemDataRole.ToolTipRole)
    menu = _right_click(qtbot, view, row)
    assert [a.text() for a in menu.actions()][:4] == [
        "Open folder",
        "Copy caption",
        "Copy alt text",
        "Mark as posted",
    ]
    sent_row = _right_click(qtbot, view, _row_of(view, "it-masto"))
    assert "Mark as posted" not in [a.text() for a in sent_row.actions()]
    asked: list[str] = []

    def paste_the_link() -> None:  # the real dialog, answered as a person would
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        asked.append(dialog.labelText())
        dialog.setTextValue("  https://www.instagram.com/p/campus-it-1/ ")
        dialog.accept()

    QTimer.singleShot(0, paste_the_link)
    _trigger(menu, "Mark as posted")
    assert asked
    assert "uni_it" in asked[0]
    delivery = next(d for d in store.posts.get(post).deliveries if d.network == "instagram")
    assert delivery.state is DeliveryState.SENT
    assert delivery.remote_url == "https://www.instagram.com/p/campus-it-1/"  # kept for the archive
    assert store.posts.get(post).status is PostStatus.PUBLISHED
    assert view.model.index(row, QueueColumn.STATUS).data() == "Sent"
    assert services.messages.history[-1].text == f"Post {post} on uni_it is marked as posted"


def test_publish_now_in_the_window_wakes_the_background_publisher(
    qtbot: QtBot, services: Services, store: Store
) -> None:
    # The real window's queue is wired to the app's background publisher: no waiting for its minute tick.
    account = store.accounts.add(NewAccount("threads", "it-threads"))  # a handoff network: no server needed
    post = store.posts.create(
        NewPost("Library opening hours change", (account.id,), scheduled_at=now_utc() + timedelta(days=2)),
        PostStatus.SCHEDULED,
    ).id
    publisher = services.publisher
    assert publisher is not None
    window = build_window(services)
    qtbot.addWidget(window)
    window.show_view("queue")
    page = window.view_widget("queue")
    assert isinstance(page, LazyView)  # the queue is built on first show
    view = page.view
    assert isinstance(view, QueueView)
    view.show_table()
    try:
        with qtbot.waitSignal(publisher.run_finished, timeout=20_000):
            _trigger(_right_click(qtbot, view, _row_of(view, "it-threads")), "Publish now")
    finally:
        assert publisher.stop(10_000)
    [delivery] = store.posts.get(post).deliveries
    assert delivery.state is DeliveryState.HANDED_OFF  # the runner wrote its ready folder


def test_move_messages_speak_the_workspace_s_time_zone(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    # The calendar shows the workspace's display zone; the message about a move must say the same time.
    store.settings.update(display_timezone="Pacific/Auckland")  # never the machine's zone (UTC here)
    post = schedule(store, (masto,), NOW + timedelta(days=1))
    view = make_view(qtbot, services)
    target = Target(post, PostStatus.SCHEDULED, NOW + timedelta(days=1))
    when = datetime(2027, 3, 12, 21, 0, tzinfo=UTC)  # 10:00 on the 13th in Auckland (NZDT, UTC+13)
    assert view.ops.move(target, when)
    assert services.messages.history[-1].text == f"Post {post} moved to Sat 13 Mar, 10:00"
    view.ops.undo()
    assert services.messages.history[-1].text == f"Post {post} is back at Fri 12 Mar, 01:00"


def test_mark_as_posted_can_be_called_off_at_the_link_question(
    qtbot: QtBot, services: Services, store: Store
) -> None:
    insta = store.accounts.add(NewAccount("instagram", "uni_it"))
    post = schedule(store, (insta,), NOW - timedelta(minutes=10), "Meet the service desk")
    [claimed] = store.deliveries.claim_due(NOW, limit=5, claimer="publisher")
    done = store.deliveries.record_part_sent(claimed, 0, remote_id="folder", at=NOW)
    store.deliveries.mark_handed_off(done, folder="handoff/1", folder_url="file:///handoff/1", at=NOW)
    view = make_view(qtbot, services)
    view.show_table()
    view.ops.ask_url = lambda _t: None  # Cancel in the link dialog
    _trigger(_right_click(qtbot, view, _row_of(view, "uni_it")), "Mark as posted")
    assert store.posts.get(post).deliveries[0].state is DeliveryState.HANDED_OFF
