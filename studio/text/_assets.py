"""Where the text engine's shipped data lives (the bundled `assets/text/`)."""

from __future__ import annotations

from studio.resources import asset_path

__all__ = ["ASSETS_DIR"]

ASSETS_DIR = asset_path("text")
