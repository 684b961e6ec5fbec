"""`studio selftest` in a subprocess: all checks pass with the test keyring, and each kind of missing piece
(no D-Bus session for the keyring, a Qt platform plugin that aborts) is one FAIL row with its fix, exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.brand import TEMPLATE_NAMES
from studio.commands._selfchecks import all_checks
from studio.platforms import FORMATS
from studio.secrets import KeyringCredentials

_CHECKS = (
    "Qt window",
    "fonts and emoji",
    "keyring",
    "templates x formats",
    "workspace (SQLite)",
    "team hub driver",
    "render speed",
)


def _selftest(env: dict[str, str], cwd: Path) -> tuple[int, dict[str, tuple[str, str]], str]:
    done = subprocess.run(
        [sys.executable, "-m", "studio", "selftest"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    rows: dict[str, tuple[str, str]] = {}
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["check", "result", "detail"], done.stdout
    for line in lines[1:]:
        name = next((n for n in _CHECKS if line.startswith(n)), None)
        if name is not None:
            result, _, detail = line[len(name) :].strip().partition("  ")
            rows[name] = (result, detail.strip())
    assert list(rows) == list(_CHECKS), done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    return done.returncode, rows, done.stderr


def _bare_env(tmp_path: Path) -> dict[str, str]:
    """What `env -i HOME=... PATH=...` leaves: no D-Bus session, no display, no XDG folders."""
    home = tmp_path / "bare-home"
    home.mkdir()
    return {"HOME": str(home), "PATH": "/usr/bin:/bin"}


@pytest.mark.skipif(not os.environ.get("DBUS_SESSION_BUS_ADDRESS"), reason="needs scripts/with-keyring.sh")
def test_everything_passes_with_a_keyring(tmp_path: Path, studio_home: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    status, rows, stderr = _selftest({**os.environ, "TMPDIR": str(scratch)}, tmp_path)
    assert status == 0, (rows, stderr)
    assert all(result == "ok" for result, _ in rows.values()), rows
    assert "emoji font Noto Color Emoji" in rows["Qt window"][1]
    assert "Noto Sans, Droid Sans Fallback, Noto Color Emoji" in rows["fonts and emoji"][1]
    templates, formats = len(TEMPLATE_NAMES), len(FORMATS)
    count = f"{templates} templates x {formats} formats: {templates * formats} pictures"
    assert count in rows["templates x formats"][1]
    assert rows["team hub driver"][1].startswith("psycopg 3.")
    assert "(binary) loaded libpq" in rows["team hub driver"][1]
    assert rows["render speed"][1].split()[1] == "ms"
    assert not studio_home.exists()  # the user's workspace is never opened
    assert list(scratch.iterdir()) == []  # and nothing is left behind in the temporary folder


def test_without_a_dbus_session_the_keyring_fails_with_its_fix(tmp_path: Path) -> None:
    status, rows, stderr = _selftest(_bare_env(tmp_path), tmp_path)
    assert status == 1
    result, detail = rows["keyring"]
    assert result == "FAIL"
    assert detail.startswith("keyring: no usable OS keyring")
    assert "install and unlock GNOME Keyring" in detail
    assert "selftest:" not in detail  # the test entry's name is no use to the reader
    assert [name for name, (result, _) in rows.items() if result != "ok"] == ["keyring"]
    assert rows["Qt window"][1].startswith("offscreen:")  # no display: Qt is still checked, offscreen
    assert f"1 of {len(_CHECKS)} checks failed: keyring" in stderr


def test_a_qt_plugin_that_aborts_is_a_failed_row(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")
    check = all_checks(KeyringCredentials())[0]()  # the child process is real; the keyring is not used
    assert check.name == "Qt window"
    assert not check.ok
    assert check.detail.startswith("Qt: crashed (SIGABRT)")
    assert 'Could not find the Qt platform plugin "no-such-platform"' in check.detail
