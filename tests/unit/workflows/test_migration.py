"""Migration 2 (incidents, reply links) upgrades a version-1 workspace and keeps its queue."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from studio.store import open_store
from studio.store.migrations import LATEST, MIGRATIONS


def test_a_version_1_workspace_is_upgraded_with_its_deliveries(studio_home: Path) -> None:
    studio_home.mkdir(parents=True)
    raw = sqlite3.connect(studio_home / "studio.db")
    for statement in MIGRATIONS[0]:
        raw.execute(statement)
    raw.execute("PRAGMA user_version = 1")
    stamp = "2026-03-10T09:00:00.000000Z"
    raw.execute(
        "INSERT INTO accounts (id, network, name, created_at) VALUES (1, 'mastodon', 'it-masto', ?)", (stamp,)
    )
    raw.execute(
        "INSERT INTO posts (id, body, status, created_at, updated_at) VALUES (1, 'hi', 'scheduled', ?, ?)",
        (stamp, stamp),
    )
    raw.execute(
        "INSERT INTO deliveries (id, post_id, account_id, account_name, network, state, due_at, "
        "idempotency_key, created_at, updated_at) "
        "VALUES (1, 1, 1, 'it-masto', 'mastodon', 'queued', ?, 'k', ?, ?)",
        (stamp, stamp, stamp),
    )
    raw.commit()
    raw.close()

    with open_store(studio_home) as store:
        delivery = store.deliveries.get(1)
        assert (delivery.state.value, delivery.reply_to_delivery_id) == ("queued", None)
        assert store.incidents.list_all() == []
        path = store.db.path
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert check.execute("PRAGMA foreign_key_check").fetchall() == []
    check.close()
    assert list((studio_home / "backups").glob("studio-*-v1.db"))  # the copy made before upgrading
