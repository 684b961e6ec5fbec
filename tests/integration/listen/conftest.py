"""The listening tests' real Bluesky network: PLC, PDS and AppView on loopback (bsky_network.py in
tests/servers), started once per run on its own PostgreSQL and Redis, and stopped by itself. Other accounts
act on it through `bsky_actor`; `bsky_studio` is a workspace whose Bluesky account lives there (its app
password in the keyring).

After the accounts act, call `bsky_network.process_all()` so the AppView has indexed it before Studio reads
notifications or counts.

`server` is the loopback Mastodon-API server with a second person's token ("kim-token"), and `account_id`
a workspace account on it whose token is in the keyring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from studio.store import Account, NewAccount, Store, open_store
from tests.keyring_helpers import delete_secret, forget_session, set_secret
from tests.servers.bsky_actor import BskyActor
from tests.servers.bsky_network import BskyNetwork, missing
from tests.servers.mastodon_server import MastodonServer


@pytest.fixture(scope="session")
def bsky_network() -> Iterator[BskyNetwork]:
    """A real Bluesky network (dev-env's TestNetwork) on 127.0.0.1 for the whole run; `.info` has its URLs."""
    reason = missing()
    if reason:
        pytest.fail(reason)
    network = BskyNetwork()
    try:
        network.start()
        yield network
    finally:
        network.stop()


@pytest.fixture
def bsky_actor(bsky_network: BskyNetwork) -> Iterator[Callable[[str], BskyActor]]:
    """Make a fresh account on the network's PDS (handle `<name>-<random>.test`), signed in to act."""
    made: list[BskyActor] = []

    def make(name: str) -> BskyActor:
        assert bsky_network.info is not None
        actor = BskyActor(bsky_network.info.pds, name)
        made.append(actor)
        return actor

    yield make
    for actor in made:
        actor.close()


@dataclass(frozen=True)
class BskyStudio:
    """A workspace with Bluesky account `it-bsky`: the network's account `actor`, its app password stored."""

    store: Store
    account: Account
    actor: BskyActor
    home: Path


@pytest.fixture
def bsky_studio(
    studio_home: Path, bsky_network: BskyNetwork, bsky_actor: Callable[[str], BskyActor]
) -> Iterator[BskyStudio]:
    assert bsky_network.info is not None
    actor = bsky_actor("studio")
    studio_home.mkdir(parents=True, exist_ok=True)
    with open_store(studio_home) as store:
        account = store.accounts.add(
            NewAccount("bluesky", "it-bsky", handle=actor.handle, instance_url=bsky_network.info.pds)
        )
        set_secret(account.id, actor.app_password)
        try:
            yield BskyStudio(store, account, actor, studio_home)
        finally:
            delete_secret(account.id)
            forget_session(account.id)


@pytest.fixture
def server() -> Iterator[MastodonServer]:
    with MastodonServer() as running:
        running.add_token("kim-token", "kim")
        yield running


@pytest.fixture
def account_id(studio_home: Path, server: MastodonServer) -> Iterator[int]:
    with open_store(studio_home) as store:
        account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=server.url))
    set_secret(account.id, "test-token")
    yield account.id
    delete_secret(account.id)
