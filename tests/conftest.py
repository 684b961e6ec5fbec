"""Fixtures for every test: an isolated workspace and a failing log check.

No test touches the user's files: `STUDIO_HOME` and the XDG config/cache dirs point into `tmp_path`.
(`XDG_DATA_HOME` and `XDG_RUNTIME_DIR` are left alone: `scripts/with-keyring.sh` already points them at a
scratch folder, and the test keyring daemon lives there.)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any QApplication exists; the Xvfb smoke test overrides it in its own subprocess.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def studio_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty workspace for each test."""
    home = tmp_path / "studio-home"
    monkeypatch.setenv("STUDIO_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    return home


@pytest.fixture(autouse=True)
def _fail_on_warning_logs(request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """A log record at WARNING or above fails the test unless it is marked `expect_log`."""
    yield
    if request.node.get_closest_marker("expect_log"):
        return
    loud = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    if loud:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in loud)
        pytest.fail(f"unexpected log records at WARNING or above:\n{lines}")
