"""Fixtures for the workflows' unit tests: a real SQLite workspace with two accounts, the bundled texts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studio.store import Account, NewAccount, Store, open_store
from studio.workflows import IncidentTexts, load_texts

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


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


@pytest.fixture
def texts() -> IncidentTexts:
    """The bundled incident texts."""
    return load_texts()
