"""The queue table as a user meets it: deliveries in lazy pages, filters that re-query the store."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.queue import QueueColumn, QueueRole
from studio.gui.queue.model import PAGE
from studio.store import Account, NewPost, Store
from tests.gui.queue.conftest import NOW, make_view, schedule


def test_the_table_lists_deliveries_and_loads_pages_as_it_scrolls(
    qtbot: QtBot, services: Services, store: Store, masto: Account, bsky: Account, qtmodeltester: ModelTester
) -> None:
    posts = PAGE // 2 + 30  # two deliveries each: more rows than one page
    for i in range(posts):
        schedule(store, (masto, bsky), NOW + timedelta(hours=i + 1), f"Tech Tip #{i}\nsecond line")
    store.posts.create(NewPost("A draft with no account yet"))
    view = make_view(qtbot, services)
    view.show_table()
    model = view.model
    assert model.total == posts * 2 + 1
    qtbot.waitUntil(lambda: model.rowCount() >= PAGE, timeout=5000)
    assert model.rowCount() < model.total
    # Newest scheduled first: the unscheduled draft, then the latest post's two deliveries.
    assert model.index(0, QueueColumn.ACCOUNT).data() == "No account yet"
    assert model.index(0, QueueColumn.STATUS).data() == "Draft"
    assert model.index(0, QueueColumn.WHEN).data() == "Not scheduled"
    first = [model.index(r, c).data() for r in (1, 2) for c in (QueueColumn.NETWORK, QueueColumn.ACCOUNT)]
    assert first == ["Bluesky", "it-bsky", "Mastodon", "it-masto"]
    assert model.index(1, QueueColumn.STATUS).data() == "Queued"
    assert model.index(1, QueueColumn.TEXT).data() == f"Tech Tip #{posts - 1}"
    assert model.index(1, QueueColumn.TEXT).data(Qt.ItemDataRole.ToolTipRole).endswith("second line")
    assert model.index(1, QueueColumn.WHEN).data() == (NOW + timedelta(hours=posts)).strftime(
        "%a %d %b %Y, %H:%M"
    )
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == model.total, timeout=5000)
    assert f"{model.total} rows (one per post and account)." in view.subtitle.text()
    qtmodeltester.check(model)


def test_filters_re_query_the_store(
    qtbot: QtBot, services: Services, store: Store, masto: Account, bsky: Account, qtmodeltester: ModelTester
) -> None:
    printer = schedule(store, (masto, bsky), NOW - timedelta(hours=2), "Printer queue is down")
    wifi = schedule(store, (masto,), NOW + timedelta(hours=3), "Wi-Fi tip of the week")
    claimed = store.deliveries.claim_due(NOW, limit=1, claimer="test")[0]
    store.deliveries.mark_final_failure(claimed, "401: the token was revoked")
    view = make_view(qtbot, services)
    view.show_table()
    model = view.model
    bar = view.filters
    assert model.total == 3

    bar.status.setCurrentIndex(bar.status.findText("Failed"))
    assert model.total == model.rowCount() == 1
    assert model.index(0, QueueColumn.STATUS).data() == "Failed"
    assert model.index(0, QueueColumn.PROBLEM).data() == "401: the token was revoked"
    assert "1 row (one per post and account) matches the filters." in view.subtitle.text()
    qtmodeltester.check(model)

    bar.status.setCurrentIndex(bar.status.findText("Queued"))
    assert {model.index(r, QueueColumn.TEXT).data() for r in range(model.rowCount())} == {
        "Printer queue is down",
        "Wi-Fi tip of the week",
    }
    bar.network.setCurrentIndex(bar.network.findText("Bluesky"))
    assert [model.index(r, QueueColumn.ACCOUNT).data() for r in range(model.rowCount())] == ["it-bsky"]
    bar.status.setCurrentIndex(0)
    bar.network.setCurrentIndex(0)
    bar.account.setCurrentIndex(bar.account.findText("it-masto"))
    assert model.total == 2
    assert {model.index(r, QueueColumn.ACCOUNT).data() for r in range(2)} == {"it-masto"}
    bar.account.setCurrentIndex(0)

    qtbot.keyClicks(bar.search, "WI-FI")
    qtbot.waitUntil(lambda: model.total == 1, timeout=3000)  # after the typing pause
    assert model.data(model.index(0, QueueColumn.TEXT)) == "Wi-Fi tip of the week"
    assert model.filter.text == "WI-FI"
    bar.search.clear()
    qtbot.keyClick(bar.search, Qt.Key.Key_Return)  # Enter searches at once
    assert model.total == 3
    assert {printer, wifi} == {model.index(r, QueueColumn.TEXT).data(QueueRole.POST_ID) for r in range(3)}
    qtmodeltester.check(model)


def test_a_change_to_one_post_updates_only_its_rows(
    qtbot: QtBot, services: Services, store: Store, masto: Account, bsky: Account
) -> None:
    schedule(store, (masto,), NOW + timedelta(hours=5))
    target = schedule(store, (masto, bsky), NOW + timedelta(hours=2))
    schedule(store, (masto,), NOW + timedelta(hours=1))
    view = make_view(qtbot, services)
    view.show_table()
    model = view.model
    qtbot.waitUntil(lambda: model.rowCount() == 4, timeout=3000)
    store.posts.cancel(target)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    model.refresh_post(target)
    assert sorted(changed) == [(1, 1), (2, 2)]
    assert [model.index(r, QueueColumn.STATUS).data() for r in range(4)] == [
        "Queued",
        "Cancelled",
        "Cancelled",
        "Queued",
    ]
    assert model.rowCount(model.index(0, 0)) == 0
    assert not model.canFetchMore(QModelIndex())
