"""The workspace's brand kit: the one it uses, the kits it has, a new one copied from another (Issue 14.1).

A workspace records its kit in its settings (`kit`): a bundled kit's id (`campus-it`) or `kits/NAME`, a
folder inside the workspace. Empty means the bundled example. Every picture drawn for the workspace (Compose
previews, the Brand view, `publish-due`, status cards, review bundles) uses `workspace_kit`; the composition
roots (`studio.cli`, `studio.gui.app`) load it once and pass it on.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from studio.brand import BrandKit, list_kits, load_kit
from studio.brand.kit import DEFAULT_KIT, kit_folder
from studio.errors import ConfigError, InputError
from studio.store import Store

__all__ = ["KitEntry", "kit_entries", "kit_in_use", "new_kit", "use_kit", "workspace_kit"]

KITS_FOLDER = "kits"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


@dataclass(frozen=True, slots=True)
class KitEntry:
    """A kit the workspace can use: its id (what `kit use` takes), name, folder, and whether it is in use."""

    id: str
    name: str
    folder: Path
    bundled: bool
    in_use: bool
    problem: str = ""  # why it cannot be loaded (a broken kit is listed, not hidden)


def kit_in_use(store: Store) -> str:
    """The id of the kit the workspace uses (the bundled example when none was chosen)."""
    return store.settings.get().kit or DEFAULT_KIT


def _folder(store: Store, kit_id: str) -> Path:
    if kit_id.startswith(f"{KITS_FOLDER}/"):
        return store.workspace / kit_id
    return kit_folder(kit_id)


def workspace_kit(store: Store) -> BrandKit:
    """The workspace's kit, loaded and checked; ConfigError (file, key, fix) when it is broken."""
    return load_kit(_folder(store, kit_in_use(store)))


def kit_entries(store: Store) -> list[KitEntry]:
    """The bundled kits, then the workspace's own (`kits/*`), the one in use marked."""
    used = kit_in_use(store)
    ids = list(list_kits())
    own = store.workspace / KITS_FOLDER
    if own.is_dir():
        ids += [f"{KITS_FOLDER}/{p.name}" for p in sorted(own.iterdir()) if (p / "kit.toml").is_file()]
    entries = []
    for kit_id in ids:
        folder = _folder(store, kit_id)
        try:
            name, problem = load_kit(folder).name, ""
        except ConfigError as error:
            name, problem = kit_id, error.line()
        entries.append(KitEntry(kit_id, name, folder, "/" not in kit_id, kit_id == used, problem))
    return entries


def use_kit(store: Store, name_or_dir: str) -> KitEntry:
    """Switch the workspace to a kit, checked first: a broken kit is refused and the current one stays.

    Takes a bundled kit's id, a workspace kit's name (`ours` or `kits/ours`), or a kit folder inside the
    workspace's `kits/` folder. A folder elsewhere is refused with the fix (`studio kit new --from DIR`):
    the workspace must carry its own kit, so it works the same on every machine.
    """
    kit_id = _kit_id(store, name_or_dir)
    kit = load_kit(_folder(store, kit_id))  # ConfigError names the file, key and fix
    store.settings.update(kit="" if kit_id == DEFAULT_KIT else kit_id)
    return KitEntry(kit_id, kit.name, _folder(store, kit_id), "/" not in kit_id, True)


def new_kit(store: Store, name: str, source: str = "") -> KitEntry:
    """Copy a kit (the one in use, a bundled one, a workspace one, or a folder) into `kits/NAME`.

    The copy is made in a temporary folder beside it and renamed into place, so a failed copy leaves
    nothing half made; the copy is checked before it is kept. The workspace keeps its current kit.
    """
    if not _NAME.fullmatch(name):
        raise InputError(
            "NAME", f"{name!r} is not a usable kit name", "use lower-case letters, digits and '-', up to 40"
        )
    target = store.workspace / KITS_FOLDER / name
    if target.exists():
        raise InputError("NAME", f"the workspace already has a kit {name!r}", "choose another name")
    origin = _source_folder(store, source or kit_in_use(store))
    load_kit(origin)  # a broken source is named before anything is copied
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=target.parent))
    try:
        copied = scratch / "kit"
        shutil.copytree(origin, copied, symlinks=False)
        kit = load_kit(copied)
        copied.rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return KitEntry(f"{KITS_FOLDER}/{name}", kit.name, target, False, False)


def _kit_id(store: Store, name_or_dir: str) -> str:
    if name_or_dir in list_kits():
        return name_or_dir
    own = store.workspace / KITS_FOLDER
    bare = name_or_dir.removeprefix(f"{KITS_FOLDER}/")
    if _NAME.fullmatch(bare) and (own / bare / "kit.toml").is_file():
        return f"{KITS_FOLDER}/{bare}"
    folder = Path(name_or_dir).expanduser()
    if folder.is_dir():
        resolved = folder.resolve()
        if resolved.parent == own.resolve():
            return f"{KITS_FOLDER}/{resolved.name}"
        raise InputError(
            name_or_dir,
            "is a kit folder outside this workspace",
            f"copy it in first: studio kit new NAME --from {name_or_dir}",
        )
    known = ", ".join(e.id for e in kit_entries(store))
    raise InputError(name_or_dir, "no such kit", f"use one of: {known}, or make one: studio kit new NAME")


def _source_folder(store: Store, source: str) -> Path:
    if source in list_kits() or source.startswith(f"{KITS_FOLDER}/"):
        return _folder(store, source)
    own = store.workspace / KITS_FOLDER / source
    if _NAME.fullmatch(source) and (own / "kit.toml").is_file():
        return own
    folder = Path(source).expanduser()
    if (folder / "kit.toml").is_file():
        return folder
    raise InputError(
        f"--from {source}", "no such kit", "give a bundled kit's id, a workspace kit or a kit folder"
    )
