"""The files of a kit folder, read safely: TOML within bounds, and paths that stay inside the folder.

A kit is often someone else's folder (downloaded, shared on a drive), and every part of Studio that reads
one (the brand kit, its content checks, its incident texts) reads it through here: stdlib only, so the text
engine can use it without Pillow or Qt.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from studio.errors import ConfigError

__all__ = ["inside", "read_toml"]


# Kit files are a few kilobytes. Bounds keep a hostile one from costing minutes or gigabytes: tomllib recurses
# once per nested list or inline table, and its time and memory grow with the square of a dotted key's depth.
_MAX_BYTES = 256 * 1024  # room for a long string, which is then refused by its key
_MAX_NESTING = 100  # dots and brackets on one line; a real line has a handful


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; missing, oversized, over-nested or malformed files become ConfigErrors."""
    try:
        with path.open("rb") as file:
            data = file.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(str(path), "file not found", "create it or choose another kit") from None
    except OSError as error:
        raise ConfigError(str(path), f"cannot be read ({error.strerror})", "check its permissions") from None
    line = _too_deep(data.decode("utf-8", "replace"))  # first: the usual reason for an oversized file
    if line:
        raise ConfigError(
            str(path),
            f"nested too deeply at line {line}",
            f"keep each line under {_MAX_NESTING} dots and brackets and lists under {_MAX_NESTING} deep",
        )
    if len(data) > _MAX_BYTES:
        raise ConfigError(
            str(path),
            f"larger than {_MAX_BYTES // 1024} KB",
            "a kit file is a few kilobytes: check it is the right one",
        )
    try:
        return tomllib.loads(data.decode("utf-8"))
    except RecursionError:  # the count above can be fooled by brackets in strings; tomllib cannot
        raise ConfigError(str(path), "nested too deeply", "flatten the lists and tables") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(str(path), f"not valid TOML: {error}", "fix the syntax at that line") from None


def _too_deep(text: str) -> int:
    """The first line nested deeper than any sensible kit file, or 0; brackets in strings count too."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        opened = line.count("[") + line.count("{")
        depth += opened - line.count("]") - line.count("}")
        if line.count(".") + opened > _MAX_NESTING or depth > _MAX_NESTING:
            return number
    return 0


def inside(path: Path, folder: Path) -> Path:
    """`path` with symlinks resolved, or a ConfigError for `path` if it leads out of `folder`.

    `folder` must already be resolved. The caller names the key when there is one (see `kit_file`).
    """
    try:
        real = path.resolve()
    except (OSError, RuntimeError) as error:  # a symlink loop
        reason = getattr(error, "strerror", None) or "a symlink loop"
        raise ConfigError(
            str(path), f"cannot be followed ({reason})", "replace the link by the file"
        ) from None
    if not real.is_relative_to(folder):
        raise ConfigError(
            str(path),
            f"leads to {real}, outside the kit folder {folder}",
            "copy the file into the kit folder instead of linking to it",
        )
    return real
