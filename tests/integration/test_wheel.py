"""A wheel built from the checkout and installed into a fresh venv outside it is a whole Studio.

`pip wheel .` (from a copy of the working tree, so no stale `build/` folder can leak in), a new venv in a
temporary folder with the wheel and its dependencies from the package index, and then, from a folder that is
not the checkout: `studio render` with the bundled kit, the app started offscreen until its window is shown,
and `studio selftest`. Slow (a minute or more, most of it pip): `make test-wheel` runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("STUDIO_TEST_WHEEL") != "1", reason="builds and installs a wheel: `make test-wheel`"
    ),
]

# Taken before the autouse fixtures point XDG_CACHE_HOME into tmp_path: pip keeps its own download cache.
_PIP_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "STUDIO_"))}
_SOURCES = ("pyproject.toml", "README.md", "studio", "assets", "ui")


def _run(args: list[str | Path], *, cwd: Path, env: dict[str, str], timeout: float = 600) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin/` folder of a fresh venv with the wheel installed."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    for name in _SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(REPO / name, source / name)
    house = base / "wheelhouse"
    _run(
        [sys.executable, "-m", "pip", "wheel", source, "-w", house, "--no-deps", "-q"], cwd=base, env=_PIP_ENV
    )
    (wheel,) = house.glob("studio-*.whl")
    _check_contents(wheel)
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=base, env=_PIP_ENV)
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], cwd=base, env=_PIP_ENV)
    return venv / "bin"


def _check_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for top in ("assets", "ui"):
        for path in (REPO / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                assert f"studio/{path.relative_to(REPO).as_posix()}" in names


def _user_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a user's shell: the test's keyring, a workspace of its own, no checkout anywhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return {**env, "STUDIO_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}


def test_the_installed_package_is_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    code = "import studio, studio.resources as r; print(studio.__file__, r.assets_dir(), r.ui_dir(), sep='|')"
    out = _run([installed / "python", "-c", code], cwd=tmp_path, env=_user_env(tmp_path)).strip().split("|")
    site = installed.parent / "lib"
    assert all(Path(line).is_relative_to(site) for line in out), out
    assert not any(Path(line).is_relative_to(REPO) for line in out)


def test_render_uses_the_bundled_kit(installed: Path, tmp_path: Path) -> None:
    picture = tmp_path / "photo.jpg"
    Image.new("RGB", (1600, 1200), (40, 90, 160)).save(picture)
    out = _run(
        [installed / "studio", "render", picture, "--out", tmp_path / "out", "--caption", "Hello 🙂"],
        cwd=tmp_path,
        env=_user_env(tmp_path),
        timeout=120,
    )
    rendered = sorted((tmp_path / "out").glob("photo.*.jpg"))
    assert len(rendered) >= 5, out
    with Image.open(rendered[0]) as image:
        assert image.format == "JPEG"


def test_the_app_starts_offscreen(installed: Path, tmp_path: Path) -> None:
    env = {**_user_env(tmp_path), "STUDIO_QUIT_AFTER_SHOWN": "1", "STUDIO_T0": "0"}
    out = _run([installed / "studio"], cwd=tmp_path, env=env, timeout=120)
    assert "exposed=True" in out
    assert "Traceback" not in out
    assert (tmp_path / "home").is_dir()  # the demo workspace was seeded from the bundled pictures


def test_selftest_passes(installed: Path, tmp_path: Path) -> None:
    out = _run([installed / "studio", "selftest"], cwd=tmp_path, env=_user_env(tmp_path), timeout=300)
    assert "FAIL" not in out
