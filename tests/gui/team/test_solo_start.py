"""A solo workspace's app start pays nothing for teams: no sync object, no psycopg, no studio.team."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]

_CODE = """
import sys
from PySide6.QtWidgets import QApplication
from studio.gui.app import build_services, build_window
app = QApplication([])
services = build_services(app, synchronous=True)
window = build_window(services)
window.show()
app.processEvents()
assert services.store is not None
assert services.team is None, "a solo workspace built a team sync"
loaded = sorted(m for m in sys.modules if m.startswith(("psycopg", "studio.team")))
assert not loaded, loaded
window.close()
services.store.close()
print("ok")
"""


def test_a_solo_workspace_starts_without_psycopg_or_a_team_sync(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "STUDIO_HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    done = subprocess.run(
        [sys.executable, "-c", _CODE],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("ok")
