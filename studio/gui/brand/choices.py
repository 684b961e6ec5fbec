"""What the user picked, made into a kit change: an SVG logo drawn to PNG, a free name for a kit copy."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from studio.brand.kitedit import KitChange, set_logo
from studio.gui.brand.images import svg_to_png
from studio.store import Store
from studio.workflows.kits import kit_entries

__all__ = ["free_name", "set_logo_file"]


def set_logo_file(folder: Path, picked: Path) -> KitChange:
    """A PNG is used as it is; an SVG is drawn to a PNG for the pictures and kept beside it."""
    if picked.suffix.lower() != ".svg":
        return set_logo(folder, picked)
    with tempfile.TemporaryDirectory(prefix="studio-logo-") as scratch:
        png = svg_to_png(picked, Path(scratch) / f"{picked.stem}.png")
        return set_logo(folder, png, picked)


def free_name(store: Store, base: str) -> str:
    """A kit folder name the workspace does not have yet, from `base`: `campus-it-copy`, `…-copy-2`."""
    stem = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-")[:30] or "kit"
    taken = {entry.id.rsplit("/", 1)[-1] for entry in kit_entries(store)}
    for n in range(1, 100):
        name = f"{stem}-copy" if n == 1 else f"{stem}-copy-{n}"
        if name not in taken:
            return name
    return f"{stem}-new"
