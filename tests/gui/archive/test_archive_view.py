"""The Archive view with pytest-qt over a real workspace: lazy paging, FTS search, links, exports, report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from studio.gui.app import Services, build_window
from studio.gui.archive import ArchiveColumn, ArchiveModel, ArchiveView
from studio.gui.archive.model import PAGE
from studio.gui.lazy import LazyView
from studio.publish import Runner
from studio.store import Account, NewAccount, NewPost, PostStatus, Store
from studio.store.times import now_utc
from tests.keyring_helpers import KEYRING, delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer


@pytest.fixture
def store(services: Services) -> Store:
    """The app's store (a real SQLite workspace in tmp_path)."""
    assert services.store is not None
    return services.store


@pytest.fixture
def masto(store: Store) -> Account:
    """An account whose deliveries the tests mark sent with the store's own calls (as the runner does)."""
    return store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))


def _publish(store: Store, account: Account, texts: list[str]) -> None:
    """Create, claim and mark sent one post per text, each a minute after the one before."""
    start = now_utc() - timedelta(days=1)
    for number, text in enumerate(texts):
        moment = start + timedelta(minutes=number)
        store.posts.create(NewPost(text, (account.id,), scheduled_at=moment), PostStatus.SCHEDULED, at=moment)
    while batch := store.deliveries.claim_due(now_utc(), limit=100, claimer="test"):
        for d in batch:
            d = store.deliveries.record_part_sent(d, 0, remote_id=f"r{d.id}")
            store.deliveries.mark_sent(
                d, remote_id=f"r{d.id}", remote_url=f"https://social.example/@it/{d.id}", at=d.due_at
            )


def _view(qtbot: QtBot, services: Services, folder: Path) -> ArchiveView:
    assert services.store is not None

    def ask(_caption: str, name: str, _filters: str) -> Path:  # the file dialog's answer, without a dialog
        return folder / name

    view = ArchiveView(services.store, services.workers, services.messages, services.theme, ask_path=ask)
    qtbot.addWidget(view)
    with qtbot.waitActive(view):  # keyboard focus and shortcuts need the active window
        view.show()
        view.activateWindow()
    return view


def test_an_empty_archive_says_so_and_still_exports(
    qtbot: QtBot, services: Services, store: Store, masto: Account, tmp_path: Path
) -> None:
    store.posts.create(
        NewPost("Planned", (masto.id,), scheduled_at=now_utc() + timedelta(days=2)), PostStatus.SCHEDULED
    )
    view = _view(qtbot, services, tmp_path)
    assert view.pages.currentWidget() is view.empty
    view.export("ics")
    ics = (tmp_path / "studio-schedule.ics").read_text(encoding="utf-8")
    assert "SUMMARY:Planned" in ics
    assert services.messages.history[-1].text.startswith("Saved 1 scheduled post to ")


def test_pages_load_as_the_view_scrolls_and_the_model_passes_the_tester(
    qtbot: QtBot, services: Services, store: Store, masto: Account, qtmodeltester: ModelTester
) -> None:
    _publish(store, masto, [f"Tech tip number {n}" for n in range(PAGE + 30)])
    model = ArchiveModel(store)
    assert model.total == PAGE + 30
    assert model.rowCount() == 0
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE
    assert model.data(model.index(0, ArchiveColumn.TEXT)) == f"Tech tip number {PAGE + 29}"  # newest first
    qtmodeltester.check(model)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == PAGE + 30
    assert not model.canFetchMore(QModelIndex())
    model.set_query("tip 17")
    qtmodeltester.check(model)


def test_search_shows_matches_with_links_and_no_match_says_so(
    qtbot: QtBot, services: Services, store: Store, masto: Account, tmp_path: Path
) -> None:
    _publish(
        store, masto, ["Eduroam is back in the library", "Tech Tip: lock your screen", "Café Wi-Fi fixed"]
    )
    view = _view(qtbot, services, tmp_path)
    assert view.pages.currentWidget() is view.table
    assert "3 published deliveries" in view.subtitle.text()
    qtbot.keyClicks(view.search, "cafe wi")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.model.rowCount() == 1
    text = view.model.data(view.model.index(0, ArchiveColumn.TEXT))
    assert "[Café]" in text  # the FTS snippet marks the match; accents fold
    link = view.model.index(0, ArchiveColumn.LINK)
    assert str(view.model.data(link)).startswith("https://social.example/@it/")
    assert view.model.data(link, Qt.ItemDataRole.FontRole).underline()
    assert view.table.hasFocus()
    view.search.clear()
    qtbot.keyClicks(view.search, "printer")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.pages.currentWidget() is view.no_match
    view.search.clear()  # cleared: everything again
    assert view.model.total == 3
    assert view.pages.currentWidget() is view.table


def test_exports_and_the_monthly_report_are_written_where_asked(
    qtbot: QtBot, services: Services, store: Store, masto: Account, tmp_path: Path
) -> None:
    _publish(store, masto, ['A post with "quotes", and commas'])
    view = _view(qtbot, services, tmp_path)
    view.export("csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "studio-posts.csv").read_text(encoding="utf-8"))))
    assert rows[0]["text"] == 'A post with "quotes", and commas'
    view.export("json")
    doc = json.loads((tmp_path / "studio-posts.json").read_text(encoding="utf-8"))
    assert doc[0]["deliveries"][0]["remote_url"].startswith("https://social.example/@it/")
    sent = store.archive.page(limit=1)[0].sent_at.astimezone()
    view.month.setDate(view.month.date().fromString(sent.strftime("%Y-%m-01"), "yyyy-MM-dd"))
    view.export("report")
    month = sent.strftime("%Y-%m")
    html = (tmp_path / f"studio-report-{month}.html").read_text(encoding="utf-8")
    assert "A post with &quot;quotes&quot;, and commas" in html or 'A post with "quotes"' in html
    assert services.messages.history[-1].text.startswith(f"Saved the report for {month} to ")


def test_a_file_that_cannot_be_written_is_reported_and_the_button_comes_back(
    qtbot: QtBot, services: Services, store: Store, masto: Account, tmp_path: Path
) -> None:
    view = _view(qtbot, services, tmp_path / "no-such-folder")
    view.export("csv")
    last = services.messages.history[-1]
    assert "cannot write it" in last.text
    assert view.buttons["csv"].isEnabled()


@pytest.fixture
def mastodon() -> Iterator[MastodonServer]:
    """The loopback Mastodon-API server of the publishing tests."""
    with MastodonServer() as server:
        yield server


def test_what_the_runner_publishes_shows_up_in_the_window_with_the_servers_link(
    qtbot: QtBot, services: Services, store: Store, mastodon: MastodonServer
) -> None:
    account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
    set_secret(account.id, "test-token")
    try:
        store.posts.create(NewPost("Printing is back on every floor", (account.id,)), PostStatus.SCHEDULED)
        assert Runner(store, credentials=KEYRING).run().ok
    finally:
        delete_secret(account.id)
    window = build_window(services)
    qtbot.addWidget(window)
    window.show_view("archive")
    with qtbot.waitExposed(window):
        window.show()
    page = window.view_widget("archive")
    assert isinstance(page, LazyView)
    view = page.view
    assert isinstance(view, ArchiveView)
    (status,) = mastodon.statuses()
    url = view.model.data(view.model.index(0, ArchiveColumn.LINK))
    assert url == mastodon.status_url(status)
    window.close()
