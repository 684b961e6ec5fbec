"""The team tests' real parts: one PostgreSQL per run (postgres.py), a fresh hub database per test, and
workspaces opened side by side as the laptops of one team. Every server stops by itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from studio.store import Store, open_store
from studio.team import parse_hub
from tests.integration.team.postgres import PostgresServer, missing
from tests.keyring_helpers import KEYRING


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server on 127.0.0.1, as an unprivileged user, for the whole run."""
    reason = missing()
    if reason:
        pytest.fail(reason)
    server = PostgresServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def hub(postgres: PostgresServer) -> Iterator[str]:
    """A fresh, empty hub database's URL (with its password, as a local test hub may be given)."""
    name = postgres.create_database()
    url = postgres.url(name)
    try:
        yield url
    finally:
        KEYRING.delete(parse_hub(url)[0].key)
        postgres.drop_database(name)


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Callable[[str], Store]]:
    """Open a workspace per laptop name (in its own folder); all closed at teardown."""
    opened: list[Store] = []

    def make(name: str) -> Store:
        store = open_store(tmp_path / f"laptop-{name}")
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
