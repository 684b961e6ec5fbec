"""Files a kit names stay inside its kit folder, after symlinks; anything else is a ConfigError with the key.

A kit is often someone else's folder (downloaded, shared on a drive): `logo = "../../etc/passwd"`, an absolute
path or a symlink out of the folder must not make Studio read, render or reveal files elsewhere.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path, PurePosixPath

from studio.brand._schema import Table
from studio.errors import ConfigError
from studio.kitfiles import inside

__all__ = ["font_name", "inside", "kit_file", "shown"]

_MAX_PART = 255  # bytes in one file or folder name (NAME_MAX on Linux and macOS, 255 UTF-16 units on Windows)
_MAX_PATH = 1024  # characters in a name relative to the kit folder; kits are shallow
_SHOWN = 60


def shown(name: str) -> str:
    """`name` quoted for a message, shortened so a hostile name cannot flood the error line."""
    if len(name) <= _SHOWN:
        return repr(name)
    return f"{name[: _SHOWN - 20]!r}…{name[-12:]!r} ({len(name):,} characters)"


def _checked_name(table: Table, key: str, name: str) -> PurePosixPath:
    """`name` as a relative path that cannot spell its way out: no `..`, no root, no control characters."""
    parts = _plain(table, key, name)
    relative = PurePosixPath(*parts)
    if relative.is_absolute() or ".." in parts or _has_drive(name):
        raise table.error(
            key,
            f"{shown(name)} is outside the kit folder",
            'put the file in the kit folder and write its name relative to it, e.g. "logo.png"',
        )
    return relative


def font_name(table: Table, key: str, name: str) -> str:
    """A font is looked up by file name in the kit folder and in assets/fonts, so it must be a bare name."""
    parts = _plain(table, key, name)
    if len(parts) != 1 or parts[0] in {".", ".."} or "/" in name or "\\" in name:
        raise table.error(
            key,
            f"font {shown(name)} must be a file name, not a path",
            "put the font file in the kit folder and write just its name",
        )
    return name


def _plain(table: Table, key: str, name: str) -> tuple[str, ...]:
    """The parts of `name` (`/` or `\\` between them), refusing control characters and over-long names."""
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise table.error(key, f"{shown(name)} contains a control character", "remove it from the name")
    parts = PurePosixPath(name.replace("\\", "/")).parts
    longest = max((len(part.encode("utf-8", "surrogatepass")) for part in parts), default=0)
    if len(name) > _MAX_PATH or longest > _MAX_PART:
        raise table.error(
            key,
            f"the name {shown(name)} is too long for a file",
            f"use at most {_MAX_PART} characters per file or folder name and {_MAX_PATH} in all",
        )
    return parts


def _has_drive(name: str) -> bool:
    """A drive letter (`C:`) makes a name absolute on Windows even without a leading slash."""
    return len(name) >= 2 and name[1] == ":" and name[0].isascii() and name[0].isalpha()


def kit_file(table: Table, key: str, folder: Path, name: str) -> Path:
    """The regular file `name` inside the (resolved) kit `folder`, for `key` of `table`."""
    relative = _checked_name(table, key, name)
    try:
        real = inside(folder / relative, folder)
    except ConfigError as error:
        raise table.error(key, f"{shown(name)} {error.why}", error.fix) from None
    try:
        regular = real.is_file()
        exists = os.path.lexists(real)
    except OSError as error:
        raise table.error(key, f"{shown(name)} cannot be read ({error.strerror})", "check the name") from None
    if not regular:
        why = "is not a regular file" if exists else f"not found in {folder}"
        raise table.error(key, f"file {shown(name)} {why}", "add the file or fix the name")
    return real
