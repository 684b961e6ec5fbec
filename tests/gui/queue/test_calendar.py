"""The calendar as a user meets it: chips on their days, navigation, moving by drag and drop and keys."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QMimeData, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.gui.app import Services, build_window
from studio.gui.lazy import LazyView
from studio.gui.messages import Level
from studio.gui.queue import QueueView
from studio.gui.queue.calendar import MIME, DayCell
from studio.gui.queue.days import month_grid, move_to_day, week_of
from studio.store import Account, NewPost, PostStatus, Store
from tests.gui.queue.conftest import NOW, make_view, schedule

TODAY = NOW.date()  # Wednesday 10 March 2027


def _mime(post_id: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME, QByteArray(str(post_id).encode("ascii")))
    return mime


def _drop(cell: DayCell, mime: QMimeData) -> bool:
    """Drag a chip's data over a day and drop it there, through the cell's own event handlers."""
    point = QPointF(cell.rect().center())
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(cell, enter)
    move = QDragMoveEvent(point.toPoint(), Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(cell, move)
    if not move.isAccepted():
        return False
    drop = QDropEvent(point, Qt.DropAction.MoveAction, mime, buttons, mods)
    QApplication.sendEvent(cell, drop)
    return drop.isAccepted()


def test_the_month_shows_each_post_on_its_day_with_today_marked(
    qtbot: QtBot, services: Services, store: Store, masto: Account, bsky: Account
) -> None:
    both = schedule(store, (masto, bsky), NOW + timedelta(days=2, hours=-3), "Tech Tip Tuesday #12")
    lonely = store.posts.create(NewPost("A draft for Friday", scheduled_at=NOW + timedelta(days=2))).id
    next_month = schedule(store, (masto,), datetime(2027, 4, 14, 9, tzinfo=UTC), "April news")
    view = make_view(qtbot, services)
    calendar = view.calendar
    assert view.pages.currentWidget() is calendar
    assert calendar.title.text() == "March 2027"
    assert calendar.days()[0] == date(2027, 3, 1)  # a Monday
    friday = calendar.cell_for(date(2027, 3, 12))
    assert friday is not None
    assert [c.post.id for c in friday.chips] == [both, lonely]  # by time
    chip = friday.chips[0]
    assert chip.time_text == "09:00"
    assert chip.status == "scheduled"
    assert friday.chips[1].status == "draft"
    assert "Mastodon, Bluesky" in chip.accessibleName()
    today = calendar.cell_for(TODAY)
    assert today is not None
    assert today.property("today") is True
    assert "today" in today.accessibleName()
    assert calendar.chip_for(next_month) is None

    qtbot.mouseClick(calendar.next, Qt.MouseButton.LeftButton)
    assert calendar.title.text() == "April 2027"
    assert calendar.chip_for(next_month) is not None
    qtbot.mouseClick(calendar.today_button, Qt.MouseButton.LeftButton)
    assert calendar.title.text() == "March 2027"
    qtbot.mouseClick(calendar.previous, Qt.MouseButton.LeftButton)
    assert calendar.title.text() == "February 2027"


def test_the_week_view_and_more_link(qtbot: QtBot, services: Services, store: Store, masto: Account) -> None:
    busy = [schedule(store, (masto,), NOW + timedelta(days=1, minutes=10 * i)) for i in range(5)]
    view = make_view(qtbot, services)
    calendar = view.calendar
    thursday = calendar.cell_for(TODAY + timedelta(days=1))
    assert thursday is not None
    shown = len(thursday.chips)
    assert 1 <= shown < 5  # as many as fit one line each
    assert thursday.more.isVisible()
    assert thursday.more.text() == f"+{5 - shown} more"
    assert [c.post.id for c in thursday.chips] == busy[:shown]
    qtbot.mouseClick(thursday.more, Qt.MouseButton.LeftButton)
    assert calendar.mode == "week"
    assert calendar.week_button.isChecked()
    assert calendar.title.text() == "8 Mar – 14 Mar 2027"  # noqa: RUF001 - the title's en dash
    assert [c.day for c in calendar.cells if c.isVisibleTo(calendar)] == week_of(TODAY)
    thursday = calendar.cell_for(TODAY + timedelta(days=1))
    assert thursday is not None
    assert [c.post.id for c in thursday.chips] == busy
    qtbot.mouseClick(calendar.next, Qt.MouseButton.LeftButton)
    assert calendar.title.text() == "15 Mar – 21 Mar 2027"  # noqa: RUF001
    qtbot.mouseClick(calendar.month_button, Qt.MouseButton.LeftButton)
    assert calendar.title.text() == "March 2027"


def test_drag_a_post_to_another_day_keeps_its_time_and_offers_undo(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    when = NOW + timedelta(days=1, hours=-2, minutes=30)  # Thursday 10:30
    post = schedule(store, (masto,), when)
    view = make_view(qtbot, services)
    calendar = view.calendar
    monday = calendar.cell_for(date(2027, 3, 15))
    assert monday is not None
    assert _drop(monday, _mime(post))
    moved = datetime(2027, 3, 15, 10, 30, tzinfo=UTC)
    assert store.posts.get(post).scheduled_at == moved
    assert store.posts.get(post).deliveries[0].due_at == moved
    monday = calendar.cell_for(date(2027, 3, 15))
    assert monday is not None
    assert [c.post.id for c in monday.chips] == [post]
    message = services.messages.history[-1]
    assert message.text == f"Post {post} moved to {moved.astimezone():%a %d %b, %H:%M}"
    assert message.action is not None
    label, undo = message.action
    assert label == "Undo"
    undo()
    assert store.posts.get(post).scheduled_at == when
    assert calendar.chip_for(post) is not None
    assert calendar.chip_for(post).post.scheduled_at == when  # type: ignore[union-attr]


def test_past_and_sent_posts_cannot_be_dropped_anywhere_and_the_user_is_told_why(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    past = schedule(store, (masto,), NOW - timedelta(hours=1))
    sent = schedule(store, (masto,), NOW - timedelta(minutes=30))
    claimed = store.deliveries.claim_due(NOW, limit=5, claimer="t")
    (mine,) = [d for d in claimed if d.post_id == sent]
    mine = store.deliveries.record_part_sent(mine, 0, remote_id="1", at=NOW)
    store.deliveries.mark_sent(mine, remote_id="1", remote_url="https://social.example/@it/1", at=NOW)
    for d in claimed:
        if d.post_id == past:
            store.deliveries.mark_retry(d, "timeout", NOW + timedelta(hours=1), at=NOW)
    view = make_view(qtbot, services)
    calendar = view.calendar
    friday = calendar.cell_for(date(2027, 3, 12))
    assert friday is not None
    assert not _drop(friday, _mime(sent))
    assert "has already gone out" in services.messages.history[-1].text
    assert services.messages.history[-1].level is Level.WARNING
    assert not _drop(friday, _mime(past))
    assert "time has passed" in services.messages.history[-1].text
    yesterday = calendar.cell_for(TODAY - timedelta(days=1))
    future = schedule(store, (masto,), NOW + timedelta(hours=5))
    calendar.reload()
    yesterday = calendar.cell_for(TODAY - timedelta(days=1))
    assert yesterday is not None
    assert not _drop(yesterday, _mime(future))  # a day in the past does not take the drop
    assert store.posts.get(future).scheduled_at == NOW + timedelta(hours=5)
    assert store.posts.get(sent).status is PostStatus.PUBLISHED
    chip = calendar.chip_for(sent)
    assert chip is not None
    calendar.start_drag(chip)  # trying to pick it up says why, and starts no drag
    assert "has already gone out" in services.messages.history[-1].text


def test_alt_arrows_move_the_focused_post_and_the_focus_follows(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    post = schedule(store, (masto,), NOW + timedelta(days=20))  # 30 March, the last week on show
    view = make_view(qtbot, services)
    chip = view.calendar.chip_for(post)
    assert chip is not None
    chip.setFocus()
    qtbot.keyClick(chip, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert store.posts.get(post).scheduled_at == NOW + timedelta(days=21)
    focused = view.focusWidget()
    assert getattr(focused, "post", None) is not None
    assert focused.post.id == post  # type: ignore[union-attr]
    qtbot.keyClick(focused, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # a week on: 7 April
    assert store.posts.get(post).scheduled_at == NOW + timedelta(days=28)
    assert view.calendar.title.text() == "March 2027"  # still on show, in the grid's last week
    focused = view.focusWidget()
    qtbot.keyClick(focused, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # 14 April: off the grid
    assert store.posts.get(post).scheduled_at == NOW + timedelta(days=35)
    assert view.calendar.title.text() == "April 2027"  # the view followed the post
    focused = view.focusWidget()
    assert focused.post.id == post  # type: ignore[union-attr]
    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.posts.get(post).scheduled_at == NOW + timedelta(days=28)


def test_a_chip_menu_offers_move_to_and_the_queue_actions(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    post = schedule(store, (masto,), NOW + timedelta(days=3))
    view = make_view(qtbot, services)
    chip = view.calendar.chip_for(post)
    assert chip is not None
    center = chip.rect().center()
    QApplication.sendEvent(
        chip, QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, center, chip.mapToGlobal(center))
    )
    menu = view.calendar.menu
    assert menu is not None
    menu.close()
    labels = [a.text() for a in menu.actions()]
    assert labels[:3] == ["Move to…", "Move a day earlier\tAlt+Left", "Move a day later\tAlt+Right"]
    assert "Publish now" in labels
    assert "Reschedule…" not in labels  # Move to… is the same thing here
    view.ops.ask_when = lambda _current: NOW + timedelta(days=6, hours=1)
    next(a for a in menu.actions() if a.text() == "Move to…").trigger()
    assert store.posts.get(post).scheduled_at == NOW + timedelta(days=6, hours=1)
    assert view.calendar.chip_for(post) is not None


def test_moves_keep_the_wall_clock_time_across_a_daylight_saving_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    before = datetime(2027, 3, 26, 9, 0, tzinfo=berlin)  # Friday, winter time (UTC+1)
    after = move_to_day(before, date(2027, 3, 29), berlin)  # Monday, summer time (UTC+2)
    assert after.astimezone(berlin).hour == 9
    assert after == datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
    grid = month_grid(2027, 2)
    assert (len(grid), grid[0], grid[0].weekday()) == (42, date(2027, 2, 1), 0)


def test_the_window_opens_the_queue_on_the_calendar_and_shows_undo_in_the_message_bar(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    post = schedule(store, (masto,), NOW + timedelta(days=1))
    window = build_window(services)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.show_view("queue")
    page = window.view_widget("queue")
    assert isinstance(page, LazyView)  # the queue is built on first show
    view = page.view
    assert isinstance(view, QueueView)
    view.ops.now = lambda: NOW
    view.calendar.go_today()
    target = view.calendar.cell_for(TODAY + timedelta(days=2))
    assert target is not None
    assert _drop(target, _mime(post))
    assert window.message_bar.isVisible()
    assert window.message_bar.action.text() == "Undo"
    qtbot.mouseClick(window.message_bar.action, Qt.MouseButton.LeftButton)
    assert store.posts.get(post).scheduled_at == NOW + timedelta(days=1)
    assert f"Post {post} is back at" in window.status_label.text()
    qtbot.mouseClick(view.table_button, Qt.MouseButton.LeftButton)
    assert view.pages.currentWidget() is not view.calendar
    assert view.model.rowCount() == 1


def test_posts_written_elsewhere_appear_when_the_view_is_shown_again(
    qtbot: QtBot, services: Services, store: Store, masto: Account
) -> None:
    view = make_view(qtbot, services)
    assert view.pages.currentWidget() is view.empty  # nothing in the workspace yet
    view.hide()
    post = schedule(store, (masto,), NOW + timedelta(days=2), "Written in Compose meanwhile")
    view.show()
    assert view.pages.currentWidget() is view.calendar
    assert view.calendar.chip_for(post) is not None
    view.show_table()
    assert view.model.rowCount() == 1
