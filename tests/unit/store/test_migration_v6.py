"""Migration 6 rebuilds `deliveries` (new state `handed_off`) on a real version-5 workspace full of rows.

The version-5 file is made by the store itself with the migrations cut at 5, then filled through the store's
own API (sent threads in the archive, retries, failures, an incident with held promotions and a reply chain,
pictures, an audit for every step), so it holds what a real workspace holds.
"""

from __future__ import annotations

import io
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from studio.errors import WorkspaceError
from studio.store import NewAccount, NewPost, PostStatus, Store, open_store
from studio.store import connection as connection_module
from studio.store.migrations import LATEST, MIGRATIONS
from studio.workflows import IncidentRequest, load_texts, open_incident, post_update

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
_DELIVERY_COLUMNS = (
    "id, post_id, account_id, account_name, network, state, attempts, due_at, next_attempt_at, "
    "idempotency_key, claimed_by, claimed_at, remote_id, remote_url, last_error, sent_at, created_at, "
    "updated_at, reply_to_delivery_id"
)
_TABLES = {
    "deliveries": f"SELECT {_DELIVERY_COLUMNS} FROM deliveries ORDER BY id",
    "delivery_parts": "SELECT * FROM delivery_parts ORDER BY delivery_id, position",
    "delivery_events": "SELECT * FROM delivery_events ORDER BY id",
    "incident_holds": "SELECT * FROM incident_holds ORDER BY incident_id, delivery_id",
    "archive_fts": "SELECT rowid, text, account, network FROM archive_fts ORDER BY rowid",
    "posts": "SELECT * FROM posts ORDER BY id",
    "post_media": "SELECT * FROM post_media ORDER BY post_id, position",
}


def _jpeg(path: Path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def _fill(store: Store, tmp: Path) -> None:
    """A busy version-5 queue: every state a V5 delivery can be in, and every table that refers to one."""
    masto = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://example.social"))
    bsky = store.accounts.add(NewAccount("bluesky", "it-bsky", handle="it.example.org"))
    gone = store.accounts.add(NewAccount("mastodon", "old-masto", instance_url="https://old.example"))
    picture = store.media.add(_jpeg(tmp / "p.jpg"), width=64, height=48, mime="image/jpeg", alt_text="A map")
    ids = (masto.id, bsky.id, gone.id)
    for n in range(24):
        parts = {"mastodon": (f"post {n} one", f"post {n} two"), "bluesky": (f"post {n} bsky",)}
        store.posts.create(
            NewPost(f"post {n}", ids, parts, T0 + timedelta(minutes=n), ((picture.id, "photo", f"c{n}"),)),
            PostStatus.SCHEDULED,
            at=T0 - timedelta(hours=1),
        )
    claimed = store.deliveries.claim_due(T0 + timedelta(minutes=30), limit=100, claimer="runner")
    for index, delivery in enumerate(claimed):
        if index % 4 == 3:
            store.deliveries.mark_retry(delivery, "HTTP 503", T0 + timedelta(hours=1), at=T0)
        elif index % 7 == 5:
            store.deliveries.mark_final_failure(delivery, "HTTP 422: too long", at=T0)
        elif index % 10 == 6 and delivery.account_id != gone.id:
            continue  # left mid-send, as a killed runner leaves it
        else:
            for part in delivery.parts:
                delivery = store.deliveries.record_part_sent(delivery, part.position, remote_id=f"r{index}")
            store.deliveries.mark_sent(delivery, remote_id=f"r{index}", remote_url=f"https://x.test/{index}")
    store.accounts.remove(gone.id)  # its deliveries keep account_name; account_id becomes NULL
    texts = load_texts()
    request = IncidentRequest(service="Email", impact="slow", account_names=("it-masto",))
    incident = open_incident(store, request, texts).incident
    post_update(store, incident.id, "identified", texts)  # replies to the first update (a self-reference)
    store.posts.create(  # a promotion scheduled during the outage: held at the door, with its hold row
        NewPost("Tech Tip", (masto.id,), scheduled_at=T0), PostStatus.SCHEDULED, at=T0
    )
    store.deliveries.claim_due(T0 + timedelta(days=400), limit=0, claimer="runner")


def _snapshot(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as conn:
        data: dict[str, Any] = {name: conn.execute(sql).fetchall() for name, sql in _TABLES.items()}
        data["schema"] = dict(
            conn.execute(
                "SELECT name, sql FROM sqlite_schema WHERE tbl_name = 'deliveries' AND type != 'table' "
                # Migration 8's team triggers on deliveries (docs/TEAM.md) are not part of the rebuild.
                "AND sql IS NOT NULL AND name NOT LIKE 'team\\_%' ESCAPE '\\'"
            ).fetchall()
        )
        data["version"] = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    return data


@pytest.fixture
def v5_workspace(studio_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A version-5 workspace made by the store with its migrations cut at 5, filled with rows."""
    with monkeypatch.context() as patch:
        patch.setattr(connection_module, "MIGRATIONS", MIGRATIONS[:5])
        patch.setattr(connection_module, "LATEST", 5)
        with open_store(studio_home) as store:
            # Today's store API also writes the tables of later migrations (post_texts, ...), which add
            # tables only: they stand in while filling and are dropped after, leaving a true version 5 file.
            with store.db.write() as conn:
                for statement in MIGRATIONS[6]:
                    conn.execute(statement)
            _fill(store, tmp_path)
            with store.db.write() as conn:
                conn.execute("DROP INDEX posts_by_update")
                for table in ("post_texts", "post_formats", "post_accounts"):
                    conn.execute(f"DROP TABLE {table}")
    return studio_home


def test_rows_indexes_triggers_archive_and_links_survive_the_rebuild(v5_workspace: Path) -> None:
    db = v5_workspace / "studio.db"
    before = _snapshot(db)
    assert before["version"] == 5
    states = {row[5] for row in before["deliveries"]}
    assert states >= {"sent", "retrying", "failed", "sending", "cancelled", "held", "queued"}
    assert any(row[18] is not None for row in before["deliveries"])  # a reply chain
    assert any(row[2] is None for row in before["deliveries"])  # a removed account
    assert before["incident_holds"]
    assert len(before["archive_fts"]) > 10

    with open_store(v5_workspace) as store:
        after = _snapshot(db)
        assert after["version"] == LATEST >= 6
        for table in _TABLES:
            assert after[table] == before[table], table
        # Every index and trigger on deliveries is back, word for word, plus the new one.
        assert {k: v for k, v in after["schema"].items() if k != "deliveries_handed_off"} == before["schema"]
        assert "WHERE state = 'handed_off'" in after["schema"]["deliveries_handed_off"]
        with store.db.read() as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)  # back on after the rebuild
            for child in ("delivery_parts", "delivery_events", "incident_holds", "deliveries"):
                targets = {row[2] for row in conn.execute(f"PRAGMA foreign_key_list({child})")}
                assert "deliveries" in targets or child == "deliveries", child
            assert "deliveries" in {r[2] for r in conn.execute("PRAGMA foreign_key_list(deliveries)")}
        assert store.archive.search("post", limit=100)
    assert list((v5_workspace / "backups").glob("studio-*-v5.db"))  # the copy made before upgrading


def test_the_rebuilt_table_keeps_its_rules(v5_workspace: Path) -> None:
    with open_store(v5_workspace) as store:
        posts = store.posts.page(limit=100)
        delivery = next(d for p in posts for d in p.deliveries if d.state.value == "retrying")
        with store.db.write() as conn:
            # The new state is accepted; a made-up one is still refused by the CHECK.
            conn.execute("UPDATE deliveries SET state = 'handed_off' WHERE id = ?", (delivery.id,))
            with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
                conn.execute("UPDATE deliveries SET state = 'posted' WHERE id = ?", (delivery.id,))
            conn.execute("UPDATE deliveries SET state = 'retrying' WHERE id = ?", (delivery.id,))
        # The audit is still append-only.
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.db.write() as conn:
            conn.execute("UPDATE delivery_events SET detail = 'x' WHERE delivery_id = ?", (delivery.id,))
        # Foreign keys are enforced again: no part for a delivery that does not exist, no reply to one either.
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), store.db.write() as conn:
            conn.execute(
                "INSERT INTO delivery_parts (delivery_id, position, text, idempotency_key, record_key) "
                "VALUES (99999, 0, 'x', 'k-x', 'r-x')"
            )
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), store.db.write() as conn:
            conn.execute("UPDATE deliveries SET reply_to_delivery_id = 99999 WHERE id = ?", (delivery.id,))
        # Sending after the upgrade still reaches the archive (trigger), and deleting a post cascades
        # through the new table into its parts and audit, and out of the archive.
        [claimed] = store.deliveries.claim_due(T0 + timedelta(hours=2), limit=1, claimer="after")
        for part in claimed.parts:
            claimed = store.deliveries.record_part_sent(claimed, part.position, remote_id="new")
        store.deliveries.mark_sent(claimed, remote_id="new", remote_url="https://x.test/new")
        with store.db.read() as conn:
            assert conn.execute("SELECT 1 FROM archive_fts WHERE rowid = ?", (claimed.id,)).fetchone()
        with store.db.write() as conn:
            conn.execute("DELETE FROM posts WHERE id = ?", (claimed.post_id,))
        with store.db.read() as conn:
            for sql in (
                "SELECT 1 FROM archive_fts WHERE rowid = ?",
                "SELECT 1 FROM delivery_parts WHERE delivery_id = ?",
                "SELECT 1 FROM delivery_events WHERE delivery_id = ?",
            ):
                assert conn.execute(sql, (claimed.id,)).fetchone() is None, sql


def test_a_workspace_with_a_broken_link_is_refused_and_left_as_it_was(v5_workspace: Path) -> None:
    db = v5_workspace / "studio.db"
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA foreign_keys = OFF")  # damage made outside Studio
    raw.execute("INSERT INTO delivery_events (delivery_id, at, kind) VALUES (424242, 'x', 'orphan')")
    raw.commit()
    raw.close()
    before = _snapshot(db)

    with pytest.raises(WorkspaceError, match="pointing at a missing deliveries") as caught:
        open_store(v5_workspace)

    assert "not changed" in caught.value.fix
    after = _snapshot(db)
    assert after == before
    assert after["version"] == 5
