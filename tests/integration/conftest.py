"""Real servers on loopback for every integration test folder: the Bluesky PDS (once per run) and the
Mastodon-API server (one per test). Both stop by themselves at teardown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import PdsInfo, PdsProcess, missing


@pytest.fixture(scope="session")
def pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PdsInfo]:
    """A real @atproto/pds with an in-memory PLC on 127.0.0.1, started once per test run."""
    reason = missing()
    if reason:
        pytest.fail(reason)
    process = PdsProcess(tmp_path_factory.mktemp("pds"))
    try:
        yield process.start()
    finally:
        process.stop()


@pytest.fixture
def mastodon() -> Iterator[MastodonServer]:
    """A Mastodon-API server on 127.0.0.1 with token `test-token` for user `studio`."""
    with MastodonServer() as server:
        yield server
