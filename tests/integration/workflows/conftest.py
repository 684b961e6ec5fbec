"""Fixtures for the workflows' CLI tests: `python -m studio` in a subprocess on a real workspace."""

from __future__ import annotations

import os
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
    """Run `python -m studio ARGS` from the repo root in the test's workspace."""

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "studio", *args],
            cwd=REPO,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "TZ": "UTC"},
            check=False,
        )

    return run


@pytest.fixture
def accounts(studio_home: Path) -> tuple[str, str]:
    """A Mastodon and a Bluesky account, added straight to the store (their credentials are not needed)."""
    with open_store(studio_home) as store:
        store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://example.social"))
        store.accounts.add(NewAccount("bluesky", "it-bsky", handle="it.example.org"))
    return "it-masto", "it-bsky"
