"""The inbox against the loopback Mastodon-API server: another account replies to a post Studio sent and
mentions Studio with a support question; the real CLI syncs, lists and answers; the real runner sends the
answer in the thread. Real keyring, real SQLite workspace, real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from studio.store import NewAccount, NewPost, PostStatus, open_store
from tests.keyring_helpers import delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer

REPO = Path(__file__).resolve().parents[3]
QUESTION = "@studio what's your password policy, my student ID is 20231234"
HELP_DESK = "https://help.campus.example.edu"  # the bundled kit's help-desk link


def _studio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "TZ": "UTC"}, check=False,
    )  # fmt: skip


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


def _as_kim(server: MastodonServer, text: str, reply_to: str | None = None) -> str:
    body: dict[str, Any] = {"status": text}
    if reply_to:
        body["in_reply_to_id"] = reply_to
    answer = httpx.post(
        server.url + "/api/v1/statuses", json=body, headers={"Authorization": "Bearer kim-token"}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["id"])


def _sent_post(home: Path, account_id: int, server: MastodonServer) -> tuple[int, str]:
    """Studio posts "The VPN is back" through the real runner; (post id, status id)."""
    with open_store(home) as store:
        post = store.posts.create(NewPost("The VPN is back", (account_id,)), PostStatus.SCHEDULED)
    sent = _studio("publish-due")
    assert sent.returncode == 0, sent.stderr
    [status] = [s for s in server.statuses() if s.text == "The VPN is back"]
    return post.id, status.id


def _listed(*flags: str) -> list[dict[str, Any]]:
    listed = _studio("inbox", "list", "--json", *flags)
    assert listed.returncode == 0, listed.stderr
    items: list[dict[str, Any]] = json.loads(listed.stdout)
    return items


def test_sync_lists_the_reply_and_the_support_mention_and_the_reply_goes_out_in_the_thread(
    studio_home: Path, server: MastodonServer, account_id: int
) -> None:
    post_id, ours = _sent_post(studio_home, account_id, server)
    answer_id = _as_kim(server, "@studio thanks, it works again!", reply_to=ours)
    question_id = _as_kim(server, QUESTION)
    with httpx.Client(headers={"Authorization": "Bearer kim-token"}, timeout=10) as kim:
        assert kim.post(f"{server.url}/api/v1/statuses/{ours}/favourite").status_code == 200

    synced = _studio("inbox", "sync")
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.strip() == "2 new item(s)"  # the favourite is not an inbox item

    items = _listed()
    by_remote = {i["url"].rsplit("/", 1)[1]: i for i in items}
    assert set(by_remote) == {answer_id, question_id}
    answer, question = by_remote[answer_id], by_remote[question_id]
    assert (answer["kind"], answer["in_reply_to"], answer["support"]) == ("reply", post_id, False)
    assert (question["kind"], question["in_reply_to"], question["support"]) == ("mention", None, True)
    assert question["author"] == "@kim"
    assert question["account"] == "it-masto"
    assert question["network"] == "mastodon"
    assert question["text"] == "@studio what's your password policy, my student ID is ••••••••"
    assert "20231234" not in json.dumps(items)
    assert "student or staff ID" in question["findings"]
    assert set(answer) == {"id", "network", "account", "kind", "author", "text", "url", "created_at",
                           "in_reply_to", "findings", "support"}  # fmt: skip

    plain = _studio("inbox", "list")
    assert "Support: move to the help desk" in plain.stdout
    assert "20231234" not in plain.stdout
    assert "studio inbox list --reveal" in plain.stderr
    assert "20231234" in _studio("inbox", "list", "--reveal").stdout

    again = _studio("inbox", "sync")
    assert again.stdout.strip() == "0 new item(s)"
    assert len(_listed()) == 2

    queued = _studio("inbox", "reply", str(question["id"]), "--ready")
    assert queued.returncode == 0, queued.stderr
    reply_post = int(queued.stdout.strip())
    sent = _studio("publish-due")
    assert sent.returncode == 0, sent.stderr
    [out] = [s for s in server.statuses() if s.account == "studio" and s.id != ours]
    assert out.in_reply_to_id == question_id
    assert out.text.startswith("@kim ")
    assert HELP_DESK in out.text
    with open_store(studio_home) as store:
        assert store.inbox.get(question["id"]).reply_post_id == reply_post
    # Kim is told: Mastodon notifies the account a reply mentions.
    with httpx.Client(headers={"Authorization": "Bearer kim-token"}, timeout=10) as kim:
        told = kim.get(f"{server.url}/api/v1/notifications", params={"types[]": "mention"}).json()
    assert [n["status"]["id"] for n in told] == [out.id]

    assert _studio("inbox", "done", str(answer["id"])).returncode == 0
    assert [i["id"] for i in _listed()] == [question["id"]]
    assert len(_listed("--all")) == 2
