"""store.metrics in a real SQLite file: an automatic stage once, the latest snapshot, waits, and what a
deleted post or account takes with it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from studio.errors import WorkspaceError
from studio.listen.model import Counts
from studio.store import Account, Store
from tests.unit.listen.sent import publish

AT = datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_an_automatic_stage_is_kept_once_and_the_latest_snapshot_wins(store: Store, masto: Account) -> None:
    [d] = publish(store, (masto.id,), "The VPN is back", sent_at=AT)
    assert store.metrics.record([(d.id, Counts(1, 0, 0, None, AT + timedelta(hours=1)), "auto-1h")]) == 1
    assert store.metrics.record([(d.id, Counts(2, 0, 0, None, AT + timedelta(hours=2)), "auto-1h")]) == 0
    store.metrics.record([(d.id, Counts(7, 1, 2, 3, AT + timedelta(days=1)), "typed")])
    store.metrics.record([(d.id, Counts(5, 1, 2, None, AT + timedelta(hours=3)), "pull")])  # measured earlier
    assert store.metrics.latest([d.id])[d.id] == Counts(7, 1, 2, 3, AT + timedelta(days=1))
    assert [k for k, _ in store.metrics.history(d.id)] == ["auto-1h", "pull", "typed"]


def test_the_database_refuses_a_negative_count_or_an_unknown_kind(store: Store, masto: Account) -> None:
    [d] = publish(store, (masto.id,), "x", sent_at=AT)
    for counts, kind in ((Counts(-1, 0, 0, None, AT), "pull"), (Counts(1, 0, 0, None, AT), "guess")):
        with pytest.raises((sqlite3.IntegrityError, WorkspaceError)):
            store.metrics.record([(d.id, counts, kind)])
    assert store.metrics.latest([d.id]) == {}


def test_waits_and_gone_posts_go_with_their_account_and_delivery(store: Store, masto: Account) -> None:
    [d] = publish(store, (masto.id,), "x", sent_at=AT)
    store.metrics.set_wait(masto.id, AT)
    store.metrics.record([(d.id, Counts(1, 0, 0, None, AT), "pull")], gone=[d.id])
    assert (store.metrics.waits(), store.metrics.gone()) == ({masto.id: AT}, {d.id})
    store.metrics.set_wait(masto.id, None)
    assert store.metrics.waits() == {}
    with store.db.write() as conn:
        conn.execute("DELETE FROM posts WHERE id = ?", (d.post_id,))
    assert (store.metrics.gone(), store.metrics.latest([d.id])) == (set(), {})
