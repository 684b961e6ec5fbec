"""Where the text engine's shipped data lives (`assets/text/` in the checkout)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["ASSETS_DIR"]

# The package runs from the checkout (`pip install -e .`), like the rest of Studio's assets.
ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets" / "text"
