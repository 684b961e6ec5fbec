"""Small truths: a cancel offers Undo, or asks first when a publisher could take the post meanwhile."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.queue import QueueColumn, Target
from studio.gui.queue.undo import PendingCancels
from studio.store import Account, DeliveryState, PostStatus, Store
from tests.gui.queue.conftest import NOW, make_view, schedule


def _target(store: Store, post_id: int) -> Target:
    post = store.posts.get(post_id)
    return Target(post.id, post.status, post.scheduled_at)


def test_cancelling_a_post_offers_undo_and_undo_keeps_it(
    qtbot: QtBot, services: Services, store: Store, masto: Account, bsky: Account
) -> None:
    post = schedule(store, (masto, bsky), NOW + timedelta(hours=3))
    view = make_view(qtbot, services)
    view.ops.cancel_post(_target(store, post))
    offer = services.messages.history[-1]
    assert offer.text == f"Post {post} will not go to it-masto and it-bsky (Undo within 10 s)"
    assert offer.action is not None
    assert offer.action[0] == "Undo"
    assert len(view.ops.pending) == 1
    offer.action[1]()  # the message bar's Undo button
    assert services.messages.history[-1].text == f"Post {post} is not cancelled: it stays as it was"
    view.ops.pending.settle()  # the Undo time passes: nothing is left to write
    kept = store.posts.get(post)
    assert kept.status is PostStatus.SCHEDULED
    assert {d.state for d in kept.deliveries} == {DeliveryState.QUEUED}


def test_a_cancel_not_taken_back_is_written_when_the_undo_time_is_up(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    post = schedule(store, (masto,), NOW + timedelta(hours=3))
    view = make_view(qtbot, services)
    view.show_table()
    view.ops.pending = PendingCancels(seconds=0.05)
    view.ops.cancel_post(_target(store, post))
    assert store.posts.get(post).status is PostStatus.SCHEDULED  # not yet: Undo may still come
    qtbot.waitUntil(lambda: store.posts.get(post).status is PostStatus.CANCELLED, timeout=2000)
    assert services.messages.history[-1].text == f"Post {post} is cancelled"
    assert view.model.index(0, QueueColumn.STATUS).data() == "Cancelled"
    late = services.messages.history[-2].action
    assert late is not None
    late[1]()  # Undo pressed after the time was up: said, not pretended
    assert "Undo came too late" in services.messages.history[-1].text
    assert store.posts.get(post).status is PostStatus.CANCELLED


def test_ctrl_z_in_the_queue_takes_a_cancel_back(
    qtbot: QtBot, services: Services, store: Store, masto: Account, bsky: Account
) -> None:
    post = schedule(store, (masto, bsky), NOW + timedelta(days=1))
    view = make_view(qtbot, services)
    view.show_table()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    model = view.model
    row = next(r for r in range(2) if model.index(r, QueueColumn.ACCOUNT).data() == "it-masto")
    actions = dict(view.actions_at(model.index(row, QueueColumn.TEXT)))
    actions["Cancel for it-masto"]()
    qtbot.keyClick(view.table, "z", Qt.KeyboardModifier.ControlModifier)
    view.ops.pending.settle()
    assert {d.state for d in store.posts.get(post).deliveries} == {DeliveryState.QUEUED}
    assert services.messages.history[-1].text == f"Post {post} is not cancelled: it stays as it was"


def test_a_post_due_now_is_asked_about_instead_of_pretending_undo(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    # The publisher could take it during an Undo time, so the person is asked, and it is cancelled at once.
    post = schedule(store, (masto,), NOW + timedelta(minutes=1))
    view = make_view(qtbot, services)
    asked: list[str] = []

    def keep_it() -> None:  # the real question, answered as a person would
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        [keep] = [b for b in box.buttons() if b.text() == "Keep it"]
        keep.click()

    QTimer.singleShot(0, keep_it)
    view.ops.cancel_post(_target(store, post))
    assert asked == [f"Post {post} will not go to it-masto?"]
    assert store.posts.get(post).status is PostStatus.SCHEDULED
    assert len(view.ops.pending) == 0

    view.ops.ask_sure = lambda question: True
    view.ops.cancel_post(_target(store, post))
    assert store.posts.get(post).status is PostStatus.CANCELLED  # at once, without an Undo to offer
    assert services.messages.history[-1].action is None
    assert services.messages.history[-1].text == f"Post {post} is cancelled"
