"""`studio restore [BACKUP]`: list the workspace's backups, or put one back in place of a damaged database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ORDER = 85


def register(subparsers: Any) -> None:
    """Add `restore`."""
    parser = subparsers.add_parser(
        "restore",
        help="list the backups, or restore one in place of a damaged workspace",
        description="Without BACKUP: list the workspace's backups, newest first, with the date each was "
        "made and whether it passes the integrity check. With BACKUP (a name from that list, or a file): "
        "put it in place of the database in one step; the replaced file is kept beside it as "
        "studio.db.damaged-<time>. Close the app first.",
    )
    parser.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup's name (see `studio restore`)")
    parser.add_argument(
        "--force",
        action="store_true",
        help="restore even though the workspace passes the check (what changed since the backup is lost)",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from studio.store.api import DB_NAME
    from studio.workspace import workspace_dir

    db = workspace_dir() / DB_NAME
    if args.backup is None:
        return _list(db)
    return _restore(db, args.backup, force=args.force)


def _list(db: Path) -> int:
    from studio.store.backups import file_passes, list_backups

    backups = list_backups(db)
    if not backups:
        print(f"no backups yet in {db.parent / 'backups'}", file=sys.stderr)
        return 0
    for backup in reversed(backups):
        verdict = "passes the check" if file_passes(backup.path) else "DAMAGED: fails the check"
        print(f"{backup.name}\t{backup.shown_date()}\tschema {backup.version}\t{verdict}")
    return 0


def _restore(db: Path, name: str, *, force: bool) -> int:
    from studio.errors import InputError, WorkspaceError
    from studio.publish.lock import PublishLock
    from studio.store.backups import backups_dir, list_backups, live_file_passes, restore_backup

    given = Path(name)
    backup = given if given.parent != Path() or given.is_absolute() else backups_dir(db) / name
    if not backup.is_file():
        raise InputError(f"backup {name}", "not found", "`studio restore` lists the backups")
    lock = PublishLock(db.parent)
    if not lock.acquire():
        raise WorkspaceError(
            f"workspace {db.parent}",
            "`studio publish-due` (or the app) is publishing now",
            "close the app or wait for the run to end, then restore",
        )
    try:
        if not force and live_file_passes(db):
            raise WorkspaceError(
                f"database {db}",
                "it passes the integrity check; restoring would lose what changed since the backup",
                "add --force to restore anyway",
            )
        aside = restore_backup(db, backup)
    finally:
        lock.release()
    made = next((b.shown_date() for b in list_backups(db) if b.path == backup), backup.name)
    print(f"restored the backup of {made} ({backup.name})")
    if aside is not None:
        print(f"the replaced file is kept as {aside}")
    return 0
