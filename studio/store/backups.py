"""The workspace's integrity and its backups: the check, the daily copy, and putting a copy back.

A copy is made only from a database that passes `PRAGMA quick_check`, and is itself checked before the oldest
copies are let go, so the last good backup is never rotated out. A damaged workspace names the newest backup
that passes the check; `restore` puts it back atomically and keeps the damaged file aside.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from studio.errors import WorkspaceError

__all__ = [
    "Backup",
    "backups_dir",
    "check_mark_due",
    "damaged_error",
    "database_passes",
    "file_passes",
    "last_good_backup",
    "latest_backup",
    "list_backups",
    "live_file_passes",
    "make_backup",
    "mark_checked",
    "private_file",
    "restore_backup",
    "unmark_checked",
]

BACKUPS_KEPT = 7
_STAMP = re.compile(r"-(\d{8}T\d{6}\d*Z)-v(\d+)\.db$")


@dataclass(frozen=True, slots=True)
class Backup:
    """One copy in `backups/`: when it was made (from its name) and the schema it has."""

    path: Path
    made_at: datetime
    version: int

    @property
    def name(self) -> str:
        return self.path.name

    def shown_date(self) -> str:
        """When it was made, in local time to the minute (what the messages name)."""
        return self.made_at.astimezone().strftime("%Y-%m-%d %H:%M")


def backups_dir(db_path: Path) -> Path:
    """Where the copies of this database go."""
    return db_path.parent / "backups"


def list_backups(db_path: Path) -> list[Backup]:
    """This database's backups, oldest first (a half-written `.partial` copy is never listed)."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{db_path.stem}-*.db"):
        match = _STAMP.search(path.name)
        if match is None:
            continue
        stamp = match[1]
        made = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        found.append(Backup(path, made, int(match[2])))
    return sorted(found, key=lambda b: b.path.name)


def latest_backup(db_path: Path) -> Path | None:
    """The newest backup of this database, if any."""
    backups = list_backups(db_path)
    return backups[-1].path if backups else None


def file_passes(path: Path) -> bool:
    """Does this closed SQLite file pass `PRAGMA quick_check`? (Read only; no -wal or -shm made beside it.)"""
    try:
        if path.stat().st_size == 0:
            return False
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except (OSError, sqlite3.Error):
        return False
    return _passes_then_close(conn)


def database_passes(conn: sqlite3.Connection) -> bool:
    """Does the open database pass `PRAGMA quick_check` (its WAL included)?"""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError:  # "malformed", "not a database": as damaged as it gets
        return False
    return [tuple(r) for r in rows] == [("ok",)]


def live_file_passes(db_path: Path) -> bool:
    """Does the workspace database (its WAL included) pass the check? False for an empty or foreign file."""
    try:
        with db_path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                return False
        conn = sqlite3.connect(db_path)
    except (OSError, sqlite3.Error):
        return False
    return _passes_then_close(conn)


def _passes_then_close(conn: sqlite3.Connection) -> bool:
    try:
        return database_passes(conn)
    finally:
        conn.close()


def last_good_backup(db_path: Path) -> Backup | None:
    """The newest backup that passes the check."""
    for backup in reversed(list_backups(db_path)):
        if file_passes(backup.path):
            return backup
    return None


def damaged_error(db_path: Path) -> WorkspaceError:
    """The one message for a damaged workspace, naming the backup to restore."""
    good = last_good_backup(db_path)
    if good is None:
        return WorkspaceError(
            f"database {db_path}",
            "the workspace is damaged and no backup passes the check",
            "keep the file; `studio restore` lists the backups, and a copy of the file helps a report",
        )
    return WorkspaceError(
        f"database {db_path}",
        f"the workspace is damaged; restore the backup of {good.shown_date()}",
        f"`studio restore {good.name}` puts it back and keeps the damaged file aside",
    )


def _mark(db_path: Path) -> Path:
    return backups_dir(db_path) / f".{db_path.stem}-checked"


def check_mark_due(db_path: Path) -> bool:
    """Is this the first open of the day (local time) since the database last passed the check?"""
    try:
        checked = datetime.fromtimestamp(_mark(db_path).stat().st_mtime).date()
    except OSError:
        return True
    return checked != datetime.now().date()


def mark_checked(db_path: Path) -> None:
    """Remember that the database passed the check now."""
    mark = _mark(db_path)
    try:
        mark.parent.mkdir(mode=0o700, exist_ok=True)
        mark.touch()
    except OSError:
        return  # the next open checks again: slower, never wrong


def unmark_checked(db_path: Path) -> None:
    """SQLite found damage: the next open checks the whole file again."""
    try:
        _mark(db_path).unlink(missing_ok=True)
    except OSError:
        return


def private_file(path: Path) -> None:
    """Take group and other permissions off a file of ours (what the owner may do is left alone)."""
    try:
        info = path.stat()
        if info.st_mode & 0o077 and info.st_uid == os.getuid():
            path.chmod(info.st_mode & 0o700)
    except (OSError, AttributeError):  # gone meanwhile, or no getuid (Windows): nothing to tighten
        return


def _new_private(path: Path) -> None:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))


def make_backup(conn: sqlite3.Connection, db_path: Path, version: int) -> Path:
    """Copy the open database (which the caller has checked) into `backups/`, then rotate old copies.

    The copy is checked before any old one goes: a copy that fails is removed and nothing is rotated.
    """
    folder = backups_dir(db_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{db_path.stem}-{stamp}-v{version}.db"
    partial = folder / f".{target.name}.partial"  # a kill mid-copy never leaves a half backup as "latest"
    _new_private(partial)
    copy = sqlite3.connect(partial)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    if not file_passes(partial):
        partial.unlink(missing_ok=True)
        raise sqlite3.DatabaseError(f"the copy {target.name} did not pass the check")
    os.replace(partial, target)
    # Every copy made here passed the check, so the newest copy (just made) is a good one and stays.
    stale = list_backups(db_path)[:-BACKUPS_KEPT]
    for old in [*(b.path for b in stale), *folder.glob(f".{db_path.stem}-*.partial")]:
        old.unlink(missing_ok=True)  # partials: a killed earlier copy
    return target


def restore_backup(db_path: Path, backup: Path) -> Path | None:
    """Put `backup` in place of the database, atomically; returns where the replaced file was kept.

    The copy is made and checked beside the database first, then the current file (and its WAL, which
    belongs to it) moves aside as `studio.db.damaged-<time>` and the copy takes its name in one rename.
    """
    if not file_passes(backup):
        raise WorkspaceError(
            f"backup {backup}", "it does not pass the integrity check", "choose another (`studio restore`)"
        )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    incoming = db_path.with_name(f".{db_path.name}.restoring")
    _new_private(incoming)
    with backup.open("rb") as source, incoming.open("r+b") as target:
        shutil.copyfileobj(source, target)
        target.flush()
        os.fsync(target.fileno())
    if not file_passes(incoming):
        incoming.unlink(missing_ok=True)
        raise WorkspaceError(
            f"database {db_path}",
            "the restored copy did not pass the check",
            "free some disk space, then try again",
        )
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    kept = db_path.exists()
    if kept:
        try:
            os.link(db_path, aside)  # the damaged file stays whole under its new name until the swap
        except OSError:
            shutil.copy2(db_path, aside)
    wal = db_path.with_name(f"{db_path.name}-wal")
    if wal.exists():  # an old WAL would be replayed onto the restored file
        os.replace(wal, db_path.with_name(f"{db_path.name}.damaged-{stamp}-wal"))
    db_path.with_name(f"{db_path.name}-shm").unlink(missing_ok=True)
    os.replace(incoming, db_path)
    mark_checked(db_path)
    return aside if kept else None
