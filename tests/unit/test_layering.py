"""The layering rules (docs/ARCHITECTURE.md): the core imports no Qt, and never imports the GUI or the CLI."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

STUDIO = REPO / "studio"
_GUI = STUDIO / "gui"


def _core_modules() -> list[str]:
    names = []
    for path in sorted(STUDIO.rglob("*.py")):
        if _GUI in path.parents:
            continue
        parts = path.relative_to(REPO).with_suffix("").parts
        if parts[-1] == "__main__":
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_core_imports_without_pyside6_installed() -> None:
    # A fresh interpreter in which PySide6 cannot be imported at all, as if it were uninstalled.
    modules = _core_modules()
    assert "studio.platforms" in modules
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6' or name.startswith('PySide6.'):\n"
        "            raise ImportError('PySide6 is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {modules!r}:\n"
        "    __import__(m)\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print('ok', len(sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")


def test_core_source_never_names_qt_gui_or_cli() -> None:
    offenders = []
    for name in _core_modules():
        path = REPO / Path(*name.split("."))
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module]
            for target in targets:
                qt = target.startswith("PySide6")
                upward = target.startswith(("studio.gui", "studio.cli")) and not name.startswith(
                    ("studio.cli", "studio.commands")
                )
                if qt or upward:
                    offenders.append(f"{path.relative_to(REPO)} imports {target}")
    assert offenders == []


def test_help_and_version_do_not_import_qt_or_pillow() -> None:
    code = (
        "import sys\n"
        "from studio.cli import main\n"
        "for argv in (['--version'], ['--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, e.code\n"
        "heavy = [m for m in sys.modules if m.startswith(('PySide6', 'PIL'))]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "studio 0." in result.stdout
