"""Bundled files come from one module through importlib.resources, and pyproject ships every one of them."""

from __future__ import annotations

import ast
import tomllib

from studio import resources
from tests.conftest import REPO


def test_bundled_folders_are_found_through_the_package() -> None:
    assert (resources.asset_path("kits", "campus-it") / "kit.toml").is_file()
    assert resources.asset_path("fonts", "NotoColorEmoji-base.ttf").is_file()
    assert resources.ui_path("light.qss").is_file()
    assert resources.ui_path("icons").is_dir()
    assert resources.assets_dir().is_absolute()
    assert resources.assets_dir() == resources.assets_dir().resolve()


def test_pyproject_lists_every_package_and_asset_folder() -> None:
    # setuptools maps assets/ and ui/ into the package only for packages named in the list, so a new
    # subpackage or asset folder that is not named would be missing from the wheel.
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    expected = {
        ".".join(init.parent.relative_to(REPO).parts) for init in (REPO / "studio").rglob("__init__.py")
    }
    for top in ("assets", "ui"):
        assert config["package-dir"][f"studio.{top}"] == top
        for folder in [REPO / top, *sorted((REPO / top).rglob("*"))]:
            parts = folder.relative_to(REPO).parts
            if folder.is_dir() and all(p.isidentifier() and p != "__pycache__" for p in parts):
                expected.add(".".join(("studio", *parts)))
    assert sorted(config["packages"]) == sorted(expected)


def test_no_module_finds_bundled_files_from_its_own_location() -> None:
    offenders = []
    for path in sorted((REPO / "studio").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name) and node.id == "__file__":
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
