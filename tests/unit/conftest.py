"""Fixtures for unit tests that need a workspace: a real SQLite store in tmp_path with two accounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.store import Account, NewAccount, Store, open_store


@pytest.fixture
def store(studio_home: Path) -> Iterator[Store]:
    """A fresh store in the test's workspace."""
    with open_store(studio_home) as opened:
        yield opened


@pytest.fixture
def masto(store: Store) -> Account:
    """A Mastodon account."""
    return store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://example.social"))


@pytest.fixture
def bsky(store: Store) -> Account:
    """A Bluesky account."""
    return store.accounts.add(NewAccount("bluesky", "it-bsky", handle="it.example.org"))
