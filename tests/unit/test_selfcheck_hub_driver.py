"""`studio selftest`'s "team hub driver" row: psycopg with its compiled implementation and its libpq.

Each case runs in a fresh interpreter, because psycopg picks its implementation once, at import. The broken
installs are real: `PSYCOPG_IMPL` (psycopg's own switch) asks for an implementation that is not there
(psycopg_c, as a bundle that left it out), or for the pure-Python one that needs a system libpq.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_ROW = (
    "from studio.commands._selfchecks import _guarded, _hub_driver; "
    "check = _guarded('team hub driver', _hub_driver); print(check.ok); print(check.detail)"
)


def _row(impl: str | None) -> tuple[bool, str]:
    env = {k: v for k, v in os.environ.items() if k != "PSYCOPG_IMPL"}
    if impl is not None:
        env["PSYCOPG_IMPL"] = impl
    done = subprocess.run(
        [sys.executable, "-c", _ROW], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    ok, detail = done.stdout.splitlines()
    return ok == "True", detail


def test_the_installed_driver_loads_its_libpq() -> None:
    import psycopg
    from psycopg import pq

    ok, detail = _row(None)
    assert ok, detail
    libpq = pq.version_pretty(pq.version())
    assert detail == f"psycopg {psycopg.__version__} (binary) loaded libpq {libpq}"


@pytest.mark.parametrize(
    ("impl", "why"),
    [
        ("c", "psycopg does not load (couldn't import requested psycopg 'c' implementation"),
        ("python", "psycopg found no compiled implementation (psycopg_binary)"),
    ],
)
def test_a_driver_without_its_compiled_part_is_one_failing_line_with_the_fix(impl: str, why: str) -> None:
    ok, detail = _row(impl)
    assert not ok
    assert detail.startswith(f"team hub driver: {why}")
    assert detail.endswith("(reinstall Studio)")
