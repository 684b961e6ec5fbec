"""`studio publish-due` in a team workspace, as cron runs it: it syncs, claims in the hub, and without the hub
claims nothing and says why (exit 75, the same "try again later" as a locked keyring)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.store import DeliveryState, NewAccount, NewPost, PostStatus, open_store
from studio.team import create_team, join_team, sync_round
from tests.conftest import REPO
from tests.keyring_helpers import KEYRING, delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer

_CLOSED = "host=127.0.0.1 port=1 dbname=gone user=studio"


def _publish_due(home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", "publish-due"], cwd=REPO, capture_output=True, text=True,
        timeout=120, env={**os.environ, "STUDIO_HOME": str(home)}, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture
def alice(tmp_path: Path, hub: str, mastodon: MastodonServer) -> Iterator[Path]:
    """alice's team workspace: one post due now on the loopback Mastodon server, its token in the keyring."""
    home = tmp_path / "alice"
    with open_store(home) as store:
        account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
        store.posts.create(NewPost("The VPN is back", (account.id,)), PostStatus.SCHEDULED)
        create_team(store, KEYRING, hub, "IT comms", "alice")
    set_secret(account.id, "test-token")
    try:
        yield home
    finally:
        delete_secret(account.id)


def test_publish_due_claims_in_the_hub_and_the_other_laptop_sees_it_sent(
    alice: Path, tmp_path: Path, hub: str, mastodon: MastodonServer
) -> None:
    ran = _publish_due(alice)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("sent\t")
    assert [s.text for s in mastodon.statuses()] == ["The VPN is back"]
    with open_store(tmp_path / "bob") as bob:
        join_team(bob, KEYRING, hub, "bob")
        sync_round(bob, KEYRING)
        [post] = bob.posts.page(limit=10)
        assert [d.state for d in post.deliveries] == [DeliveryState.SENT]
    again = _publish_due(alice)
    assert (again.returncode, len(mastodon.statuses())) == (0, 1)


def test_without_the_hub_publish_due_claims_nothing_and_says_why(
    alice: Path, mastodon: MastodonServer
) -> None:
    with open_store(alice) as store, store.db.write() as conn:
        conn.execute("UPDATE team_link SET hub = ?", (_CLOSED,))
    ran = _publish_due(alice)
    assert ran.returncode == 75
    assert "nothing was claimed (a team workspace publishes only through its hub)" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert mastodon.statuses() == []
    with open_store(alice) as store:
        [post] = store.posts.page(limit=10)
        assert [d.state for d in post.deliveries] == [DeliveryState.QUEUED]
