"""The Linux desktop bundle works on a bare Debian 12 that has no Python.

`scripts/build-dist.sh` (PyInstaller, then a tarball and a .deb) runs when `dist/` has no .deb of this
version or a source is newer than it; then `scripts/test-dist-chroot.sh` installs the .deb in a debootstrap
minbase chroot, checks that no Python is there, and runs `studio selftest` offscreen. Slow (about 1 minute
with a current .deb, 5 with a build) and needs root: `make test-dist` runs it.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
from pathlib import Path

import pytest

from studio import __version__
from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("STUDIO_TEST_DIST") != "1", reason="builds the bundle and a chroot: `make test-dist`"
    ),
    pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="debootstrap and chroot need root"),
]

# Taken before the autouse fixtures point the XDG folders into tmp_path: PyInstaller and pip cache there.
_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "STUDIO_"))}
_SOURCES = ("studio", "assets", "ui", "packaging", "pyproject.toml", "scripts/build-dist.sh")


def _newest_source() -> float:
    newest = 0.0
    for name in _SOURCES:
        path = REPO / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if "__pycache__" not in p.parts]
        newest = max([newest, *(p.stat().st_mtime for p in files if p.is_file())])
    return newest


def _run(args: list[str | Path], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=REPO,
        env=_ENV,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def built() -> tuple[Path, Path]:
    """The .deb and the tarball in dist/, built now unless they are newer than every source."""
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout
    deb = REPO / "dist" / f"studio_{__version__}_{arch.strip()}.deb"
    tarball = REPO / "dist" / f"studio-{__version__}-linux-{os.uname().machine}.tar.gz"
    if (
        not (deb.exists() and tarball.exists())
        or min(deb.stat().st_mtime, tarball.stat().st_mtime) < _newest_source()
    ):
        done = _run([REPO / "scripts" / "build-dist.sh"], timeout=1800)
        assert done.returncode == 0, f"build-dist.sh failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    return deb, tarball


def test_the_tarball_holds_the_app_and_its_desktop_files(built: tuple[Path, Path]) -> None:
    _deb, tarball = built
    top = tarball.name.removesuffix(".tar.gz")
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
    for needed in (
        "studio",
        "README.txt",
        "share/applications/studio.desktop",
        "share/icons/hicolor/256x256/apps/studio.png",
        "share/icons/hicolor/scalable/apps/studio.svg",
        "_internal/studio/assets/fonts/NotoSans-Regular.ttf",
        "_internal/studio/ui/light.qss",
    ):
        assert f"{top}/{needed}" in names, needed
    assert any(n.startswith(f"{top}/share/metainfo/") and n.endswith(".metainfo.xml") for n in names)


def test_the_deb_passes_selftest_in_a_bare_debian_without_python(built: tuple[Path, Path]) -> None:
    deb, _tarball = built
    done = _run([REPO / "scripts" / "test-dist-chroot.sh", deb], timeout=1800)
    log = done.stdout + done.stderr
    assert done.returncode == 0, f"test-dist-chroot.sh exited {done.returncode}:\n{log[-6000:]}"
    assert "no Python in the chroot after installing the keyring" in log
    assert "libraries not found" not in log
    assert "selftest: all" in log
