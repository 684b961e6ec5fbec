"""A damaged workspace (issue 12 item 6): found, opened read-only, never backed up, and restored.

Real SQLite files with real damage (8 KB of garbage in the middle of studio.db, a file emptied to 0 bytes),
and the CLI in subprocesses.
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studio.store import NewAccount, NewPost, PostStatus, open_store
from studio.store.backups import file_passes
from tests.integration.store.conftest import Cli

DAY = 24 * 3600


def _workspace_with_posts(home: Path, posts: int = 400) -> None:
    """A workspace with a handoff account and a few hundred scheduled posts (a file of about 1 MB)."""
    soon = datetime.now(UTC) + timedelta(days=3)
    with open_store(home) as store:
        account = store.accounts.add(NewAccount("threads", "it-threads"))
        for n in range(posts):
            body = f"post {n}: " + "the help desk moves to room 4. " * 40
            store.posts.create(NewPost(body, (account.id,), scheduled_at=soon), PostStatus.SCHEDULED)


def _a_day_later(home: Path) -> None:
    """As if the last check and the last backup were made yesterday: the next open is a day's first."""
    yesterday = time.time() - DAY - 60
    for path in (home / "backups").glob("*") if (home / "backups").is_dir() else ():
        os.utime(path, (yesterday, yesterday))


def _open_again(home: Path, times: int = 1) -> None:
    for _ in range(times):
        _a_day_later(home)
        with open_store(home):  # the day's first open: a check and a backup
            pass


def _damage(db: Path) -> None:
    """8 KB of garbage in the middle of the file."""
    size = db.stat().st_size
    assert size > 64 * 1024
    garbage = random.Random(12).randbytes(8192)
    with db.open("r+b") as handle:
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(garbage)


def _backups(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (home / "backups").glob("studio-*.db")}


def test_a_damaged_workspace_opens_read_only_and_names_the_backup_to_restore(
    cli: Cli, studio_home: Path
) -> None:
    _workspace_with_posts(studio_home)
    _open_again(studio_home)  # a good backup
    [good] = _backups(studio_home)
    db = studio_home / "studio.db"
    _damage(db)
    damaged = db.read_bytes()
    _a_day_later(studio_home)

    listed = cli("queue", "list")  # reading goes on where it can
    added = cli("queue", "add", "--account", "it-threads", "--text", "one more")
    published = cli("publish-due")

    for refused in (added, published):
        assert refused.returncode == 1, refused.stdout + refused.stderr
        [line] = refused.stderr.splitlines()  # one error line, nothing else
        assert line.startswith(f"error: database {db}: the workspace is damaged; restore the backup of ")
        assert f"`studio restore {good}`" in line
    assert listed.returncode in (0, 1)
    assert "Traceback" not in listed.stderr
    assert not (studio_home / "handoff").exists()  # publish-due refused before handing anything off
    assert list(_backups(studio_home)) == [good]  # no copy of the damaged file
    assert db.read_bytes() == damaged

    shown = cli("restore")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"{good}\t")
    assert shown.stdout.rstrip().endswith("passes the check")

    restored = cli("restore", good)
    assert restored.returncode == 0, restored.stderr
    [aside] = studio_home.glob("studio.db.damaged-*")
    assert aside.read_bytes() == damaged  # kept whole, for a report or a rescue
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    again = cli("queue", "add", "--account", "it-threads", "--text", "one more")
    assert again.returncode == 0, again.stderr
    with open_store(studio_home) as store:
        assert store.damage is None
        assert len(store.posts.page(limit=1000)) == 401

    refused = cli("restore", good)  # a healthy workspace is not replaced without --force
    assert refused.returncode == 1
    assert "passes the integrity check" in refused.stderr
    assert "--force" in refused.stderr


def test_damage_is_never_backed_up_and_the_good_backups_stay(cli: Cli, studio_home: Path) -> None:
    _workspace_with_posts(studio_home)
    _open_again(studio_home, times=7)  # a week of good backups: as many as are kept
    good = _backups(studio_home)
    assert len(good) == 7
    _damage(studio_home / "studio.db")

    for _ in range(8):  # more days than backups are kept
        _a_day_later(studio_home)
        cli("queue", "list")

    assert _backups(studio_home) == good
    assert all(file_passes(studio_home / "backups" / name) for name in good)


def test_an_empty_database_beside_backups_is_damage_not_a_new_workspace(cli: Cli, studio_home: Path) -> None:
    _workspace_with_posts(studio_home, posts=3)
    _open_again(studio_home)
    db = studio_home / "studio.db"
    db.write_bytes(b"")  # a full disk or a bad copy emptied it

    listed = cli("queue", "list")

    assert listed.returncode == 1
    assert "the workspace is damaged; restore the backup of " in listed.stderr
    assert db.stat().st_size == 0  # not made into a new, empty workspace
    assert cli("restore", next(iter(_backups(studio_home)))).returncode == 0
    assert "post 2:" in cli("queue", "list").stdout


def test_a_shared_memory_file_left_unwritable_is_made_writable_again(cli: Cli, studio_home: Path) -> None:
    _workspace_with_posts(studio_home, posts=1)
    db = studio_home / "studio.db"
    # A run on a read-only studio.db leaves its -shm read-only too (SQLite copies the file's mode); while
    # another process keeps it open, it outlives that run.
    db.chmod(0o444)
    holder = sqlite3.connect(db)
    holder.execute("SELECT count(*) FROM posts").fetchone()
    shm = studio_home / "studio.db-shm"
    assert stat.S_IMODE(shm.stat().st_mode) == 0o444
    db.chmod(0o600)
    try:
        listed = cli("queue", "list")
        assert listed.returncode == 0, listed.stderr
        assert stat.S_IMODE(shm.stat().st_mode) == 0o600
    finally:
        holder.close()


def test_the_workspace_is_private(cli: Cli, studio_home: Path) -> None:
    assert cli("queue", "list").returncode == 0  # a new workspace
    assert cli("accounts", "add", "threads", "--name", "it-threads").returncode == 0
    assert cli("queue", "list").returncode == 0  # the second open makes the first backup

    assert stat.S_IMODE(studio_home.stat().st_mode) == 0o700
    assert stat.S_IMODE((studio_home / "studio.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((studio_home / "backups").stat().st_mode) == 0o700
    [backup] = (studio_home / "backups").glob("studio-*.db")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with open_store(studio_home):  # while open, SQLite's side files have the database's mode
        for side in ("studio.db-wal", "studio.db-shm"):
            assert stat.S_IMODE((studio_home / side).stat().st_mode) == 0o600


def test_an_older_database_open_to_everyone_is_made_private(cli: Cli, studio_home: Path) -> None:
    studio_home.mkdir(mode=0o755)
    _workspace_with_posts(studio_home, posts=1)
    db = studio_home / "studio.db"
    db.chmod(0o644)  # as Studio made it before

    assert cli("queue", "list").returncode == 0

    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(studio_home.stat().st_mode) == 0o755  # a folder the user made is theirs
