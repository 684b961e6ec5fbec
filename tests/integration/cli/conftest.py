"""Fixtures for hostile command-line input: `python -m studio` in a subprocess, on real files and a real
workspace, with arguments and standard input given as bytes (so they can be anything a shell can pass)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from studio.store import NewAccount, open_store

REPO = Path(__file__).resolve().parents[3]

Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli() -> Cli:
    """Run `python -m studio ARGS` (str or bytes each) with `stdin` bytes; output decoded leniently."""

    def run(
        *args: str | bytes, stdin: bytes = b"", zone: str = "UTC", timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "studio", *args],
            cwd=REPO,
            input=stdin,
            preexec_fn=_limit_memory,
            capture_output=True,
            timeout=timeout,
            env={**os.environ, "TZ": zone},
            check=False,
        )
        return subprocess.CompletedProcess(
            done.args,
            done.returncode,
            done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"),
        )

    return run


def _limit_memory() -> None:
    """A command that reads an endless input fails fast instead of swapping the machine (1.5 GB)."""
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))


@pytest.fixture
def instagram(studio_home: Path) -> str:
    """An Instagram account (a handoff network: no credential needed), added straight to the store."""
    with open_store(studio_home) as store:
        store.accounts.add(NewAccount("instagram", "it-insta"))
    return "it-insta"


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The command failed cleanly: exit 1 or 2, no traceback, no crash report; returns its `error:` line."""
    assert result.returncode in (1, 2), (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "error: " in line]
    assert len(errors) == 1, result.stderr
    return errors[0]
