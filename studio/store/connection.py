"""Opening the workspace database safely: WAL, foreign keys, busy timeout, migrations with a backup first.

Every sqlite3 error is mapped here to a `WorkspaceError` that names the file and the fix, so a corrupt file,
a database from a newer Studio or an unwritable folder is refused with a message, never a traceback or
an overwrite.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from studio.errors import WorkspaceError
from studio.store.migrations import LATEST, MIGRATIONS, REBUILDS

__all__ = ["Database", "backups_dir", "latest_backup"]

_HEADER = b"SQLite format 3\x00"
_BUSY_TIMEOUT_S = 15.0
_BACKUP_EVERY_S = 24 * 3600
_BACKUPS_KEPT = 7
_log = logging.getLogger(__name__)


def backups_dir(db_path: Path) -> Path:
    """Where copies made before a migration go."""
    return db_path.parent / "backups"


def latest_backup(db_path: Path) -> Path | None:
    """The newest backup of this database, if any."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return None
    copies = sorted(folder.glob(f"{db_path.stem}-*.db"))
    return copies[-1] if copies else None


def _backup_hint(db_path: Path) -> str:
    backup = latest_backup(db_path)
    return f"the last backup is {backup}" if backup else "there is no backup yet"


class Database:
    """One connection to the workspace database, shared by the store's parts; safe across threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        _prepare_folder(path.parent)
        _check_header(path)
        try:
            conn = sqlite3.connect(
                path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise self.map_error(error, "open") from None
        self._conn = conn
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            # A process crash loses nothing in WAL mode with synchronous=NORMAL (only a power cut could undo
            # the very last commits), and it keeps a draft save well under a millisecond.
            conn.execute("PRAGMA synchronous = NORMAL")
            if str(mode).lower() != "wal":
                raise WorkspaceError(
                    f"database {path}", f"could not switch to WAL mode (got {mode})", _backup_hint(path)
                )
            found = self._migrate()
            if found > 0:  # not for a database created just now: there is nothing to keep yet
                self._routine_backup(found)
        except sqlite3.Error as error:
            conn.close()
            raise self.map_error(error, "open") from None
        except WorkspaceError:
            conn.close()
            raise

    def close(self) -> None:
        """Close the connection (checkpoints the WAL when it is the last one)."""
        with self._lock:
            self._conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE: takes the write lock at once, so claims are atomic)."""
        with self._transaction("BEGIN IMMEDIATE") as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: one consistent snapshot for several queries."""
        with self._transaction("BEGIN") as conn:
            yield conn

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._depth:  # joined into the caller's transaction
                self._depth += 1
                try:
                    yield self._conn
                finally:
                    self._depth -= 1
                return
            try:
                self._conn.execute(begin)
            except sqlite3.Error as error:
                raise self.map_error(error, "begin a transaction") from None
            self._depth = 1
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException as error:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error) and not isinstance(error, sqlite3.IntegrityError):
                    raise self.map_error(error, "write") from None
                raise
            finally:
                self._depth = 0

    def map_error(self, error: sqlite3.Error, doing: str) -> WorkspaceError:
        """A clear WorkspaceError for an sqlite3 error (never includes row data)."""
        text = str(error).lower()
        what = f"database {self.path}"
        if "locked" in text or "busy" in text:
            return WorkspaceError(
                what, f"another Studio kept it busy for {_BUSY_TIMEOUT_S:.0f} s", "try again in a moment"
            )
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return WorkspaceError(
                what,
                f"cannot {doing}: the file or its folder is not writable",
                "check the folder's permissions",
            )
        if "disk is full" in text or "disk i/o" in text:
            return WorkspaceError(what, f"cannot {doing}: {error}", "free some disk space, then try again")
        if "malformed" in text or "not a database" in text or "corrupt" in text:
            return WorkspaceError(
                what,
                "the database file is damaged",
                f"move it aside and restore a backup; {_backup_hint(self.path)}",
            )
        return WorkspaceError(what, f"cannot {doing}: {error}", _backup_hint(self.path))

    def _migrate(self) -> int:
        """Bring the schema up to date; returns the version found."""
        conn = self._conn
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > LATEST:
            raise WorkspaceError(
                f"database {self.path}",
                f"it was made by a newer Studio (schema {version}; this Studio knows up to {LATEST})",
                "update Studio to open it; the file was not changed",
            )
        if version == LATEST:
            return version
        if version > 0:
            self._backup(version)
        for number, statements in enumerate(MIGRATIONS, start=1):
            rebuilt = REBUILDS.get(number)
            # A table rebuild: its DROP must not cascade (and this pragma is a no-op inside a transaction).
            if rebuilt:
                conn.execute("PRAGMA foreign_keys = OFF")
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    # Re-read under the write lock: another process may have migrated meanwhile.
                    current = int(conn.execute("PRAGMA user_version").fetchone()[0])
                    if current < number:
                        for statement in statements:
                            conn.execute(statement)
                        if rebuilt:
                            self._check_foreign_keys(number, rebuilt)
                        conn.execute(f"PRAGMA user_version = {number}")
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            finally:
                if rebuilt:
                    conn.execute("PRAGMA foreign_keys = ON")
        return version

    def _check_foreign_keys(self, number: int, tables: tuple[str, ...]) -> None:
        """Refuse to commit a rebuild that left a record pointing at nothing (the caller rolls back)."""
        for table in tables:
            broken = self._conn.execute(f"PRAGMA foreign_key_check({table})").fetchall()
            if broken:
                row, parent = broken[0][1], broken[0][2]
                raise WorkspaceError(
                    f"database {self.path}",
                    f"upgrading to schema {number} would leave {len(broken)} record(s) of {table} pointing "
                    f"at a missing {parent} (first: row {row})",
                    f"the file was not changed; {_backup_hint(self.path)}; report this with a copy of it",
                )

    def _routine_backup(self, version: int) -> None:
        """A copy at most once a day, so a damaged file always has a recent backup to name."""
        latest = latest_backup(self.path)
        if latest is not None and time.time() - latest.stat().st_mtime < _BACKUP_EVERY_S:
            return
        try:
            self._backup(version)
        except (OSError, sqlite3.Error) as error:  # a missed backup must not keep the user's work closed
            _log.warning("could not back up %s: %s", self.path, error)

    def _backup(self, version: int) -> Path:
        folder = backups_dir(self.path)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{self.path.stem}-{stamp}-v{version}.db"
        partial = folder / f".{target.name}.partial"  # a kill mid-copy never leaves a half backup as "latest"
        copy = sqlite3.connect(partial)
        try:
            self._conn.backup(copy)
        finally:
            copy.close()
        os.replace(partial, target)
        stale = sorted(folder.glob(f"{self.path.stem}-*.db"))[:-_BACKUPS_KEPT]
        for old in [*stale, *folder.glob(f".{self.path.stem}-*.partial")]:  # partials: a killed earlier copy
            old.unlink(missing_ok=True)
        return target


def _prepare_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise WorkspaceError(
            f"workspace {folder}",
            f"cannot create it ({error.strerror or error})",
            "set STUDIO_HOME to a folder you can write to",
        ) from None
    if not folder.is_dir():
        raise WorkspaceError(
            f"workspace {folder}", "it is not a folder", "set STUDIO_HOME to a folder you can write to"
        )


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before sqlite3 gets a chance to treat it as empty."""
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise WorkspaceError(
            f"database {path}", f"cannot read it ({error.strerror or error})", "check the file's permissions"
        ) from None
    if head and head != _HEADER:
        raise WorkspaceError(
            f"database {path}",
            "the file is not a Studio database (damaged or replaced)",
            f"move it aside and restore a backup; {_backup_hint(path)}",
        )
