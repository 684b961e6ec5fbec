from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from studio.errors import WorkspaceError
from studio.store import NewAccount, open_store
from studio.store.migrations import LATEST


def test_a_new_workspace_is_wal_with_foreign_keys_and_the_latest_schema(studio_home: Path) -> None:
    with open_store(studio_home) as store, store.db.read() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_a_database_from_a_newer_studio_is_refused_untouched(studio_home: Path) -> None:
    with open_store(studio_home) as store:
        store.accounts.add(NewAccount("bluesky", "keep-me"))
    db = studio_home / "studio.db"
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    before = db.read_bytes()
    with pytest.raises(WorkspaceError, match="made by a newer Studio") as caught:
        open_store(studio_home)
    assert "update Studio" in caught.value.fix
    assert db.read_bytes() == before


def test_a_corrupt_database_is_refused_and_names_the_backup(studio_home: Path) -> None:
    studio_home.mkdir(parents=True)
    db = studio_home / "studio.db"
    db.write_bytes(b"this is not sqlite at all" * 100)
    (studio_home / "backups").mkdir()
    with sqlite3.connect(studio_home / "backups" / "studio-20260101T000000Z-v1.db") as backup:
        backup.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    backup.close()
    with pytest.raises(WorkspaceError, match="not a Studio database") as caught:
        open_store(studio_home)
    assert "the workspace is damaged; restore the backup of " in caught.value.why
    assert "studio restore studio-20260101T000000Z-v1.db" in caught.value.fix
    assert db.read_bytes() == b"this is not sqlite at all" * 100


def test_a_damaged_page_is_reported_not_a_traceback(studio_home: Path) -> None:
    with open_store(studio_home) as store:
        for n in range(200):
            store.accounts.add(NewAccount("bluesky", f"acct-{n}", notes="x" * 500))
    db = studio_home / "studio.db"
    data = bytearray(db.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # keep the header page, wreck every table page
    db.write_bytes(bytes(data))
    with pytest.raises(WorkspaceError, match="damaged"), open_store(studio_home) as store:
        store.accounts.list()


def test_an_unwritable_workspace_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(WorkspaceError, match="cannot create it") as caught:
        open_store(blocker / "workspace")
    assert "STUDIO_HOME" in caught.value.fix


def test_an_old_schema_is_backed_up_before_migrating(
    studio_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.store import connection, migrations

    with open_store(studio_home) as store:
        store.accounts.add(NewAccount("bluesky", "before"))
    extra = (*migrations.MIGRATIONS, ("CREATE TABLE later_feature (id INTEGER PRIMARY KEY)",))
    monkeypatch.setattr(connection, "MIGRATIONS", extra)
    monkeypatch.setattr(connection, "LATEST", len(extra))
    with open_store(studio_home) as store, store.db.read() as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(extra)
        conn.execute("SELECT * FROM later_feature").fetchall()
    [backup] = (studio_home / "backups").glob("studio-*.db")
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == LATEST
        assert old.execute("SELECT name FROM accounts").fetchall() == [("before",)]


def test_a_workspace_kept_busy_by_another_process_is_a_clear_error(
    studio_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studio.store import connection

    monkeypatch.setattr(connection, "_BUSY_TIMEOUT_S", 0.05)
    with open_store() as store:  # from STUDIO_HOME
        assert store.workspace == studio_home
        other = sqlite3.connect(studio_home / "studio.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another Studio holds the write lock
        try:
            with pytest.raises(WorkspaceError, match="another Studio kept it busy"):
                store.accounts.add(NewAccount("bluesky", "waits"))
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.accounts.add(NewAccount("bluesky", "waits")).name == "waits"


def test_a_daily_backup_is_made_and_named_when_the_file_is_damaged(studio_home: Path) -> None:
    with open_store(studio_home) as store:
        store.accounts.add(NewAccount("bluesky", "precious"))
    assert not (studio_home / "backups").exists()  # the first open made the file: nothing to keep yet
    for _ in range(3):
        open_store(studio_home).close()
    [backup] = (studio_home / "backups").glob("studio-*.db")  # once a day, not once per open
    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT name FROM accounts").fetchall() == [("precious",)]
    db = studio_home / "studio.db"
    db.write_bytes(b"\0" * 100)
    with pytest.raises(WorkspaceError) as caught:
        open_store(studio_home)
    assert f"studio restore {backup.name}" in caught.value.fix
