"""The Drafts view in the real window (issue 13): every unsent draft, the latest change first, searched as
you type, opened in Compose with Enter, deleted with Delete and brought back with Undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.gui.app import VIEWS, Services, build_window
from studio.gui.compose import ComposeView
from studio.gui.drafts import DraftColumn, DraftsModel, DraftsView, restore_draft
from studio.gui.lazy import LazyView
from studio.gui.mainwindow import MainWindow
from studio.store import Account, MediaKind, NewAccount, NewPost, PostStatus, Store

DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo"
_CTRL = Qt.KeyboardModifier.ControlModifier
_SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def store(services: Services) -> Store:
    assert services.store is not None
    services.store.settings.update(display_timezone="Pacific/Auckland")  # not the machine's zone (UTC)
    return services.store


@pytest.fixture
def masto(store: Store) -> Account:
    return store.accounts.add(NewAccount("mastodon", "IT News", instance_url="https://social.example"))


@pytest.fixture
def window(qtbot: QtBot, services: Services, store: Store, masto: Account) -> Iterator[MainWindow]:
    """The real window over a workspace with one account; Compose's autosave stops before the store closes."""
    win = build_window(services)
    qtbot.addWidget(win)
    win.resize(1300, 860)
    with qtbot.waitActive(win):  # the window's shortcuts go to the active window only
        win.show()
        win.activateWindow()
    yield win
    compose = win.view_widget("compose")
    if isinstance(compose, ComposeView) and compose.autosave is not None:
        compose.autosave.forget()


def _compose(window: MainWindow) -> ComposeView:
    view = window.view_widget("compose")
    assert isinstance(view, ComposeView)
    return view


def _drafts(qtbot: QtBot, window: MainWindow) -> DraftsView:
    page = window.view_widget("drafts")
    assert isinstance(page, LazyView)
    view = page.view
    assert isinstance(view, DraftsView)
    qtbot.waitUntil(view.isVisible)  # a lazy page shows what it built on the next pass
    return view


def _texts(view: DraftsView) -> list[str]:
    return [view.model.index(r, DraftColumn.TEXT).data() for r in range(view.model.rowCount())]


def test_drafts_written_in_compose_are_listed_newest_first_searched_deleted_and_undone(
    qtbot: QtBot, services: Services, store: Store, masto: Account, window: MainWindow
) -> None:
    compose = _compose(window)
    assert compose.schedule is not None
    compose.editor.setFocus()
    qtbot.keyClicks(compose.editor, "Printers on floor 2 are back")
    compose.schedule.account_chips[masto.id].click()
    qtbot.keyClick(compose.editor, Qt.Key.Key_S, _CTRL)  # saved now
    qtbot.keyClick(compose.editor, Qt.Key.Key_N, _CTRL)  # a new post; the first stays a draft
    qtbot.keyClicks(compose.editor, "Wi-Fi in the library tonight")  # not saved yet: the pause is not over
    qtbot.keyClick(compose.editor, Qt.Key.Key_D, _CTRL | _SHIFT)

    assert window.current_view == "drafts"
    view = _drafts(qtbot, window)
    assert view.pages.currentWidget() is view.table
    assert _texts(view) == ["Wi-Fi in the library tonight", "Printers on floor 2 are back"]
    assert view.subtitle.text().startswith("2 unsent drafts, the latest change first")
    newest, older = store.posts.drafts()
    shown = newest.updated_at.astimezone(view.model._zone).strftime("%a %d %b %Y, %H:%M")
    assert view.model.index(0, DraftColumn.CHANGED).data() == shown  # in the workspace's zone
    assert view.model.index(1, DraftColumn.ACCOUNTS).data() == "IT News"
    assert view.model.index(0, DraftColumn.ACCOUNTS).data() == "None chosen yet"
    assert view.model.index(0, DraftColumn.PICTURES).data() == "—"

    qtbot.keyClicks(view.search, "wi-fi")  # filters as you type, in any case
    assert _texts(view) == ["Wi-Fi in the library tonight"]
    view.search.clear()
    qtbot.keyClicks(view.search, "no such words")
    assert view.pages.currentWidget() is view.no_match
    view.search.clear()
    assert view.model.rowCount() == 2

    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert _texts(view) == ["Printers on floor 2 are back"]
    assert [p.id for p in store.posts.drafts()] == [older.id]
    assert compose.editor.toPlainText() == ""  # Compose had it open: it let go of it
    assert window.message_bar.isVisible()
    assert "Deleted the draft “Wi-Fi in the library tonight”" in window.message_bar.label.text()
    assert window.message_bar.action.text() == "Undo"
    qtbot.mouseClick(window.message_bar.action, Qt.MouseButton.LeftButton)

    assert _texts(view) == ["Wi-Fi in the library tonight", "Printers on floor 2 are back"]
    back = store.posts.drafts()[0]
    assert (back.body, back.updated_at) == (newest.body, newest.updated_at)  # its place in the list, too
    assert view.selected_id() == back.id
    assert not view.undo()  # once back, it stays back: a second Undo makes no copy
    assert store.posts.count([PostStatus.DRAFT]) == 2


def test_enter_opens_a_draft_in_compose_and_the_delete_button_deletes_the_selected_one(
    qtbot: QtBot, store: Store, masto: Account, window: MainWindow
) -> None:
    first = store.posts.create(
        NewPost("Tech Tip Tuesday: lock your screen"), at=datetime(2027, 1, 5, tzinfo=UTC)
    )
    second = store.posts.create(NewPost("Eduroam on your phone"), at=datetime(2027, 1, 6, tzinfo=UTC))
    window.show_view("drafts")
    view = _drafts(qtbot, window)
    assert _texts(view) == ["Eduroam on your phone", "Tech Tip Tuesday: lock your screen"]
    assert not view.delete_button.isEnabled()  # nothing selected
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(1, DraftColumn.TEXT))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.current_view == "compose"
    compose = _compose(window)
    assert compose.editor.toPlainText() == "Tech Tip Tuesday: lock your screen"
    assert compose.autosave is not None
    assert compose.autosave.post_id == first.id  # it goes on being saved into the same draft

    window.show_view("drafts")
    view.table.selectRow(0)
    assert view.open_button.isEnabled()
    view.delete_button.click()
    assert [p.id for p in store.posts.drafts()] == [first.id]
    assert second.id not in {p.id for p in store.posts.drafts()}
    assert compose.editor.toPlainText() == "Tech Tip Tuesday: lock your screen"  # not the one deleted


def test_undo_makes_the_draft_again_with_its_texts_formats_pictures_and_accounts(
    store: Store, masto: Account
) -> None:
    picture = store.media.add(
        DEMO / "lego-staff.jpg",
        width=1,
        height=1,
        mime="image/jpeg",
        kind=MediaKind.PHOTO,
        alt_text="A figure",
    )
    made = store.posts.create(
        NewPost(
            "Meet the service desk",
            media=((picture.id, "photo", "Meet Sam"),),
            text_for={"bluesky": "Meet Sam #CampusIT"},
            format_for={"instagram": "instagram-story"},
        )
    )
    store.posts.set_choices(made.id, account_ids=(masto.id,))
    deleted = store.posts.delete_draft(made.id)
    again = restore_draft(store, deleted)
    assert again.status is PostStatus.DRAFT
    assert again.body == "Meet the service desk"
    assert dict(again.text_for) == {"bluesky": "Meet Sam #CampusIT"}
    assert dict(again.format_for) == {"instagram": "instagram-story"}
    assert [(m.media.id, m.template, m.caption) for m in again.media] == [(picture.id, "photo", "Meet Sam")]
    assert again.account_ids == (masto.id,)
    assert again.updated_at == deleted.updated_at


def test_an_empty_workspace_says_what_drafts_are(qtbot: QtBot, window: MainWindow) -> None:
    window.show_view("drafts")
    view = _drafts(qtbot, window)
    assert view.pages.currentWidget() is view.empty
    assert view.empty.title.text() == "No drafts"
    assert "A draft is a post you have started but not scheduled" in view.empty.text.text()
    assert not view.delete_button.isEnabled()


def test_the_model_passes_the_model_tester_and_shortcuts_do_not_clash(
    qtmodeltester: object, store: Store, masto: Account
) -> None:
    for number in range(3):
        store.posts.create(NewPost(f"Draft {number}\nsecond line"))
    model = DraftsModel(store, UTC)
    model.reload()
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, DraftColumn.TEXT).data() == "Draft 2"  # the first line
    model.reload("draft 1")
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 1
    keys = [entry.shortcut for entry in VIEWS]
    assert len(set(keys)) == len(keys)
    assert next(e.shortcut for e in VIEWS if e.id == "drafts") == "Ctrl+Shift+D"
