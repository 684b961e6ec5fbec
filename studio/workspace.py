"""Where the workspace lives: `$STUDIO_HOME`, else the platform's user data dir (docs/ARCHITECTURE.md)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["logs_dir", "media_dir", "renders_dir", "workspace_dir"]

_APP = "studio"


def workspace_dir() -> Path:
    """The workspace folder; not created here."""
    home = os.environ.get("STUDIO_HOME")
    if home:
        return Path(home).expanduser()
    return Path(platformdirs.user_data_dir(_APP, appauthor=False))


def media_dir() -> Path:
    """Imported originals, content-addressed by SHA-256."""
    return workspace_dir() / "media"


def renders_dir() -> Path:
    """Render cache; safe to delete."""
    return workspace_dir() / "renders"


def logs_dir() -> Path:
    """Logs and crash reports (never secrets)."""
    return workspace_dir() / "logs"
