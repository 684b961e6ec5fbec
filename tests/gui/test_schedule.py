"""Scheduling from Compose, driven as a user: choose accounts and a time, press Schedule or Ctrl+Enter."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import studio.text
from studio.gui.app import Services, build_window
from studio.gui.compose import ComposeView
from studio.gui.compose.autosave import DraftAutosave
from studio.store import Account, NewAccount, PostStatus, Store
from studio.store.times import now_utc
from studio.workflows.slots import next_free_slot

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo"
_CTRL = Qt.KeyboardModifier.ControlModifier


def _store(services: Services) -> Store:
    assert services.store is not None
    return services.store


@pytest.fixture
def accounts(services: Services) -> list[Account]:
    store = _store(services)
    return [
        store.accounts.add(
            NewAccount("mastodon", "IT News", handle="itnews", instance_url="https://social.example")
        ),
        store.accounts.add(NewAccount("bluesky", "Campus IT", handle="it.example.edu")),
    ]


def _compose(qtbot: QtBot, services: Services) -> Iterator[ComposeView]:
    autosave = DraftAutosave(_store(services), services.messages)
    view = ComposeView(
        studio.text,  # type: ignore[arg-type]
        services.workers,
        services.messages,
        services.theme,
        ["x"],
        autosave,
        services.store,
    )
    qtbot.addWidget(view)
    view.resize(1300, 850)
    with qtbot.waitExposed(view):
        view.show()
    yield view
    autosave.forget()  # no save may fire after the store is closed


@pytest.fixture
def compose(qtbot: QtBot, services: Services, accounts: list[Account]) -> Iterator[ComposeView]:
    yield from _compose(qtbot, services)


def _panel(view: ComposeView):  # type: ignore[no-untyped-def]
    assert view.schedule is not None
    return view.schedule


def test_scheduling_puts_the_draft_on_each_chosen_account_with_its_thread(
    qtbot: QtBot, compose: ComposeView, services: Services, accounts: list[Account]
) -> None:
    panel = _panel(compose)
    text = "The library Wi-Fi is back after tonight's upgrade of the campus network controllers. " * 4
    compose.editor.setPlainText(text)
    for account in accounts:
        qtbot.mouseClick(panel.account_chips[account.id], Qt.MouseButton.LeftButton)
    # Choosing accounts turns on their networks' counters and previews.
    assert compose.selected_networks() == ["x", "mastodon", "bluesky"]
    when = now_utc() + timedelta(days=2)
    panel.set_when(when)
    with qtbot.waitSignal(compose.scheduled) as done:
        qtbot.mouseClick(panel.schedule_button, Qt.MouseButton.LeftButton)
    post = _store(services).posts.get(done.args[0])
    assert post.status is PostStatus.SCHEDULED
    assert post.scheduled_at == when.replace(second=0, microsecond=0)
    by_network = {d.network: d for d in post.deliveries}
    assert [p.text for p in by_network["bluesky"].parts] == list(studio.text.parts_for(text, "bluesky"))
    assert len(by_network["bluesky"].parts) >= 2
    assert [p.text for p in by_network["mastodon"].parts] == [text.strip()]
    assert compose.editor.toPlainText() == ""  # a fresh draft starts
    said = services.messages.history[-1].text
    assert said.startswith(f"Post {post.id} scheduled: ")
    assert "IT News" in said
    assert "Campus IT" in said
    assert not panel.problem.isVisible()


def test_without_accounts_the_panel_points_to_the_accounts_view(qtbot: QtBot, services: Services) -> None:
    for view in _compose(qtbot, services):
        panel = _panel(view)
        assert panel.no_accounts.isVisible()
        view.editor.setPlainText("Hello")
        qtbot.mouseClick(panel.schedule_button, Qt.MouseButton.LeftButton)
        assert "add one in the Accounts view (Ctrl+5)" in panel.problem.text()
        assert _store(services).posts.count([PostStatus.SCHEDULED]) == 0


def test_a_time_in_the_past_is_refused(qtbot: QtBot, compose: ComposeView, accounts: list[Account]) -> None:
    panel = _panel(compose)
    compose.editor.setPlainText("Hello")
    panel.account_chips[accounts[0].id].click()
    panel.set_when(now_utc() - timedelta(hours=3))
    with qtbot.assertNotEmitted(compose.scheduled):
        panel.schedule_button.click()
    assert "is in the past: pick a later time" in panel.problem.text()
    assert panel.problem.isVisible()


def test_a_picture_without_alt_text_is_named_and_nothing_is_scheduled(
    qtbot: QtBot, compose: ComposeView, services: Services, accounts: list[Account]
) -> None:
    panel = _panel(compose)
    assert compose.media is not None
    compose.media.add_files([DEMO / "cartoon-restart.png", DEMO / "lego-staff.jpg"])
    compose.media.list.setCurrentIndex(compose.media.model.index(0))
    qtbot.keyClicks(compose.media.alt, "A cartoon about restarting")
    compose.editor.setPlainText("Two pictures")
    panel.account_chips[accounts[0].id].click()
    with qtbot.assertNotEmitted(compose.scheduled):
        panel.schedule_button.click()
    assert "picture 2: has no alt text" in panel.problem.text()
    assert "picture 1" not in panel.problem.text()
    assert _store(services).posts.count([PostStatus.SCHEDULED]) == 0


def test_text_over_a_networks_limit_is_refused_naming_the_network(
    qtbot: QtBot, compose: ComposeView, services: Services
) -> None:
    linkedin = _store(services).accounts.add(NewAccount("linkedin", "IT LinkedIn"))
    panel = _panel(compose)
    panel.refresh()
    compose.editor.setPlainText("word " * 700)
    panel.account_chips[linkedin.id].click()
    panel.schedule_button.click()
    assert "LinkedIn" in panel.problem.text()
    assert "over the limit of 3000" in panel.problem.text()
    assert compose.editor.toPlainText() != ""  # nothing lost


def test_review_mode_sends_to_review_with_ctrl_enter(
    qtbot: QtBot, services: Services, accounts: list[Account]
) -> None:
    _store(services).settings.update(solo_mode=False)
    for view in _compose(qtbot, services):
        panel = _panel(view)
        assert not panel.schedule_button.isEnabled()
        assert "Review is on" in panel.schedule_button.toolTip()
        view.editor.setFocus()
        qtbot.keyClicks(view.editor, "Printing is back on floor 2")
        panel.account_chips[accounts[1].id].click()
        view.editor.setFocus()
        with qtbot.waitSignal(view.scheduled) as done:
            qtbot.keyClick(view.editor, Qt.Key.Key_Return, _CTRL)
        post = _store(services).posts.get(done.args[0])
        assert post.status is PostStatus.IN_REVIEW
        assert [d.account_name for d in post.deliveries] == ["Campus IT"]


def test_next_free_slot_uses_the_accounts_posting_slots(
    qtbot: QtBot, compose: ComposeView, services: Services, accounts: list[Account]
) -> None:
    store = _store(services)
    panel = _panel(compose)
    compose.editor.setPlainText("Tech Tip: lock your screen with Win+L")
    panel.account_chips[accounts[0].id].click()
    qtbot.mouseClick(panel.next_slot, Qt.MouseButton.LeftButton)
    assert "has no posting slots" in panel.problem.text()
    assert "studio slots set IT News" in panel.problem.text()
    store.series.set_account_slots(accounts[0].id, [(d, "09:30") for d in range(7)])
    panel.account_chips[accounts[0].id].click()
    panel.account_chips[accounts[0].id].click()  # off and on: the slot is looked up again
    expected = next_free_slot(store, "IT News")
    assert panel.slot_label.text() == expected.astimezone(panel.zone()).strftime("%a %d %b %H:%M")
    assert not panel.when.isEnabled()
    with qtbot.waitSignal(compose.scheduled) as done:
        panel.schedule_button.click()
    assert store.posts.get(done.args[0]).scheduled_at == expected
    # That slot is taken now: the next post gets the one after.
    assert next_free_slot(store, "IT News") > expected


def test_choosing_an_account_shows_it_as_the_author_in_the_preview(
    qtbot: QtBot, compose: ComposeView, accounts: list[Account]
) -> None:
    panel = _panel(compose)
    compose.editor.setPlainText("Hello")
    panel.account_chips[accounts[0].id].click()
    compose.preview.tabs.setCurrentIndex(compose.preview.tab_labels().index("Mastodon"))
    card = compose.preview.current_card()
    assert card is not None
    assert card.content is not None
    assert (card.content.identity.name, card.content.identity.handle) == ("IT News", "@itnews")
    assert card.content.identity.initials == "IN"
    compose.preview.tabs.setCurrentIndex(compose.preview.tab_labels().index("X"))
    card = compose.preview.current_card()
    assert card is not None
    assert card.content is not None
    assert card.content.identity.name == "Campus IT"  # no X account chosen: the brand kit's name


def test_shortcuts_work_in_the_window_and_do_not_clash(
    qtbot: QtBot, services: Services, accounts: list[Account]
) -> None:
    win = build_window(replace(services, text=studio.text))
    qtbot.addWidget(win)
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    view = win.view_widget("compose")
    assert isinstance(view, ComposeView)
    view.chips["mastodon"].setChecked(True)
    view.editor.setFocus()
    tabs = len(view.preview.tab_labels())
    assert tabs >= 2
    qtbot.keyClick(view.editor, Qt.Key.Key_Tab, _CTRL)
    assert view.preview.tabs.currentIndex() == 1
    qtbot.keyClick(view.editor, Qt.Key.Key_Backtab, _CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert view.preview.tabs.currentIndex() == 0
    qtbot.keyClick(view.editor, Qt.Key.Key_Backtab, _CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert view.preview.tabs.currentIndex() == tabs - 1  # wraps around
    assert view.preview.isVisible()
    qtbot.keyClick(view.editor, Qt.Key.Key_P, _CTRL)
    assert not view.preview.isVisible()
    qtbot.keyClick(view.editor, Qt.Key.Key_P, _CTRL)
    assert view.preview.isVisible()
    qtbot.keyClick(view.editor, Qt.Key.Key_Return, _CTRL)  # nothing chosen: said, not crashed
    assert view.schedule is not None
    assert "Choose at least one account" in view.schedule.problem.text()
    qtbot.keyClick(view.editor, Qt.Key.Key_2, _CTRL)  # the window's own shortcuts still work
    assert win.current_view == "queue"
    win.close()


def test_the_hashtag_menu_offers_the_workspaces_tags_and_inserts_them_as_words(
    qtbot: QtBot, compose: ComposeView, accounts: list[Account]
) -> None:
    assert compose.insert.hashtags() == []  # nothing written yet: the menu says where tags come from
    compose.editor.setPlainText("Lock your screen #TechTipTuesday #CampusIT")
    qtbot.mouseClick(_panel(compose).account_chips[accounts[0].id], Qt.MouseButton.LeftButton)
    _panel(compose).set_when(now_utc() + timedelta(days=1))
    with qtbot.waitSignal(compose.scheduled):
        _panel(compose).request()
    assert compose.insert.hashtags() == ["#TechTipTuesday", "#CampusIT"]  # the scheduled post's tags
    qtbot.keyClicks(compose.editor, "New tip:")
    compose.insert.hashtag_menu.actions()[1].trigger()
    assert compose.editor.toPlainText() == "New tip: #CampusIT "
    assert compose.editor.hasFocus()


def test_ctrl_shift_e_opens_the_emoji_menu_and_enter_inserts_at_the_cursor(
    qtbot: QtBot, compose: ComposeView
) -> None:
    qtbot.keyClicks(compose.editor, "Fixed")
    cursor = compose.editor.textCursor()
    cursor.setPosition(0)
    compose.editor.setTextCursor(cursor)
    chosen = []

    def pick() -> None:  # the menu runs its own loop: answer it as a user would, with the keyboard
        menu = QApplication.activePopupWidget()
        chosen.append(menu)
        if menu is not None:
            qtbot.keyClick(menu, Qt.Key.Key_Down)
            qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(100, pick)
    qtbot.keyClick(compose.editor, Qt.Key.Key_E, _CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert chosen == [compose.insert.emoji_menu]
    assert compose.editor.toPlainText() == "✅Fixed"
