"""Fixtures for the store's integration tests: the CLI in a subprocess, transcribed for the leak test."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
# Every credential these tests hand to Studio. The last test of the run greps the workspaces, logs and
# command output for them.
SECRETS = (
    "tok-masto-9f3c1a7e-do-not-leak",
    "app-pw-bsky-4b2e-8d1f-do-not-leak",
    "keyring-direct-77aa31-do-not-leak",
    "no-bus-secret-51c0-do-not-leak",
)
LEAK_TEST = "test_zz_no_secret_leak"

Cli = Callable[..., subprocess.CompletedProcess[str]]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The leak check runs after everything else, whatever order the files are collected in."""
    last = [item for item in items if LEAK_TEST in item.nodeid]
    items[:] = [item for item in items if LEAK_TEST not in item.nodeid] + last


@pytest.fixture(scope="session")
def transcript(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file collecting the stdout and stderr of every CLI run in this session."""
    return tmp_path_factory.getbasetemp() / "store-cli-transcript.txt"


@pytest.fixture
def cli(transcript: Path) -> Cli:
    """Run `python -m studio ARGS` from the repo root; the output also goes to the transcript."""

    def run(
        *args: str, stdin: str | None = None, env: dict[str, str] | None = None, drop: Sequence[str] = ()
    ) -> subprocess.CompletedProcess[str]:
        environment = dict(os.environ if env is None else env)
        for name in drop:
            environment.pop(name, None)
        result = subprocess.run(
            [sys.executable, "-m", "studio", *args],
            cwd=REPO,
            input=stdin,
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
            check=False,
        )
        with transcript.open("a", encoding="utf-8") as log:
            log.write(f"$ studio {' '.join(args)}\n{result.stdout}{result.stderr}")
        return result

    return run
