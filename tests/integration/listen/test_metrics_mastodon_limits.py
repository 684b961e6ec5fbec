"""`MastodonCounts` against the loopback Mastodon-API server: counts as Mastodon documents them, 404 as gone,
and pacing by `X-RateLimit-Remaining` / `X-RateLimit-Reset` (the waiting is recorded, not slept)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from studio.listen.mastodon_counts import MastodonCounts
from studio.listen.model import RateLimited
from studio.secrets import account_key
from studio.store import Account, NewAccount, open_store
from tests.servers.mastodon_server import MastodonServer


class _Keys(dict[str, str]):
    def set(self, key: str, value: str) -> None:
        self[key] = value

    def delete(self, key: str) -> bool:
        return self.pop(key, None) is not None


@pytest.fixture
def account(studio_home: Path, server: MastodonServer) -> Account:
    with open_store(studio_home) as store:
        return store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=server.url))


def _post(server: MastodonServer, token: str, text: str, **extra: str) -> str:
    made = httpx.post(
        f"{server.url}/api/v1/statuses", data={"status": text, **extra},
        headers={"Authorization": f"Bearer {token}"}, timeout=10,
    )  # fmt: skip
    assert made.status_code == 200, made.text
    return str(made.json()["id"])


def test_counts_as_the_server_reports_them_and_none_for_a_deleted_status(
    server: MastodonServer, account: Account, studio_home: Path
) -> None:
    mine = _post(server, "test-token", "The VPN is back")
    _post(server, "kim-token", "@studio thanks!", in_reply_to_id=mine)
    reader = MastodonCounts(account, _Keys({account_key(account.id): "test-token"}), studio_home)
    try:
        found = reader.counts([mine, "999999"])
    finally:
        reader.close()
    counts = found[mine]
    assert counts is not None
    assert (counts.likes, counts.reposts, counts.replies) == (0, 0, 1)
    assert found["999999"] is None
    assert reader.calls == 2


def test_a_spent_window_is_waited_for_or_handed_back_as_rate_limited(
    server: MastodonServer, account: Account, studio_home: Path
) -> None:
    ids = [_post(server, "test-token", f"post {n}") for n in range(3)]
    with server.lock:
        server.state.rate_limit = 4  # every answer now says 3 calls are left
    slept: list[float] = []
    keys = _Keys({account_key(account.id): "test-token"})
    reader = MastodonCounts(account, keys, studio_home, reserve=3, sleep=slept.append)
    try:
        assert all(c is not None for c in reader.counts(ids).values())
    finally:
        reader.close()
    # After the first answer every call waits for the window's reset (the server says 5 minutes ahead).
    assert len(slept) == 2
    assert all(290 <= s <= 300 for s in slept)
    assert reader.waited == pytest.approx(sum(slept))

    impatient = MastodonCounts(account, keys, studio_home, reserve=3, max_wait=60, sleep=slept.append)
    try:
        impatient.counts(ids[:1])
        with pytest.raises(RateLimited) as raised:
            impatient.counts(ids[1:2])
    finally:
        impatient.close()
    assert (
        datetime.now(UTC) + timedelta(minutes=4)
        < raised.value.until
        <= datetime.now(UTC) + timedelta(minutes=5)
    )
    assert impatient.calls == 1
