"""Benchmark of the desktop app: cold start of `python -m studio` to its main window shown (offscreen).

Each run is a fresh process with a fresh workspace; the reference is a bare PySide6 window started the same
way, so the table shows what Studio itself adds. Run with `make bench` or `python bench/bench_app.py`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_RUNS", "9"))

_BARE = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setWindowTitle("bare"); w.resize(1200, 760); w.show()
def done():
    print(f"shown_ms={(time.time() - float(os.environ['STUDIO_T0'])) * 1000:.1f}", file=sys.stderr)
    w.close()
QTimer.singleShot(0, done)
sys.exit(app.exec())
"""


def _start(args: list[str]) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "STUDIO_HOME": home,
            "XDG_CONFIG_HOME": home,
            "STUDIO_QUIT_AFTER_SHOWN": "1",
            "STUDIO_T0": repr(time.time()),
        }
        done = subprocess.run(
            args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=True
        )
    line = next(x for x in done.stderr.splitlines() if x.startswith("shown_ms="))
    return float(line.split()[0].removeprefix("shown_ms="))


def main() -> int:
    rows = []
    bare = [_start([sys.executable, "-c", _BARE]) for _ in range(RUNS)]
    app = [_start([sys.executable, "-m", "studio"]) for _ in range(RUNS)]
    measured = (("bare PySide6 window (reference)", bare), ("studio: cold start to main window", app))
    for name, times in measured:
        rows.append((name, statistics.median(times), min(times), max(times)))
    print(f"{'measure (offscreen, ' + str(RUNS) + ' runs)':<40} {'median ms':>10} {'min':>8} {'max':>8}")
    for name, med, lo, hi in rows:
        print(f"{name:<40} {med:>10.1f} {lo:>8.1f} {hi:>8.1f}")
    ratio = rows[1][1] / rows[0][1]
    print(f"{'studio / bare (median)':<40} {ratio:>10.2f}")
    print(f"{'goal: studio median < 1000 ms':<40} {'met' if rows[1][1] < 1000 else 'NOT met':>10}")
    print()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("_bench_app_inproc.py"))],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    print(f"{'measure (offscreen, in process)':<58} {'value':>20}")
    for line in done.stdout.splitlines():
        name, _, value = line.partition("\t")
        print(f"{name:<58} {value:>20}")
    print("goals: keystroke median < 16, p99 < 33; UI stall < 50; queue open < 300, scroll < 16 (ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
