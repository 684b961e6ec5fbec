"""Exactly once across three laptops: `studio publish-due` runs at once on three workspaces of one team,
for 50 posts due now on the loopback Mastodon server and the real Bluesky PDS, some runs are SIGKILLed
mid-way, and the laptops run again until everything is out. Every post is on each network exactly once,
and after a sync every laptop sees every delivery sent.

The kills are SIGKILLs of chosen processes once the servers show the run is well under way. The server-side
tripwires (tests/servers/tripwire.py) are not used here: with three clients at once a wire cannot tell which
process sent the request it fires on, so it would hang up on one laptop and kill another (the one left
without an answer would wait for its retry, a minute away). tests/integration/publish/test_crash.py already
kills one runner at each exact request; this test is about three laptops meeting in the hub.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from studio.store import DeliveryState, NewAccount, NewPost, PostStatus, open_store
from studio.team import create_team, join_team, sync_round
from tests.conftest import REPO
from tests.keyring_helpers import KEYRING, delete_secret, forget_session, set_secret
from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import PdsInfo

POSTS = 50
LAPTOPS = ("alice", "bob", "carol")


@dataclass(frozen=True)
class Team:
    homes: dict[str, Path]
    did: str  # the Bluesky account's repository on the PDS


def _bluesky_account(pds: PdsInfo) -> tuple[str, str, str]:
    """A fresh PDS account: (handle, did, app password)."""
    handle = f"team-{secrets.token_hex(3)}.test"
    password = secrets.token_urlsafe(12)
    with httpx.Client(base_url=pds.url, timeout=30) as client:
        made = client.post(
            "/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "password": password, "email": f"{handle}@example.com"},
        )
        made.raise_for_status()
        app = client.post(
            "/xrpc/com.atproto.server.createAppPassword",
            json={"name": "studio"},
            headers={"Authorization": f"Bearer {made.json()['accessJwt']}"},
        )
        app.raise_for_status()
    return handle, str(made.json()["did"]), str(app.json()["password"])


@pytest.fixture
def team(tmp_path: Path, hub: str, mastodon: MastodonServer, pds: PdsInfo) -> Iterator[Team]:
    """Three laptops of one team; alice queued POSTS posts on both networks; each laptop holds both tokens."""
    handle, did, app_password = _bluesky_account(pds)
    homes = {name: tmp_path / name for name in LAPTOPS}
    ids: set[tuple[int, int]] = set()
    with open_store(homes["alice"]) as alice:
        masto = alice.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
        bsky = alice.accounts.add(NewAccount("bluesky", "it-bsky", handle=handle, instance_url=pds.url))
        for n in range(POSTS):
            alice.posts.create(NewPost(f"Tip {n} of {POSTS}", (masto.id, bsky.id)), PostStatus.SCHEDULED)
        create_team(alice, KEYRING, hub, "IT comms", "alice")
    for name in LAPTOPS[1:]:
        with open_store(homes[name]) as store:
            join_team(store, KEYRING, hub, name)
    for home in homes.values():
        with open_store(home) as store:
            ids.add((store.accounts.by_name("it-masto").id, store.accounts.by_name("it-bsky").id))
    for masto_id, bsky_id in ids:  # each laptop's keyring holds both credentials
        set_secret(masto_id, "test-token")
        set_secret(bsky_id, app_password)
    try:
        yield Team(homes, did)
    finally:
        for masto_id, bsky_id in ids:
            delete_secret(masto_id)
            delete_secret(bsky_id)
            forget_session(bsky_id)


def _start(home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "studio", "publish-due"], cwd=REPO,
        env={**os.environ, "STUDIO_HOME": str(home)}, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip


def _finish(runs: dict[str, subprocess.Popen[bytes]], killed: set[str]) -> dict[str, int]:
    """Waits for every run; the ones not killed must end well. Their exit codes."""
    for name, proc in runs.items():
        _, err = proc.communicate(timeout=60)
        if name in killed:
            assert proc.returncode in (-signal.SIGKILL, 0), err.decode()
        else:
            assert proc.returncode == 0, f"{name}: {err.decode()}"
            assert b"Traceback" not in err
    return {name: proc.returncode for name, proc in runs.items()}


def _records(pds: PdsInfo, did: str) -> Counter[str]:
    texts: Counter[str] = Counter()
    cursor = None
    while True:
        params = {"repo": did, "collection": "app.bsky.feed.post", "limit": "100"}
        if cursor:
            params["cursor"] = cursor
        page = httpx.get(f"{pds.url}/xrpc/com.atproto.repo.listRecords", params=params, timeout=30).json()
        texts.update(r["value"]["text"] for r in page["records"])
        cursor = page.get("cursor")
        if not cursor or not page["records"]:
            return texts


def _states(home: Path) -> Counter[tuple[str, DeliveryState]]:
    with open_store(home) as store:
        sync_round(store, KEYRING)
        return Counter((d.network, d.state) for p in store.posts.page(limit=1000) for d in p.deliveries)


@pytest.mark.slow
def test_three_laptops_with_kills_send_every_post_exactly_once_on_each_network(
    team: Team, mastodon: MastodonServer, pds: PdsInfo
) -> None:
    started = time.monotonic()
    # Round 1: all three at once; bob and carol are killed once the servers show the run is under way.
    runs = {name: _start(home) for name, home in team.homes.items()}
    for name, when in (("bob", 6), ("carol", 20)):
        while len(mastodon.statuses()) + sum(_records(pds, team.did).values()) < when:
            assert time.monotonic() - started < 40, "the first round never got going"
            time.sleep(0.05)
        runs[name].send_signal(signal.SIGKILL)
    codes = _finish(runs, killed={"bob", "carol"})
    assert -signal.SIGKILL in (codes["bob"], codes["carol"]), f"no run was killed mid-way: {codes}"
    done = POSTS * 2

    # Then all three again, at once, until the queue is empty (a killed run's claims are its laptop's to
    # take over on its next run).
    for _ in range(4):
        states = _states(team.homes["alice"])
        if states[("mastodon", DeliveryState.SENT)] + states[("bluesky", DeliveryState.SENT)] == done:
            break
        runs = {name: _start(home) for name, home in team.homes.items()}
        _finish(runs, killed=set())

    statuses = Counter(s.text for s in mastodon.statuses())
    records = _records(pds, team.did)
    expected = {f"Tip {n} of {POSTS}": 1 for n in range(POSTS)}
    assert dict(statuses) == expected, "every post exactly once on Mastodon"
    assert dict(records) == expected, "every post exactly once on Bluesky"
    for name, home in team.homes.items():
        assert _states(home) == {
            ("mastodon", DeliveryState.SENT): POSTS,
            ("bluesky", DeliveryState.SENT): POSTS,
        }, name
    assert time.monotonic() - started < 60
