"""A handoff reaches a person: the background publisher writes a ready folder, and the app says so with the
four actions (Open folder, Copy caption, Copy alt text, Mark as posted) in the ready-to-post panel and on the
queue row.

The desktop here (offscreen or Xvfb) has no system tray, so the no-tray path runs for real: the message bar
with its button that opens the panel. The tray itself cannot be shown here; what a tray notification says and
which actions it leads to is decided by `handoff_notice` and `waiting_words`, tested on their own below.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QInputDialog, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from studio.autopublish import RunSummary
from studio.gui.app import Services, build_window
from studio.gui.handoffs import ACTIONS, Handoff, load_handoff
from studio.gui.mainwindow import MainWindow
from studio.gui.messages import Level
from studio.gui.notify import OPEN_PANEL, Notifier, handoff_notice, install_notifier, waiting_words
from studio.gui.publisher import BackgroundPublisher
from studio.gui.queue import QueueColumn, QueueView
from studio.store import Account, DeliveryState, NewAccount, NewPost, PostStatus, Store
from studio.workflows.pictures import import_picture

CAPTION = "Meet Sam from the help desk\nAsk Sam about passwords, printers and Wi-Fi. #CampusIT"
ALT = "A LEGO minifigure at the help desk, waving"
DEMO = Path(__file__).resolve().parents[2] / "assets" / "demo" / "lego-staff.jpg"


@pytest.fixture
def store(services: Services) -> Store:
    assert services.store is not None
    return services.store


@pytest.fixture
def insta(store: Store) -> Account:
    return store.accounts.add(NewAccount("instagram", "uni_it"))


@pytest.fixture
def publisher(services: Services) -> Iterator[BackgroundPublisher]:
    assert services.publisher is not None
    yield services.publisher
    assert services.publisher.stop(10_000)


@pytest.fixture
def shown(qtbot: QtBot, services: Services) -> MainWindow:
    window = build_window(services)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    return window


def _handoff_post(store: Store, insta: Account) -> int:
    picture = import_picture(store, DEMO, alt_text=ALT)
    new = NewPost(CAPTION, (insta.id,), {"instagram": (CAPTION,)}, media=((picture.id, "", ""),))
    return store.posts.create(new, PostStatus.SCHEDULED).id


def _hand_off(qtbot: QtBot, publisher: BackgroundPublisher) -> RunSummary:
    with qtbot.waitSignal(publisher.run_finished, timeout=30_000) as finished:
        publisher.poke()
    summary = finished.args[0]
    assert isinstance(summary, RunSummary)
    return summary


def _answer_link(text: str | None, asked: list[str]) -> None:
    """Answer the real "Mark as posted" question as a person would (None: they press Cancel)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        asked.append(dialog.labelText())
        if text is None:
            dialog.reject()
        else:
            dialog.setTextValue(text)
            dialog.accept()

    QTimer.singleShot(0, answer)


def test_a_handoff_by_the_background_publisher_opens_the_ready_panel_with_the_four_actions(
    qtbot: QtBot,
    services: Services,
    store: Store,
    insta: Account,
    publisher: BackgroundPublisher,
    shown: MainWindow,
) -> None:
    notifier = install_notifier(shown, services)
    assert notifier is not None
    assert publisher.listener is notifier
    assert (notifier.tray is None) is (not QSystemTrayIcon.isSystemTrayAvailable())
    post = _handoff_post(store, insta)
    with qtbot.waitSignal(notifier.waiting_changed, timeout=30_000) as counted:
        summary = _hand_off(qtbot, publisher)
    [(delivery_id, folder)] = summary.handed_off
    assert counted.args == [1]

    told = services.messages.history[-1]
    assert told.level is Level.INFO  # news that waits for the person, not a warning about a failure
    assert told.text == "Ready to post by hand on Instagram: Meet Sam from the help desk"
    assert "handed_off" not in told.text
    bar = shown.message_bar
    assert bar.isVisible()
    assert bar.label.text() == told.text
    assert bar.action.text() == OPEN_PANEL
    qtbot.mouseClick(bar.action, Qt.MouseButton.LeftButton)

    panel = notifier.panel
    assert panel is not None
    qtbot.waitExposed(panel)
    assert list(panel.buttons) == list(ACTIONS)
    assert all(panel.buttons[label].isEnabled() for label in ACTIONS)
    assert panel.heading.text() == "Ready to post on Instagram: Meet Sam from the help desk"
    assert panel.details.text() == f"uni_it · post {post} · 1 picture"
    assert panel.caption.toPlainText() == CAPTION

    opened: list[QUrl] = []
    notifier.steps.open_url = lambda url: opened.append(url) is None
    qtbot.mouseClick(panel.buttons["Open folder"], Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(folder)]

    clipboard = QApplication.clipboard()
    clipboard.setText("something else")
    qtbot.mouseClick(panel.buttons["Copy caption"], Qt.MouseButton.LeftButton)
    assert clipboard.text() == CAPTION
    qtbot.mouseClick(panel.buttons["Copy alt text"], Qt.MouseButton.LeftButton)
    assert clipboard.text() == ALT  # one picture: its alt text alone, ready to paste

    asked: list[str] = []
    _answer_link(" https://www.instagram.com/p/campus-it-sam/ ", asked)
    with qtbot.waitSignal(notifier.waiting_changed) as counted:
        qtbot.mouseClick(panel.buttons["Mark as posted"], Qt.MouseButton.LeftButton)
    assert counted.args == [0]
    assert "uni_it" in asked[0]
    delivery = store.deliveries.get(delivery_id)
    assert delivery.state is DeliveryState.SENT
    assert delivery.remote_url == "https://www.instagram.com/p/campus-it-sam/"
    assert store.posts.get(post).status is PostStatus.PUBLISHED
    assert not panel.isVisible()  # the last one waiting: nothing left to show
    assert services.messages.history[-1].text == f"Post {post} on uni_it is marked as posted"


def test_mark_as_posted_takes_no_link_or_can_be_called_off(
    qtbot: QtBot,
    services: Services,
    store: Store,
    insta: Account,
    publisher: BackgroundPublisher,
    shown: MainWindow,
) -> None:
    notifier = install_notifier(shown, services)
    assert notifier is not None
    _handoff_post(store, insta)
    [(delivery_id, folder)] = _hand_off(qtbot, publisher).handed_off
    panel = notifier.show_panel()
    assert panel is not None
    asked: list[str] = []
    _answer_link(None, asked)  # Cancel at the link question: nothing is marked
    panel.run("Mark as posted")
    assert asked
    assert store.deliveries.get(delivery_id).state is DeliveryState.HANDED_OFF
    assert panel.isVisible()
    _answer_link("", asked)  # no link: it is posted all the same, and keeps the folder's address
    panel.run("Mark as posted")
    delivery = store.deliveries.get(delivery_id)
    assert delivery.state is DeliveryState.SENT
    assert delivery.remote_url == Path(folder).as_uri()
    assert notifier.waiting == []


def test_the_queue_row_of_a_handoff_offers_the_same_actions(
    qtbot: QtBot, services: Services, store: Store, insta: Account, publisher: BackgroundPublisher
) -> None:
    post = _handoff_post(store, insta)
    [(delivery_id, folder)] = _hand_off(qtbot, publisher).handed_off
    view = QueueView(store, services.theme, services.messages)
    qtbot.addWidget(view)
    view.show_table()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    index = view.model.index(0, QueueColumn.TEXT)
    actions = dict(view.actions_at(index))
    assert list(actions)[:4] == list(ACTIONS)

    opened: list[QUrl] = []
    view.ops.handoffs.open_url = lambda url: opened.append(url) is None
    actions["Open folder"]()
    assert opened == [QUrl.fromLocalFile(folder)]
    QApplication.clipboard().setText("")
    actions["Copy caption"]()
    assert QApplication.clipboard().text() == CAPTION
    assert services.messages.history[-1].text == f"Caption of post {post} copied: paste it as the caption"
    actions["Copy alt text"]()
    assert QApplication.clipboard().text() == ALT
    view.ops.ask_url = lambda _t: ""
    actions["Mark as posted"]()
    assert store.deliveries.get(delivery_id).state is DeliveryState.SENT


def test_a_gone_folder_is_said_and_the_words_still_come_from_the_store(
    qtbot: QtBot, services: Services, store: Store, insta: Account, publisher: BackgroundPublisher
) -> None:
    _handoff_post(store, insta)
    [(delivery_id, folder)] = _hand_off(qtbot, publisher).handed_off
    for path in Path(folder).iterdir():
        path.unlink()
    Path(folder).rmdir()
    handoff = load_handoff(store, delivery_id)
    assert (handoff.folder_found, handoff.caption, handoff.alt_text) == (False, CAPTION, ALT)
    notifier = Notifier(store, services.messages, services.theme, tray=False)
    panel = notifier.show_panel()
    assert panel is not None
    qtbot.addWidget(panel)
    assert not panel.buttons["Open folder"].isEnabled()
    assert "The ready folder is gone" in panel.folder.text()
    assert not notifier.steps.open_folder(handoff)
    warning = services.messages.history[-1]
    assert warning.level is Level.WARNING
    assert "Retry in the queue writes the folder again" in warning.fix


def _handoff(n: int, network: str = "Instagram", caption: str = CAPTION) -> Handoff:
    return Handoff(n, 10 + n, "uni_it", network, Path(f"/tmp/h{n}"), caption, "", 0)


def test_what_the_notification_says_and_which_actions_it_leads_to() -> None:
    one = handoff_notice([_handoff(1)])
    assert one.title == "Ready to post on Instagram: Meet Sam from the help desk"
    assert one.text == "Ready to post by hand on Instagram: Meet Sam from the help desk"
    assert one.actions == ("Open folder", "Copy caption", "Copy alt text", "Mark as posted")
    assert "mark it as posted" in one.body
    two = handoff_notice([_handoff(1), _handoff(2, "Threads", "Library hours change")])
    assert two.title == "2 posts ready to post by hand"
    assert two.body.splitlines() == [
        "Ready to post on Instagram: Meet Sam from the help desk",
        "Ready to post on Threads: Library hours change",
    ]
    assert (
        two.text == "2 posts ready to post by hand; the last: Ready to post on Threads: Library hours change"
    )
    assert waiting_words(0) == "Studio: nothing waits to be posted by hand"
    assert waiting_words(1) == "Studio: 1 post ready to post by hand"
    assert waiting_words(3) == "Studio: 3 posts ready to post by hand"


class _Listener:
    def __init__(self) -> None:
        self.handed: list[tuple[tuple[int, str], ...]] = []
        self.needs: list[tuple[str, str]] = []

    def handed_off(self, items: tuple[tuple[int, str], ...]) -> bool:
        self.handed.append(items)
        return True

    def needs_person(self, text: str, fix: str) -> None:
        self.needs.append((text, fix))


def test_failures_that_need_a_person_reach_the_notifier_and_say_counted_nouns(
    qtbot: QtBot, services: Services, studio_home: Path
) -> None:
    summary = RunSummary(
        handed_off=((7, "/tmp/ready"),),
        failed=((1, "the server refused the picture"), (2, "the text is too long")),
        missed=(3,),
        reconnect=("it-masto",),
    )
    background = BackgroundPublisher(
        studio_home, services.messages, services.credentials, run=lambda *_a, **_k: summary
    )
    listener = _Listener()
    background.listener = listener
    with qtbot.waitSignal(background.run_finished, timeout=10_000):
        background.poke()
    assert background.stop(10_000)
    assert listener.handed == [((7, "/tmp/ready"),)]
    assert listener.needs == [
        (
            "2 posts could not be published; the last: the text is too long",
            "open the queue to fix and retry it",
        ),
        (
            "it-masto needs reconnecting: the network refused the sign-in",
            "open Accounts, select it and press Reconnect",
        ),
    ]
    texts = [m.text for m in services.messages.history]
    assert "1 post missed its time while Studio was closed" in texts
    assert not any("Ready to post" in t for t in texts)  # the notifier told of the handoff, not twice


# No tray here: Qt says it cannot follow a tray window that does not exist. The app itself only makes a tray
# where `isSystemTrayAvailable()` (install_notifier), so this warning never comes from it.
@pytest.mark.qt_log_ignore(r"No such signal QPlatformNativeInterface::systemTrayWindowChanged")
def test_a_tray_notifier_counts_what_waits_in_its_tooltip_and_menu(
    qtbot: QtBot, services: Services, store: Store, insta: Account
) -> None:
    """The tray's icon, tooltip and menu are real objects even where no tray can show them."""
    post = _handoff_post(store, insta)
    [claimed] = store.deliveries.claim_due(datetime.now(UTC), limit=1, claimer="test")
    done = store.deliveries.record_part_sent(claimed, 0, remote_id="/nowhere")
    store.deliveries.mark_handed_off(done, folder="/nowhere", folder_url="file:///nowhere")
    notifier = Notifier(store, services.messages, services.theme, tray=True)
    assert notifier.tray is not None
    try:
        assert notifier.tray.toolTip() == "Studio: 1 post ready to post by hand"
        labels = [a.text() for a in notifier.menu.actions() if not a.isSeparator()]
        assert labels == [
            "1 post ready to post by hand",
            "Ready to post on Instagram: Meet Sam from the help desk",
            "Show Studio",
        ]
        store.deliveries.confirm_handoff(claimed.id)
        notifier.refresh()
        assert notifier.tray.toolTip() == "Studio: nothing waits to be posted by hand"
        assert store.posts.get(post).status is PostStatus.PUBLISHED
    finally:
        notifier.tray.hide()


def test_the_status_bar_says_what_waits_and_opens_the_ready_panel(
    qtbot: QtBot,
    services: Services,
    store: Store,
    insta: Account,
    publisher: BackgroundPublisher,
    shown: MainWindow,
) -> None:
    from studio.gui.statusbar import StatusPanel

    status = shown.findChild(StatusPanel)
    assert status is not None
    notifier = install_notifier(shown, services)
    assert notifier is not None
    assert not status.ready_button.isVisible()  # nothing waits yet
    _handoff_post(store, insta)
    with qtbot.waitSignal(notifier.waiting_changed, timeout=30_000):
        _hand_off(qtbot, publisher)
    assert status.ready_button.isVisible()
    assert status.ready_button.text() == "1 post ready to post by hand"
    qtbot.mouseClick(status.ready_button, Qt.MouseButton.LeftButton)
    panel = notifier.panel
    assert panel is not None
    qtbot.waitExposed(panel)
    assert list(panel.buttons) == list(ACTIONS)
    panel.close()
