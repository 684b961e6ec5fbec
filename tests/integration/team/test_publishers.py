"""Which laptops can publish for each account: filled from each laptop's keyring, never its credentials."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime

import psycopg

from studio.store import NewAccount, NewPost, Store
from studio.team import HubClaimer, create_team, join_team, sync_round
from studio.team.publishers import cached_publishers
from tests.conftest import REPO
from tests.keyring_helpers import KEYRING, delete_secret, set_secret

Laptop = Callable[[str], Store]


def _status(store: Store) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "studio", "team", "status", "--json"], cwd=REPO, capture_output=True,
        text=True, timeout=60, env={**os.environ, "STUDIO_HOME": str(store.workspace)}, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    shown = json.loads(done.stdout)
    assert isinstance(shown, dict)
    return shown


def test_publishers_name_the_laptops_whose_keyring_holds_each_account(laptop: Laptop, hub: str) -> None:
    alice = laptop("alice")
    # Both laptops share this test's one keyring, where a credential is filed by account id: an account
    # only alice has (it travels with no post) keeps her ids apart from bob's.
    alice.accounts.add(NewAccount("instagram", "old-archive"))
    accounts = (
        alice.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example")),
        alice.accounts.add(NewAccount("bluesky", "it-sky", handle="it.example.org")),
        alice.accounts.add(NewAccount("instagram", "it-insta")),  # a handoff folder: no credential needed
    )
    alice.posts.create(NewPost("Printers are back", tuple(a.id for a in accounts)))  # brings them to bob
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    bob = laptop("bob")
    join_team(bob, KEYRING, hub, "bob")
    for account in (*alice.accounts.list(), *bob.accounts.list()):  # whatever an earlier test left behind
        delete_secret(account.id)
    token_holder = bob.accounts.by_name("it-masto").id  # only bob was given the Mastodon token
    assert token_holder != alice.accounts.by_name("it-masto").id
    set_secret(token_holder, "test-token")
    try:
        sync_round(bob, KEYRING)
        sync_round(alice, KEYRING)
        expected = {"it-insta": ["alice", "bob"], "it-masto": ["bob"], "it-sky": []}
        assert cached_publishers(alice) == expected  # kept here, for the app to read offline
        shown = _status(alice)
        assert shown["publishers"] == expected
        assert "test-token" not in json.dumps(shown)
        with psycopg.connect(hub) as conn:  # the hub holds names only
            rows = conn.execute(
                "SELECT account_name, member FROM studio.account_publishers ORDER BY 1, 2"
            ).fetchall()
        assert rows == [
            ("it-insta", "alice"),
            ("it-insta", "bob"),
            ("it-masto", "bob"),
            ("old-archive", "alice"),
        ]

        # alice is given the token too: her next hub claim says so (no sync round needed).
        alice_masto = alice.accounts.by_name("it-masto").id
        set_secret(alice_masto, "test-token")
        try:
            assert HubClaimer(KEYRING)(alice, datetime.now(UTC), 0, "test") == []
            assert cached_publishers(alice) == {**expected, "it-masto": ["alice", "bob"]}
        finally:
            delete_secret(alice_masto)
    finally:
        delete_secret(token_holder)
    # bob's token is taken away: his next round takes his name off it (alice's rows wait for her next round).
    sync_round(bob, KEYRING)
    assert cached_publishers(bob) == {"it-insta": ["alice", "bob"], "it-masto": ["alice"], "it-sky": []}
