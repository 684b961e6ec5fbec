"""Kits through the hub: each workspace kit (`kits/NAME`) a versioned bundle, and the team's kit choice.

The rules (docs/TEAM.md):
- A kit folder changed here (its files' hash differs from the version it is based on) is pushed as the next
  version when the hub still has the version it is based on.
- **Two laptops changed one kit while apart: the first version to reach the hub wins** (as for posts). The
  late laptop keeps its own folder as a new kit, `kits/NAME-from-MEMBER` ("conflict copy"), pushes that too,
  and takes the hub's version into `kits/NAME`. No kit edit is lost; both laptops end with both kits.
- A kit pulled from the hub is checked before anything is written (names, paths, bounds: `kitbundle`);
  a refused one is kept in `team_refused` (the round's report lists it: `SyncReport.refused`) and the old
  folder stays; posts, series and incidents sync on, and publishing is never held up by a kit.
- **The kit the workspace uses is the team's**: the last choice pushed wins; a laptop applies the hub's
  choice when it did not change its own since the last round and has that kit.
- A deleted kit folder is not deleted elsewhere (it comes back with its next version).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.errors import ConfigError
from studio.store import Store
from studio.team.hub import writing
from studio.team.kitbundle import (
    KIT_NAME,
    bundle_hash,
    read_bundle,
    stat_signature,
    write_bundle,
)
from studio.team.link import TeamLink, set_shared_value, shared_value

if TYPE_CHECKING:
    import psycopg

__all__ = ["KITS_FOLDER", "exchange_kits", "refused"]

KITS_FOLDER = "kits"  # as studio.workflows.kits keeps a workspace's own kits (not imported: no Pillow here)
_CURSOR = "kits_cursor"


def exchange_kits(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> None:
    """Push the kits changed here and the kit choice, then pull the others' (a sync round's last step)."""
    kits = store.workspace / KITS_FOLDER
    lost = _push_kits(store, conn, link, kits)
    if lost:
        _push_kits(store, conn, link, kits)  # the conflict copies just made
    _push_choice(store, conn, link)
    _pull(store, conn, kits)


def refused(store: Store) -> tuple[str, ...]:
    """What this laptop refused from the hub, or could not send (a hostile kit, a symbolic link): one line
    each, naming the kit, the version and the fix. Kept until that kit syncs cleanly; nothing else waits."""
    with store.db.read() as local:
        return tuple(str(r[0]) for r in local.execute("SELECT problem FROM team_refused ORDER BY subject"))


def _based_on(store: Store) -> dict[str, tuple[int, str, str]]:
    with store.db.read() as local:
        return {
            str(r[0]): (int(r[1]), str(r[2]), str(r[3]))
            for r in local.execute("SELECT name, rev, hash, stat FROM team_kits")
        }


def _push_kits(store: Store, conn: psycopg.Connection[Any], link: TeamLink, kits: Path) -> int:
    """Push each kit folder changed here; the number that lost (kept as conflict copies)."""
    if not kits.is_dir():
        return 0
    based = _based_on(store)
    lost = 0
    for folder in sorted(kits.iterdir()):
        name = folder.name
        if not KIT_NAME.fullmatch(name) or not (folder / "kit.toml").is_file() or folder.is_symlink():
            continue
        rev, base_hash, base_stat = based.get(name, (0, "", ""))
        stat = stat_signature(folder)
        if rev and stat == base_stat:
            continue
        try:
            bundle = read_bundle(folder)
        except ConfigError as error:  # a symbolic link or a bound: in the report, posts sync on
            _refuse(store, f"local kit {name}", error.line())
            continue
        _refuse(store, f"local kit {name}", None)
        digest = bundle_hash(bundle)
        if rev and digest == base_hash:
            _remember(store, name, rev, digest, stat)
            continue
        with writing(conn, link.hub):
            row = conn.execute(
                "SELECT rev, hash FROM studio.kits WHERE name = %s FOR UPDATE", (name,)
            ).fetchone()
            hub_rev = int(row[0]) if row else 0
            if row is not None and row[1] == digest:
                new_rev = hub_rev  # the hub has these very files (made apart alike, or an answer lost)
            elif hub_rev == rev:
                new_rev = hub_rev + 1
                conn.execute(
                    "INSERT INTO studio.kits (name, rev, hash, size, updated_by, changed_seq) "
                    "VALUES (%(n)s, %(r)s, %(h)s, %(s)s, %(m)s, nextval('studio.change_seq')) "
                    "ON CONFLICT (name) DO UPDATE SET rev = excluded.rev, hash = excluded.hash, "
                    "size = excluded.size, updated_by = excluded.updated_by, updated_at = now(), "
                    "changed_seq = excluded.changed_seq",
                    {
                        "n": name,
                        "r": new_rev,
                        "h": digest,
                        "s": sum(map(len, bundle.values())),
                        "m": link.member,
                    },
                )
                with conn.cursor() as cursor:
                    cursor.executemany(
                        "INSERT INTO studio.kit_files (kit, rev, path, data) VALUES (%s, %s, %s, %s)",
                        [(name, new_rev, path, data) for path, data in sorted(bundle.items())],
                    )
            else:
                new_rev = 0  # another laptop's version came first
        if new_rev:
            _remember(store, name, new_rev, digest, stat)
            _refuse(store, f"kit {name}", None)  # a version refused before is replaced by this one
            continue
        _keep_as_copy(folder, kits, link.member)
        _take_hub_version(store, conn, kits, name)
        lost += 1
    return lost


def _keep_as_copy(folder: Path, kits: Path, member: str) -> Path:
    """Keep this laptop's version of a kit as a new kit, `NAME-from-MEMBER` (made unique)."""
    slug = re.sub(r"[^a-z0-9]+", "-", member.lower()).strip("-") or "member"
    stem = f"{folder.name}-from-{slug}"[:36].rstrip("-")
    target, number = kits / stem, 2
    while target.exists():
        target, number = kits / f"{stem}-{number}", number + 1
    shutil.copytree(folder, target, symlinks=True)  # a copy: the kit in use stays until the hub's replaces it
    return target


def _take_hub_version(store: Store, conn: psycopg.Connection[Any], kits: Path, name: str) -> None:
    with conn.transaction():
        row = conn.execute("SELECT rev FROM studio.kits WHERE name = %s", (name,)).fetchone()
        if row is None:
            return
        rev = int(row[0])
        bundle = _files(conn, name, rev)
    if not _apply(store, kits, name, rev, bundle):
        # Refused (and said): this laptop's version, kept as it is, goes up as the next version (this
        # round's second pass), so a broken version in the hub is replaced by the last good edit.
        _remember(store, name, rev, "", "")


def _files(conn: psycopg.Connection[Any], name: str, rev: int) -> dict[str, bytes]:
    return {
        str(r[0]): bytes(r[1])
        for r in conn.execute(
            "SELECT path, data FROM studio.kit_files WHERE kit = %s AND rev = %s", (name, rev)
        )
    }


def _apply(store: Store, kits: Path, name: str, rev: int, bundle: dict[str, bytes]) -> bool:
    """Write a hub version into `kits/name`; False when it was refused (noted, and the folder stays)."""
    subject = f"kit {name}"
    try:
        write_bundle(kits, name, bundle, f"kit {name!r} version {rev} in the team hub")
    except ConfigError as error:
        _refuse(store, subject, error.line())
        return False
    _remember(store, name, rev, bundle_hash(bundle), stat_signature(kits / name))
    _refuse(store, subject, None)
    return True


def _refuse(store: Store, subject: str, problem: str | None) -> None:
    """Note (or, with None, forget) why something of this kit was refused."""
    with store.db.write() as local:
        if problem is None:
            local.execute("DELETE FROM team_refused WHERE subject = ?", (subject,))
        else:
            local.execute(
                "INSERT OR REPLACE INTO team_refused (subject, problem) VALUES (?, ?)", (subject, problem)
            )


def _remember(store: Store, name: str, rev: int, digest: str, stat: str) -> None:
    with store.db.write() as local:
        local.execute(
            "INSERT OR REPLACE INTO team_kits (name, rev, hash, stat) VALUES (?, ?, ?, ?)",
            (name, rev, digest, stat),
        )


def _set_shared(store: Store, key: str, value: str) -> None:
    with store.db.write() as local:
        set_shared_value(local, key, value)


def _push_choice(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> None:
    chosen = store.settings.get().kit
    last = shared_value(store, "kit")
    if chosen == last:
        return
    # Never synced here (a laptop that just joined): the hub's choice stands if it has one.
    then = (
        "NOTHING"
        if last is None
        else "UPDATE SET value = excluded.value, updated_by = excluded.updated_by, "
        "changed_seq = excluded.changed_seq"
    )
    with writing(conn, link.hub):
        taken = conn.execute(
            "INSERT INTO studio.shared_settings (key, value, updated_by, changed_seq) "
            f"VALUES ('kit', %s, %s, nextval('studio.change_seq')) ON CONFLICT (key) DO {then} RETURNING key",
            (chosen, link.member),
        ).fetchone()
    if taken is not None:
        _set_shared(store, "kit", chosen)


def _pull(store: Store, conn: psycopg.Connection[Any], kits: Path) -> None:
    """Every kit version and the kit choice the hub has after this laptop's cursor."""
    cursor = int(shared_value(store, _CURSOR) or 0)
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        top = conn.execute(
            "SELECT greatest((SELECT max(changed_seq) FROM studio.kits), "
            "(SELECT max(changed_seq) FROM studio.shared_settings))"
        ).fetchone()
        changed = [
            (str(r[0]), int(r[1]))
            for r in conn.execute(
                "SELECT name, rev FROM studio.kits WHERE changed_seq > %s ORDER BY name", (cursor,)
            )
        ]
        based = _based_on(store)
        wanted = [(n, r) for n, r in changed if based.get(n, (0, "", ""))[0] != r]
        bundles = {(n, r): _files(conn, n, r) for n, r in wanted}
        choice = conn.execute(
            "SELECT value FROM studio.shared_settings WHERE key = 'kit' AND changed_seq > %s", (cursor,)
        ).fetchone()
    for (name, rev), bundle in bundles.items():
        folder = kits / name
        base = based.get(name)
        if folder.exists() and _edited(folder, base):
            continue  # changed here since: its push next round meets this version by the rule
        _apply(store, kits, name, rev, bundle)
    if choice is not None:
        _take_choice(store, kits, str(choice[0]))
    if top is not None and top[0] is not None:
        _set_shared(store, _CURSOR, str(max(cursor, int(top[0]))))


def _edited(folder: Path, base: tuple[int, str, str] | None) -> bool:
    """Whether the kit folder changed since the hub version it is based on (unreadable: as if changed)."""
    if base is None:
        return True
    if stat_signature(folder) == base[2]:
        return False
    try:
        return bundle_hash(read_bundle(folder)) != base[1]
    except ConfigError:
        return True  # a symbolic link or a bound: its push says so, and nothing is overwritten here


def _take_choice(store: Store, kits: Path, value: str) -> None:
    """Use the team's kit here, unless this laptop chose another since the last round or lacks that kit."""
    mine = store.settings.get().kit
    if mine == value:
        _set_shared(store, "kit", value)
        return
    if mine != (shared_value(store, "kit") or ""):
        return  # chosen here meanwhile: pushed next round, and then it is the team's
    if (
        value.startswith(f"{KITS_FOLDER}/")
        and not (kits / value.removeprefix(f"{KITS_FOLDER}/") / "kit.toml").is_file()
    ):
        return  # refused or not there: keep the kit that works
    store.settings.update(kit=value)
    _set_shared(store, "kit", value)
