"""Where Studio's bundled files are: the only module that knows.

`assets/` (fonts, kits, templates, the text engine's lists, demo pictures) and `ui/` (style sheets and icons)
sit at the top of the repository; `pyproject.toml` ships them inside the package as `studio.assets` and
`studio.ui`. Both are found through `importlib.resources`, so an installed wheel finds them in site-packages
and a checkout installed with `pip install -e .` finds them where they are: nothing here knows a checkout.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

__all__ = ["asset_path", "assets_dir", "ui_dir", "ui_path"]


def assets_dir() -> Path:
    """The bundled `assets/` folder."""
    return _folder("studio.assets")


def ui_dir() -> Path:
    """The bundled `ui/` folder (style sheets and icons)."""
    return _folder("studio.ui")


def asset_path(*parts: str) -> Path:
    """A file or folder inside `assets/`, e.g. `asset_path("fonts", "NotoSans-Regular.ttf")`."""
    return assets_dir().joinpath(*parts)


def ui_path(*parts: str) -> Path:
    """A file or folder inside `ui/`, e.g. `ui_path("icons", "queue.svg")`."""
    return ui_dir().joinpath(*parts)


@functools.cache
def _folder(package: str) -> Path:
    # Fonts go to FreeType and Qt by file name and kits are folders read with Path, so the resources must be
    # real files: a zipped install (zipimport) would hand back a zipfile.Path.
    root = files(package)
    if not isinstance(root, Path):
        raise RuntimeError(
            f"{package} is not installed as files on disk (got {type(root).__name__}); reinstall"
        )
    return root.resolve()  # as the checkout paths were: kits and fonts are compared after symlinks
