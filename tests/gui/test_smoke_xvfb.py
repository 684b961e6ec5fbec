"""Smoke test: the real entry point (`python -m studio`) opens its window on a real X server (Xvfb, xcb)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import REPO


@pytest.fixture
def xvfb_display(tmp_path: Path) -> Iterator[str]:
    """A private Xvfb on a free display number (Xvfb picks it and tells us through -displayfd)."""
    if shutil.which("Xvfb") is None:
        pytest.fail("Xvfb is not installed: `make test` installs it (package xvfb)")
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            pytest.fail("Xvfb did not start")
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


def test_python_m_studio_shows_the_main_window_under_xvfb(xvfb_display: str, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    env = {
        **os.environ,
        "DISPLAY": xvfb_display,
        "QT_QPA_PLATFORM": "xcb",
        "STUDIO_SCREENSHOT_DIR": str(shots),
        "STUDIO_T0": repr(time.time()),
    }
    done = subprocess.run(
        [sys.executable, "-m", "studio"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "shown_ms=" in done.stderr
    assert "exposed=True" in done.stderr
    window = Image.open(shots / "window.png").convert("RGB")
    screen = Image.open(shots / "screen.png").convert("RGB")
    assert window.width >= 800
    assert screen.size == (1280, 800)
    # The X server shows the window's pixels, not the empty (black) root: the sidebar's colour at its place.
    sidebar = window.getpixel((10, window.height // 2))
    colours = {c for _, c in screen.getcolors(maxcolors=1 << 20) or []}
    assert sidebar in colours
    assert sidebar != (0, 0, 0)
    kept = os.environ.get("STUDIO_KEEP_SCREENSHOTS")
    if kept:  # how the README's screenshot is refreshed by hand
        shutil.copy(shots / "screen.png", Path(kept) / "smoke-screen.png")
