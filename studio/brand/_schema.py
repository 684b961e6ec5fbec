"""Typed reads from parsed TOML that fail with a `ConfigError` naming the file, the key and the fix."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from studio.errors import ConfigError
from studio.kitfiles import read_toml

__all__ = ["Table", "read_toml"]


class Table:
    """One TOML table with its file and dotted key prefix, for error messages."""

    def __init__(self, data: Mapping[str, Any], file: Path, prefix: str = "") -> None:
        self.data = data
        self.file = file
        self.prefix = prefix

    def key(self, name: str) -> str:
        """The dotted name of `name` inside this table."""
        return f"{self.prefix}{name}"

    def error(self, name: str, why: str, fix: str) -> ConfigError:
        """A ConfigError for key `name` of this table."""
        return ConfigError(f"{self.file}: key '{self.key(name)}'", why, fix)

    def only(self, allowed: Iterable[str]) -> None:
        """Refuse keys this table does not know (usually a typo)."""
        known = sorted(allowed)
        for name in self.data:
            if name not in known:
                raise self.error(name, "unknown key", f"remove it or use one of: {', '.join(known)}")

    def has(self, name: str) -> bool:
        """Whether the key is present."""
        return name in self.data

    def string(self, name: str, default: str | None = None) -> str:
        """A required (or defaulted) string."""
        value = self.data.get(name, default)
        if value is None:
            raise self.error(name, "missing", f'add {self.key(name)} = "..."')
        if not isinstance(value, str) or not value.strip():
            raise self.error(name, "must be a non-empty string", f'write it as {name} = "..."')
        return value

    def number(self, name: str, default: float | None = None, low: float = 0.0, high: float = 1.0) -> float:
        """A number within [low, high]."""
        value = self.data.get(name, default)
        if value is None:
            raise self.error(name, "missing", f"add {self.key(name)} = <number from {low} to {high}>")
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise self.error(name, f"must be a number from {low} to {high}", "change the value")
        return float(value)

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        """An integer within [low, high]."""
        value = self.data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(name, f"must be a whole number from {low} to {high}", "change the value")
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str | None = None) -> str:
        """A string from a fixed list."""
        value = self.string(name, default)
        if value not in options:
            raise self.error(name, f"{value!r} is not allowed", f"use one of: {', '.join(options)}")
        return value

    def strings(self, name: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
        """A list of strings."""
        value = self.data.get(name, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(name, "must be a list of strings", f'write it as {name} = ["a", "b"]')
        return tuple(value)

    def box(self, name: str, default: tuple[float, ...] | None = None) -> tuple[float, float, float, float]:
        """A box [x, y, width, height] in fractions of its frame."""
        value = self.data.get(name, list(default) if default else None)
        fix = f"write it as {name} = [x, y, width, height] with fractions from 0 to 1"
        if value is None:
            raise self.error(name, "missing", fix)
        ok = isinstance(value, list) and len(value) == 4
        ok = ok and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        if not ok:
            raise self.error(name, "must be a list of four numbers", fix)
        x, y, w, h = (float(v) for v in value)
        if not (0 <= x <= 1 and 0 <= y <= 1 and w > 0 and h > 0 and x + w <= 1.0001 and y + h <= 1.0001):
            raise self.error(name, "must lie inside the frame (0 to 1, width and height above 0)", fix)
        return (x, y, w, h)

    def table(self, name: str, required: bool = True) -> Table:
        """A sub-table."""
        value = self.data.get(name)
        if value is None and not required:
            return Table({}, self.file, f"{self.key(name)}.")
        if not isinstance(value, dict):
            raise self.error(name, "missing or not a table", f"add a [{self.key(name)}] section")
        return Table(value, self.file, f"{self.key(name)}.")

    def tables(self, name: str) -> list[Table]:
        """An array of tables ([[name]])."""
        value = self.data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(name, "must be an array of tables", f"write each entry as [[{self.key(name)}]]")
        return [Table(v, self.file, f"{self.key(name)}[{i}].") for i, v in enumerate(value)]
