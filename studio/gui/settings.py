"""The window's remembered state: a typed dataclass saved as JSON in the config dir (never pickle)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from studio.errors import ConfigError

__all__ = ["SettingsStore", "WindowSettings", "settings_path"]

_FILE = "app-settings.json"


@dataclass(frozen=True, slots=True)
class WindowSettings:
    """What the main window remembers between runs."""

    geometry: str = field(default="", metadata={"help": "Qt's saveGeometry() of the main window, base64"})
    splitters: dict[str, list[int]] = field(
        default_factory=dict, metadata={"help": "splitter name -> sizes in pixels, as the user left them"}
    )
    last_view: str = field(default="compose", metadata={"help": "id of the sidebar view shown last"})
    networks: list[str] = field(
        default_factory=lambda: ["x", "mastodon", "bluesky"],
        metadata={"help": "network ids whose counters Compose shows"},
    )


def settings_path() -> Path:
    """`$STUDIO_HOME/config/app-settings.json`, else the platform's user config dir."""
    home = os.environ.get("STUDIO_HOME")
    base = Path(home).expanduser() / "config" if home else Path(platformdirs.user_config_dir("studio"))
    return base / _FILE


def _checked(name: str, value: Any, default: Any, path: Path) -> Any:
    """The value if it has the default's JSON shape; raises ConfigError naming the key otherwise."""
    ok: bool
    if isinstance(default, str):
        ok = isinstance(value, str)
    elif isinstance(default, list):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:
        ok = isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(n, int) for n in v)
            for k, v in value.items()
        )
    if not ok:
        raise ConfigError(
            f"{path}: key {name!r}",
            f"has the wrong type ({type(value).__name__})",
            "the window starts with default settings and rewrites the file on exit",
        )
    return value


class SettingsStore:
    """Loads and saves `WindowSettings` at one path."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> WindowSettings:
        """The saved settings; defaults when there is no file. Raises ConfigError for a broken file."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return WindowSettings()
        except OSError as error:
            raise ConfigError(
                str(self.path), f"cannot be read ({error.strerror})", "check its permissions"
            ) from error
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ConfigError(
                str(self.path), f"is not valid JSON (line {error.lineno})", "delete it to start from defaults"
            ) from error
        if not isinstance(data, dict):
            raise ConfigError(str(self.path), "is not a JSON object", "delete it to start from defaults")
        defaults = WindowSettings()
        known = {f.name for f in fields(WindowSettings)}
        values = {
            name: _checked(name, value, getattr(defaults, name), self.path)
            for name, value in data.items()
            if name in known  # keys from a newer version are ignored, not fatal
        }
        return replace(defaults, **values)

    def save(self, settings: WindowSettings) -> None:
        """Write atomically (temp file + rename), so a crash never leaves half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(settings), indent=2, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)
