"""Opening the workspace database safely: WAL, foreign keys, busy timeout, migrations with a backup first.

Every sqlite3 error is mapped here to a `WorkspaceError` that names the file and the fix, so a corrupt file,
a database from a newer Studio or an unwritable folder is refused with a message, never a traceback or
an overwrite.

The first open of a day, and every backup, checks the file (`PRAGMA quick_check`). A damaged database opens
read-only: reading goes on where it can, every write is refused with "the workspace is damaged; restore the
backup of <date>", and no backup is made from it. The workspace folder is made 0700, the database 0600.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from studio.errors import WorkspaceError
from studio.store.backups import (
    backups_dir,
    check_mark_due,
    damaged_error,
    database_passes,
    latest_backup,
    list_backups,
    make_backup,
    mark_checked,
    private_file,
    unmark_checked,
)
from studio.store.migrations import LATEST, MIGRATIONS, REBUILDS

__all__ = ["Database", "backups_dir", "latest_backup"]

_HEADER = b"SQLite format 3\x00"
_BUSY_TIMEOUT_S = 15.0
_BACKUP_EVERY_S = 24 * 3600
_log = logging.getLogger(__name__)


def _backup_hint(db_path: Path) -> str:
    backup = latest_backup(db_path)
    return f"the last backup is {backup}" if backup else "there is no backup yet"


class Database:
    """One connection to the workspace database, shared by the store's parts; safe across threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        # Set when the database failed the check: reads go on, every write raises it.
        self.damage: WorkspaceError | None = None
        _prepare_folder(path.parent)
        _check_header(path)
        _make_private(path)
        try:
            conn = sqlite3.connect(
                path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise self.map_error(error, "open") from None
        self._conn = conn
        self._watch: sqlite3.Connection | None = None  # data_version's own connection, opened when asked
        self._watch_lock = threading.Lock()  # not `_lock`: a poll must never wait for a write transaction
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
            if not self._passes_check_when_due():
                conn.execute("PRAGMA query_only = ON")  # belt and braces: write() refuses first
                return
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
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None
        with self._lock:
            self._conn.close()

    def data_version(self) -> int:
        """A number that changes whenever anyone commits a change to the database (a few microseconds).

        SQLite's `PRAGMA data_version` changes only for commits made by *other* connections, so it is read
        on a connection of its own that never writes: this process's writes (through the shared connection
        or another `Database`, the background publisher's) count as much as another process's.
        """
        with self._watch_lock:
            try:
                if self._watch is None:
                    watch = sqlite3.connect(
                        self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
                    )
                    watch.execute("PRAGMA query_only = ON")
                    self._watch = watch
                return int(self._watch.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as error:
                raise self.map_error(error, "read") from None

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE: takes the write lock at once, so claims are atomic).

        Raises the damage error, changing nothing, when the database failed the integrity check.
        """
        if self.damage is not None:
            raise self.damage
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
            unmark_checked(self.path)  # the next open checks the whole file
            return damaged_error(self.path)
        return WorkspaceError(what, f"cannot {doing}: {error}", _backup_hint(self.path))

    def _passes_check_when_due(self) -> bool:
        """Check the file at a day's first open and before a backup; False (`damage` set) if damaged."""
        version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0 or version > LATEST:  # new (nothing to check), or newer: refused by _migrate
            return True
        if not (version < LATEST or check_mark_due(self.path) or self._backup_due()):
            return True
        if database_passes(self._conn):
            mark_checked(self.path)
            return True
        unmark_checked(self.path)
        self.damage = damaged_error(self.path)
        if version != LATEST:  # an older schema can be neither migrated nor read as it is
            raise self.damage
        _log.info("%s failed the integrity check; opened read-only", self.path)
        return False

    def _backup_due(self) -> bool:
        latest = latest_backup(self.path)
        return latest is None or time.time() - latest.stat().st_mtime >= _BACKUP_EVERY_S

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
        if not self._backup_due():
            return
        try:
            self._backup(version)
        except (OSError, sqlite3.Error) as error:  # a missed backup must not keep the user's work closed
            _log.warning("could not back up %s: %s", self.path, error)

    def _backup(self, version: int) -> Path:
        # Only ever after this open's check passed (_passes_check_when_due): never a copy of a damaged file.
        return make_backup(self._conn, self.path, version)


def _prepare_folder(folder: Path) -> None:
    try:
        # A folder made here is private; one the user gave (STUDIO_HOME) keeps its permissions.
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
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
        damaged = damaged_error(path)
        raise WorkspaceError(damaged.what, f"the file is not a Studio database; {damaged.why}", damaged.fix)
    if not head and list_backups(path):  # emptied by a full disk or a bad copy, not a new workspace
        raise damaged_error(path)


def _make_private(path: Path) -> None:
    """Create the database 0600 (SQLite gives its -wal and -shm the same mode); tighten older files.

    A -wal or -shm of ours that the owner cannot write (left by a run on a read-only file) is made
    writable again, or the next run could not open the database.
    """
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT, 0o600))
    except OSError as error:
        raise WorkspaceError(
            f"database {path}",
            f"cannot create it ({error.strerror or error})",
            "check the folder's permissions",
        ) from None
    private_file(path)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        private_file(side)
        try:
            info = side.stat()
            if info.st_uid == os.getuid() and info.st_mode & 0o600 != 0o600:
                side.chmod(0o600)
        except (OSError, AttributeError):
            continue
