"""`studio metrics pull` against the loopback Mastodon-API server: a post Studio published is favourited and
reblogged by another account, another is deleted; the real runner publishes, the real CLI pulls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from studio.store import NewPost, PostStatus, open_store
from tests.servers.mastodon_server import MastodonServer
from tests.servers.mastodon_state import Fault

REPO = Path(__file__).resolve().parents[3]


def _studio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "TZ": "UTC"}, check=False,
    )  # fmt: skip


def _publish(home: Path, account_id: int, *texts: str) -> list[str]:
    with open_store(home) as store:
        for text in texts:
            store.posts.create(NewPost(text, (account_id,)), PostStatus.SCHEDULED)
    sent = _studio("publish-due")
    assert sent.returncode == 0, sent.stderr
    with open_store(home) as store:
        return [d.remote_id or "" for p in store.posts.page(offset=0, limit=10) for d in p.deliveries]


def _as_kim(server: MastodonServer, method: str, path: str) -> None:
    answer = httpx.request(
        method, server.url + path, headers={"Authorization": "Bearer kim-token"}, timeout=10
    )
    assert answer.status_code == 200, answer.text


def test_a_favourite_and_a_reblog_are_measured_and_a_deleted_status_is_asked_once(
    studio_home: Path, server: MastodonServer, account_id: int
) -> None:
    ids = _publish(studio_home, account_id, "The VPN is back", "Printing is down")
    [liked] = [s.id for s in server.statuses() if s.text == "The VPN is back"]
    [deleted] = [s.id for s in server.statuses() if s.text == "Printing is down"]
    assert sorted(ids) == sorted([liked, deleted])
    _as_kim(server, "POST", f"/api/v1/statuses/{liked}/favourite")
    _as_kim(server, "POST", f"/api/v1/statuses/{liked}/reblog")
    gone = httpx.delete(
        f"{server.url}/api/v1/statuses/{deleted}", headers={"Authorization": "Bearer test-token"}, timeout=10
    )
    assert gone.status_code == 200

    first = _studio("metrics", "pull", "--all")
    assert first.returncode == 0, first.stderr
    assert (
        first.stdout.strip() == "measured 1 post(s) in 2 call(s); 1 deleted on the network (not asked again)"
    )
    listed = json.loads(_studio("archive", "list", "--json").stdout)
    by_text = {p["text"]: p["deliveries"][0] for p in listed}
    metrics = by_text["The VPN is back"]["metrics"]
    assert (metrics["likes"], metrics["reposts"], metrics["replies"]) == (1, 1, 0)
    assert by_text["Printing is down"]["metrics"] is None
    assert by_text["Printing is down"]["deleted"] is True

    again = _studio("metrics", "pull", "--all")
    assert again.returncode == 0, again.stderr
    asked = [
        path
        for method, path, _ in server.requests()
        if method == "GET" and path.startswith("/api/v1/statuses/")
    ]
    assert asked.count(f"/api/v1/statuses/{deleted}") == 1
    assert asked.count(f"/api/v1/statuses/{liked}") == 2


def test_a_slow_down_keeps_the_account_waiting_until_the_reset(
    studio_home: Path, server: MastodonServer, account_id: int
) -> None:
    _publish(studio_home, account_id, "Rate limited")
    server.fail_next(Fault("429", method="GET", path="/api/v1/statuses/", seconds=120))
    limited = _studio("metrics", "pull", "--all", "--json")
    assert limited.returncode == 0, limited.stderr
    doc = json.loads(limited.stdout)
    assert doc["measured"] == 0
    assert list(doc["waiting"]) == ["it-masto"]
    before = len(server.requests())
    waiting = _studio("metrics", "pull", "--all", "--json")
    assert json.loads(waiting.stdout)["waiting"] == doc["waiting"]
    assert len(server.requests()) == before  # nothing asked before the reset
