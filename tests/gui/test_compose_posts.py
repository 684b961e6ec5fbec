"""Posts you come back to, walked in the real Compose view (Issue 13): a text per network, reopening after a
restart, changing a queued post, a post that can no longer change, a finding overridden on purpose, the
picture format chosen per network, accounts that drive networks, Ctrl+S and Ctrl+N."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.compose import ComposeView
from studio.gui.messages import Message
from studio.store import Account, MediaKind, NewAccount, PostStatus, Store
from studio.store.times import now_utc
from studio.workflows import posting
from studio.workflows.posting import PostChange
from tests.gui.compose_helpers import DEMO, close_compose, open_compose

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
        store.accounts.add(NewAccount("instagram", "IT Instagram", handle="campus.it")),
    ]


@pytest.fixture
def open_views(qtbot: QtBot, services: Services) -> Iterator[list[ComposeView]]:
    """Compose views made in a test; their autosave stops before the store closes."""
    made: list[ComposeView] = []
    yield made
    for view in made:
        close_compose(view)


def _compose(qtbot: QtBot, services: Services, made: list[ComposeView]) -> ComposeView:
    view = open_compose(qtbot, services, [])
    made.append(view)
    return view


def _tab(view: ComposeView, network: str) -> int:
    tabs = view.texts.tabs
    return next(i for i in range(tabs.count()) if tabs.tabData(i) == network)


def test_a_network_gets_its_own_text_which_survives_a_restart_and_reaches_its_delivery(
    qtbot: QtBot, services: Services, accounts: list[Account], open_views: list[ComposeView]
) -> None:
    view = _compose(qtbot, services, open_views)
    masto, bsky, _insta = accounts
    assert view.schedule is not None
    view.schedule.account_chips[masto.id].click()
    view.schedule.account_chips[bsky.id].click()
    assert view.selected_networks() == ["mastodon", "bluesky"]  # the accounts chose the networks
    main = "The campus network upgrade finishes tonight; Wi-Fi in the library may drop for a minute. " * 4
    view.editor.setPlainText(main)
    labels = [view.texts.tabs.tabText(i) for i in range(view.texts.tabs.count())]
    assert labels == ["All networks", "Mastodon", "Bluesky"]
    assert view.counters.count("bluesky").overflow_start is not None  # the main text is over 300

    view.texts.tabs.setCurrentIndex(_tab(view, "bluesky"))
    assert view.editor.toPlainText() == main  # same as all until edited
    assert view.texts.hint.text() == "Same as all: type here to give Bluesky its own text."
    view.editor.setPlainText("Wi-Fi upgrade tonight, library may blink. #CampusIT")
    assert view.texts.tabs.tabText(_tab(view, "bluesky")) == "Bluesky · own text"
    bluesky_count = view.counters.count("bluesky")
    assert bluesky_count.overflow_start is None
    assert bluesky_count.length == len("Wi-Fi upgrade tonight, library may blink. #CampusIT")
    assert view.counters.count("mastodon").length > 300  # Mastodon still counts the main text
    view.preview.tabs.setCurrentIndex(view.preview.tab_labels().index("Bluesky"))
    card = view.preview.current_card()
    assert card is not None
    assert view.preview.text_on("bluesky").startswith("Wi-Fi upgrade tonight")
    view.texts.tabs.setCurrentIndex(0)
    assert view.editor.toPlainText() == main
    view.flush()

    again = _compose(qtbot, services, open_views)  # the next start, on the same workspace
    assert again.editor.toPlainText() == main
    assert again.texts.own == {"bluesky": "Wi-Fi upgrade tonight, library may blink. #CampusIT"}
    assert again.schedule is not None
    assert sorted(again.schedule.chosen_ids()) == sorted([masto.id, bsky.id])  # back with the draft
    with qtbot.waitSignal(again.scheduled) as done:
        again.schedule.schedule_button.click()
    post = _store(services).posts.get(done.args[0])
    parts = {d.network: [p.text for p in d.parts] for d in post.deliveries}
    assert parts["bluesky"] == ["Wi-Fi upgrade tonight, library may blink. #CampusIT"]
    assert parts["mastodon"] == [main.strip()]


def test_an_error_finding_blocks_until_the_person_posts_anyway_and_that_is_audited(
    qtbot: QtBot, services: Services, accounts: list[Account], open_views: list[ComposeView]
) -> None:
    view = _compose(qtbot, services, open_views)
    assert view.schedule is not None
    view.schedule.account_chips[accounts[0].id].click()
    view.editor.setPlainText("Locked out? Mail jane.doe@example.edu or call +1 415 555 0134 today.")
    with qtbot.assertNotEmitted(view.scheduled):
        view.schedule.schedule_button.click()
    assert "It cannot go out yet" in view.schedule.problem.text()
    assert view.schedule.anyway.isVisible()
    assert "personal data" in view.schedule.anyway.text()
    assert _store(services).posts.count([PostStatus.SCHEDULED]) == 0
    with qtbot.waitSignal(view.scheduled) as done:
        view.schedule.anyway.click()
    post = _store(services).posts.get(done.args[0])
    events = _store(services).deliveries.events(post.deliveries[0].id)
    assert "personal-data" in {e.detail for e in events if e.kind == "allowed"}


def _queued(services: Services, account: Account, text: str) -> int:
    store = _store(services)
    draft = store.posts.create(posting.PostChange(text).as_new_post())
    change = PostChange(text, (account.id,), now_utc() + timedelta(days=2))
    return posting.schedule(store, draft.id, change, now=now_utc()).id


def test_a_queued_post_opens_for_changes_saved_with_ctrl_s_in_place(
    qtbot: QtBot, services: Services, accounts: list[Account], open_views: list[ComposeView]
) -> None:
    view = _compose(qtbot, services, open_views)
    post_id = _queued(services, accounts[0], "Printers on floor 2 are back.")
    before = _store(services).posts.get(post_id)
    assert view.open_post(post_id)
    assert view.banner.isVisible()
    assert f"Editing post {post_id}" in view.banner.label.text()
    assert view.editor.toPlainText() == "Printers on floor 2 are back."
    assert view.schedule is not None
    assert view.schedule.schedule_button.text() == "Save changes"
    assert view.schedule.chosen_ids() == [accounts[0].id]
    view.editor.setPlainText("Printers on floors 2 and 3 are back.")
    drafts_before = _store(services).posts.count([PostStatus.DRAFT])
    with qtbot.waitSignal(view.scheduled):
        qtbot.keyClick(view.editor, Qt.Key.Key_S, _CTRL)
    after = _store(services).posts.get(post_id)
    assert after.body == "Printers on floors 2 and 3 are back."
    assert [d.id for d in after.deliveries] == [d.id for d in before.deliveries]
    assert [p.text for p in after.deliveries[0].parts] == ["Printers on floors 2 and 3 are back."]
    assert _store(services).posts.count([PostStatus.DRAFT]) == drafts_before  # no stray draft was made
    assert not view.banner.isVisible()
    assert view.editor.toPlainText() == ""


def test_a_post_that_has_gone_out_cannot_change_and_offers_a_duplicate(
    qtbot: QtBot, services: Services, accounts: list[Account], open_views: list[ComposeView]
) -> None:
    view = _compose(qtbot, services, open_views)
    post_id = _queued(services, accounts[0], "Sent already.")
    store = _store(services)
    with store.db.write() as conn:  # as the runner leaves it once the network has the post
        conn.execute("UPDATE deliveries SET state = 'sent' WHERE post_id = ?", (post_id,))
    said: list[Message] = []
    services.messages.posted.connect(said.append)
    assert not view.open_post(post_id)
    assert not view.banner.isVisible()
    assert "has gone out" in said[-1].text
    view.duplicate_post(post_id)
    assert view.editor.toPlainText() == "Sent already."
    assert view.autosave is not None
    copy = store.posts.get(view.autosave.post_id or 0)
    assert copy.status is PostStatus.DRAFT
    assert copy.id != post_id


def test_the_story_format_is_a_choice_the_preview_shows_and_the_post_keeps(
    qtbot: QtBot, services: Services, accounts: list[Account], open_views: list[ComposeView]
) -> None:
    view = _compose(qtbot, services, open_views)
    assert view.schedule is not None
    assert view.media is not None
    view.schedule.account_chips[accounts[2].id].click()
    assert view.selected_networks() == ["instagram"]
    assert not view.formats.isVisible()  # no picture: nothing to choose
    store = _store(services)
    item = store.media.add(
        DEMO / "lego-staff.jpg",
        width=1,
        height=1,
        mime="image/jpeg",
        kind=MediaKind.PHOTO,
        alt_text="A figure",
    )
    view.media.attach(item, "photo", "Meet the desk")
    assert view.formats.isVisible()
    box = view.formats.boxes["instagram"]
    assert "(template's)" in box.currentText()
    box.setCurrentIndex(box.findData("instagram-story"))
    assert view.preview.tab_labels()[view.preview.tabs.currentIndex()] == "Instagram · story"
    view.editor.setPlainText("Meet the service desk")
    with qtbot.waitSignal(view.scheduled) as done:
        view.schedule.schedule_button.click()
    post = store.posts.get(done.args[0])
    assert dict(post.format_for) == {"instagram": "instagram-story"}


def test_ctrl_s_says_saved_and_ctrl_n_keeps_the_draft(
    qtbot: QtBot, services: Services, accounts: list[Account], open_views: list[ComposeView]
) -> None:
    view = _compose(qtbot, services, open_views)
    view.editor.setPlainText("First draft")
    qtbot.keyClick(view.editor, Qt.Key.Key_S, _CTRL)
    assert view.saved_label.text().startswith("Saved ")
    qtbot.keyClick(view.editor, Qt.Key.Key_N, _CTRL)
    assert view.editor.toPlainText() == ""
    view.editor.setPlainText("Second draft")
    view.flush()
    bodies = [p.body for p in _store(services).posts.drafts()]
    assert bodies == ["Second draft", "First draft"]
    assert view.open_post(_store(services).posts.drafts()[1].id)
    assert view.editor.toPlainText() == "First draft"
