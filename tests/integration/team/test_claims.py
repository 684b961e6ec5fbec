"""Exactly once across laptops: deliveries are claimed in the hub; a laptop without the hub claims nothing."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator

import pytest

from studio.publish.runner import Runner, RunOptions, RunReport
from studio.store import DeliveryState, NewAccount, NewPost, PostStatus, Store
from studio.team import HubClaimer, HubError, create_team, join_team, sync_round
from tests.integration.team.helpers import view
from tests.keyring_helpers import KEYRING, delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer

Laptop = Callable[[str], Store]
POSTS = 12


@pytest.fixture
def team(laptop: Laptop, hub: str, mastodon: MastodonServer) -> Iterator[tuple[Store, Store]]:
    """alice and bob, each holding the token of `it-masto`; alice queued POSTS posts due now."""
    alice = laptop("alice")
    masto = alice.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
    for n in range(POSTS):
        alice.posts.create(NewPost(f"Tip {n} of the week", (masto.id,)), PostStatus.SCHEDULED)
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    bob = laptop("bob")
    join_team(bob, KEYRING, hub, "bob")
    ids = {alice.accounts.by_name("it-masto").id, bob.accounts.by_name("it-masto").id}
    for account_id in ids:
        set_secret(account_id, "test-token")
    try:
        yield alice, bob
    finally:
        for account_id in ids:
            delete_secret(account_id)


def _runner(store: Store) -> Runner:
    return Runner(store, credentials=KEYRING, claimer=HubClaimer(KEYRING), options=RunOptions(batch=2))


def test_two_laptops_publishing_at_once_send_each_delivery_exactly_once(
    team: tuple[Store, Store], mastodon: MastodonServer
) -> None:
    alice, bob = team
    start = threading.Barrier(2)
    reports: dict[str, RunReport] = {}
    errors: list[Exception] = []

    def run(name: str, store: Store) -> None:
        try:
            start.wait(timeout=10)
            reports[name] = _runner(store).run()
        except Exception as error:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n, s)) for n, s in (("alice", alice), ("bob", bob))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []

    texts = Counter(status.text for status in mastodon.state.statuses)
    assert sorted(texts) == sorted(f"Tip {n} of the week" for n in range(POSTS))
    assert set(texts.values()) == {1}
    sent = [len(reports[name].sent) for name in ("alice", "bob")]
    assert sum(sent) == POSTS
    assert all(sent), f"both laptops should have taken some: {sent}"
    # After a round each, both laptops agree that everything went out, with the same remote ids.
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)
    assert view(alice) == view(bob)
    states = {d.state for p in bob.posts.page(limit=100) for d in p.deliveries}
    assert states == {DeliveryState.SENT}


def test_a_laptop_that_cannot_reach_the_hub_claims_nothing(
    team: tuple[Store, Store], mastodon: MastodonServer
) -> None:
    _, bob = team
    with bob.db.write() as conn:  # the hub moves out of reach (a closed port)
        conn.execute("UPDATE team_link SET hub = 'host=127.0.0.1 port=1 dbname=gone user=studio'")
    with pytest.raises(HubError, match="cannot be reached"):
        _runner(bob).run()
    # Nor can a runner that was not given the hub claimer take anything on its own.
    with pytest.raises(sqlite3.IntegrityError, match="claimed in the hub"):
        Runner(bob, credentials=KEYRING).run()
    assert mastodon.state.statuses == []
    states = {d.state for p in bob.posts.page(limit=100) for d in p.deliveries}
    assert states == {DeliveryState.QUEUED}
