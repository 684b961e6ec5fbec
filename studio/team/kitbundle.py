"""A kit folder as a bundle of files for the hub: read within bounds, hashed, and written back safely.

A bundle is `{relative path: bytes}`. Reading refuses symbolic links (a link's target is not the kit's to
share) and keeps within the bounds below. Writing checks every path the way `studio.kitfiles` does, and more
strictly, since the bundle comes from the network: relative, '/'-separated, no '..', no empty or dot parts,
nothing absolute; it writes into a new folder beside the kit and swaps it in, so nothing is ever written
outside the kit's folder and a refused bundle leaves the old kit as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from studio.errors import ConfigError
from studio.kitfiles import inside

__all__ = [
    "KIT_NAME",
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "MAX_KIT_BYTES",
    "bundle_hash",
    "check_path",
    "read_bundle",
    "stat_signature",
    "write_bundle",
]

KIT_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")  # as `studio kit new` names a workspace kit
MAX_FILES = 200
MAX_FILE_BYTES = 16 * 1024 * 1024  # a font family's largest file is a few MB
MAX_KIT_BYTES = 32 * 1024 * 1024
_MAX_DEPTH = 8
_PART = re.compile(r"[^\x00-\x1f\\:*?\"<>|]+")  # no control characters, nor what Windows cannot name


def _files(folder: Path) -> list[tuple[str, Path]]:
    """Every file of the folder (hidden ones left out), by relative path; symbolic links refused."""
    found: list[tuple[str, Path]] = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for entry in [*dirs, *sorted(n for n in names if not n.startswith("."))]:
            path = here / entry
            if path.is_symlink():
                raise ConfigError(
                    str(path),
                    "is a symbolic link, which a team kit cannot share",
                    "replace the link by the file itself",
                )
            if entry not in dirs:
                found.append((path.relative_to(folder).as_posix(), path))
    return found


def stat_signature(folder: Path) -> str:
    """A hash of the files' paths, sizes and change times: equal means unchanged, without reading them."""
    digest = hashlib.sha256()
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            info = os.lstat(os.path.join(root, name))
            digest.update(f"{os.path.join(root, name)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def read_bundle(folder: Path) -> dict[str, bytes]:
    """The kit folder's files; ConfigError (the file and the fix) past a bound or for a symbolic link."""
    files = _files(folder)
    if len(files) > MAX_FILES:
        raise ConfigError(
            str(folder),
            f"has more than {MAX_FILES} files",
            "a team kit is its kit.toml, logo, fonts, templates",
        )
    bundle: dict[str, bytes] = {}
    total = 0
    for relative, path in files:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ConfigError(
                str(path),
                f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the most a team kit's file may be",
                "use a smaller logo or font file",
            )
        total += size
        if total > MAX_KIT_BYTES:
            raise ConfigError(
                str(folder),
                f"is larger than {MAX_KIT_BYTES // (1024 * 1024)} MB, the most a team kit may be",
                "remove files the kit does not use",
            )
        bundle[relative] = path.read_bytes()
    return bundle


def bundle_hash(bundle: dict[str, bytes]) -> str:
    """The hash of a bundle: its paths and each file's SHA-256, in path order."""
    digest = hashlib.sha256()
    for relative in sorted(bundle):
        digest.update(f"{relative}\0{hashlib.sha256(bundle[relative]).hexdigest()}\n".encode())
    return digest.hexdigest()


def check_path(relative: str, what: str) -> PurePosixPath:
    """A bundle's path, or ConfigError for `what` (the kit and version) when it could lead anywhere else."""
    path = PurePosixPath(relative)
    parts = relative.split("/")
    bad = (
        not relative
        or path.is_absolute()
        or len(parts) > _MAX_DEPTH
        or any(p in ("", ".", "..") or not _PART.fullmatch(p) for p in parts)
    )
    if bad:
        raise ConfigError(
            what,
            f"has a file path {relative!r} that could lead outside the kit folder; nothing of it was written",
            "the kit stays as it was here; whoever changed it last should push it again from their laptop",
        )
    return path


def write_bundle(kits: Path, name: str, bundle: dict[str, bytes], what: str) -> None:
    """Make `kits/name` hold exactly `bundle`: written beside it, checked, then swapped in.

    ConfigError for `what` when the name, a path or a bound is wrong; the old folder is then unchanged.
    """
    if not KIT_NAME.fullmatch(name):
        raise ConfigError(
            what, f"has the name {name!r}, not a kit folder's name", "rename the kit in the hub"
        )
    paths = {relative: check_path(relative, what) for relative in bundle}
    if len(bundle) > MAX_FILES or sum(len(b) for b in bundle.values()) > MAX_KIT_BYTES:
        raise ConfigError(
            what, "is larger than a team kit may be; nothing of it was written", "push a smaller kit"
        )
    kits.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{name}-pull-", dir=kits)).resolve()
    try:
        for relative, data in sorted(bundle.items()):
            target = scratch.joinpath(*paths[relative].parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            inside(target.parent, scratch)  # belt and braces: the checked path cannot leave the folder
            with target.open("xb") as file:
                file.write(data)
        folder = kits / name
        old = None
        if folder.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{name}-old-", dir=kits))
            folder.rename(old / "kit")
        scratch.rename(folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
