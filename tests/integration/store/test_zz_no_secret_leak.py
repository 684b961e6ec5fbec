"""Runs last (see conftest): no secret these tests used reached a workspace, a log, a file or CLI output."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.store.conftest import SECRETS


def _files_holding(root: Path, needles: tuple[str, ...]) -> list[tuple[Path, str]]:
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [(path, n) for n in needles if n.encode() in data]
    return found


def test_no_secret_in_any_workspace_log_or_output(
    tmp_path_factory: pytest.TempPathFactory, transcript: Path
) -> None:
    base = tmp_path_factory.getbasetemp()
    # The scan itself works: a planted copy is found.
    control = base / "leak-control" / "planted.txt"
    control.parent.mkdir(exist_ok=True)
    control.write_text(f"x{SECRETS[0]}x")
    assert _files_holding(base, SECRETS) == [(control, SECRETS[0])]
    control.unlink()
    databases = list(base.rglob("studio.db"))
    assert databases, "no workspace was made in this run: run the whole store suite"
    assert transcript.exists()
    assert _files_holding(base, SECRETS) == []
