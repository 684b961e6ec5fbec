"""The Archive view's numbers with pytest-qt over a real workspace: likes, reposts and replies per delivery,
kept up to date as pulls record them, and "Add numbers…" for a handoff network."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.archive import ArchiveColumn, ArchiveView
from studio.listen.model import Counts
from studio.store import Account, NewAccount, Store
from studio.store.times import now_utc
from tests.unit.listen.sent import publish


@pytest.fixture
def store(services: Services) -> Store:
    assert services.store is not None
    return services.store


@pytest.fixture
def accounts(store: Store) -> tuple[Account, Account]:
    masto = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
    return masto, store.accounts.add(NewAccount("instagram", "it-insta"))


def _view(qtbot: QtBot, services: Services, answers: list[tuple[int, int, int, str] | None]) -> ArchiveView:
    assert services.store is not None
    asked: list[str] = []

    def ask(what: str, _last: Counts | None, _url: str) -> tuple[int, int, int, str] | None:
        asked.append(what)  # the dialog's answer, without a dialog
        return answers.pop(0)

    view = ArchiveView(services.store, services.workers, services.messages, services.theme, ask_numbers=ask)
    qtbot.addWidget(view)
    view.show()
    return view


def _row_of(view: ArchiveView, account: str) -> int:
    rows = [r for r in range(view.model.rowCount()) if view.model.entry(r).account == account]
    assert rows, account
    return rows[0]


def _numbers(view: ArchiveView, row: int) -> str:
    return str(view.model.data(view.model.index(row, ArchiveColumn.ENGAGEMENT)))


def test_numbers_show_per_delivery_and_follow_a_pull(
    qtbot: QtBot, services: Services, store: Store, accounts: tuple[Account, Account]
) -> None:
    masto, insta = accounts
    sent = publish(store, (masto.id, insta.id), "The VPN is back", sent_at=now_utc() - timedelta(hours=2))
    on_masto = next(d for d in sent if d.network == "mastodon")
    store.metrics.record([(on_masto.id, Counts(5, 1, 2, None, now_utc()), "auto-1h")])
    view = _view(qtbot, services, [])
    ModelTester(qtbot).check(view.model)
    assert _numbers(view, _row_of(view, "it-masto")) == "5 · 1 · 2"
    assert _numbers(view, _row_of(view, "it-insta")) == "—"
    tip = view.model.data(
        view.model.index(_row_of(view, "it-masto"), ArchiveColumn.ENGAGEMENT), Qt.ItemDataRole.ToolTipRole
    )
    assert str(tip).startswith("5 likes, 1 reposts, 2 replies; measured")

    # A later pull (another process, the app's background) records more: the column follows the store.
    store.metrics.record([(on_masto.id, Counts(9, 3, 4, 1, now_utc() + timedelta(seconds=1)), "pull")])
    view.follow_store()
    assert _numbers(view, _row_of(view, "it-masto")) == "9 · 3 · 4 · 1 quote"


def test_add_numbers_is_for_handoff_deliveries_and_keeps_the_link(
    qtbot: QtBot, services: Services, store: Store, accounts: tuple[Account, Account]
) -> None:
    masto, insta = accounts
    publish(store, (masto.id, insta.id), "Tech tip: lock your screen", sent_at=now_utc() - timedelta(days=1))
    view = _view(qtbot, services, [None, (40, 3, 5, "https://www.instagram.com/p/abc/")])
    button = view.buttons["numbers"]
    view.table.selectRow(_row_of(view, "it-masto"))
    assert not button.isEnabled()  # Mastodon is read by `metrics pull`
    view.table.selectRow(_row_of(view, "it-insta"))
    assert button.isEnabled()

    button.click()  # cancelled: nothing kept
    row = _row_of(view, "it-insta")
    assert _numbers(view, row) == "—"
    button.click()
    row = _row_of(view, "it-insta")
    assert _numbers(view, row) == "40 · 3 · 5"
    assert view.model.entry(row).remote_url == "https://www.instagram.com/p/abc/"
    latest = store.metrics.latest([view.model.entry(row).delivery_id])
    assert latest[view.model.entry(row).delivery_id].likes == 40


def test_a_bad_link_is_a_message_and_nothing_is_kept(
    qtbot: QtBot, services: Services, store: Store, accounts: tuple[Account, Account]
) -> None:
    _masto, insta = accounts
    [d] = publish(store, (insta.id,), "Printing is back", sent_at=now_utc() - timedelta(days=1))
    view = _view(qtbot, services, [(1, 2, 3, "not a link")])
    view.table.selectRow(0)
    view.add_numbers()
    last = services.messages.history[-1]
    assert (last.level.value, last.text) == ("error", "link: 'not a link' is not a web address")
    assert store.metrics.latest([d.id]) == {}
    assert _numbers(view, 0) == "—"
