"""The inbox against the loopback Mastodon-API server: another account replies to a post Studio sent and
mentions Studio with a support question; the real CLI syncs, lists and answers; the real runner sends the
answer in the thread. Real keyring, real SQLite workspace, real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from studio.store import NewAccount, NewPost, PostStatus, open_store
from tests.keyring_helpers import delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer
from tests.servers.mastodon_state import Fault

REPO = Path(__file__).resolve().parents[3]
QUESTION = "@studio what's your password policy, my student ID is 20231234"
HELP_DESK = "https://help.campus.example.edu"  # the bundled kit's help-desk link


def _studio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "TZ": "UTC"}, check=False,
    )  # fmt: skip


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


def _notification_calls(server: MastodonServer) -> int:
    return sum(
        1 for method, path, _h in server.requests() if (method, path) == ("GET", "/api/v1/notifications")
    )


def test_a_rate_limit_makes_the_account_wait_then_the_next_sync_fetches(
    studio_home: Path, server: MastodonServer, account_id: int
) -> None:
    question_id = _as_kim(server, QUESTION)
    server.fail_next(Fault("429", "GET", "/api/v1/notifications", seconds=2))

    limited = _studio("inbox", "sync")
    assert limited.returncode == 0, limited.stderr
    assert "0 new item(s); 1 account(s) wait for their server until" in limited.stdout
    assert "Traceback" not in limited.stderr
    calls = _notification_calls(server)

    waiting = _studio("inbox", "sync", "--json")
    assert json.loads(waiting.stdout)["waiting"].keys() == {"it-masto"}
    assert _notification_calls(server) == calls  # not asked again before the reset

    with open_store(studio_home) as store:
        _cursor, until = store.inbox.cursor(account_id)
    assert until is not None
    time.sleep(max(0.0, (until - datetime.now(UTC)).total_seconds()) + 0.1)  # the server's reset comes
    fetched = _studio("inbox", "sync")
    assert fetched.stdout.strip() == "1 new item(s)", fetched.stderr
    assert [i["url"].rsplit("/", 1)[1] for i in _listed()] == [question_id]


def test_a_reply_that_shows_an_id_is_refused_and_nothing_is_queued(
    studio_home: Path, server: MastodonServer, account_id: int
) -> None:
    _as_kim(server, QUESTION)
    assert _studio("inbox", "sync").returncode == 0
    [item] = _listed()

    refused = _studio("inbox", "reply", str(item["id"]), "--text", "@kim your student ID 20231234 is locked")
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert "error: the text, characters" in refused.stderr
    assert "student or staff ID" in refused.stderr
    with open_store(studio_home) as store:
        assert store.inbox.get(item["id"]).reply_post_id is None
        assert store.posts.page(offset=0, limit=10) == []
    assert _studio("publish-due").stderr.strip() == "nothing due"

    empty = _studio("inbox", "reply", str(item["id"]), "--text", "   ")
    assert empty.returncode == 1
    assert empty.stderr.startswith("error: --text: ")
    missing = _studio("inbox", "reply", "999", "--text", "hello")
    assert (missing.returncode, missing.stderr.strip().splitlines()[0]) == (
        1, "error: inbox item 999: there is no such item (see `studio inbox list`)"
    )  # fmt: skip


def test_an_unreachable_server_is_one_line_and_the_other_accounts_still_sync(
    studio_home: Path, server: MastodonServer, account_id: int
) -> None:
    with MastodonServer() as gone:
        dead_url = gone.url  # a port that was open a moment ago and is closed now
    with open_store(studio_home) as store:
        down = store.accounts.add(NewAccount("mastodon", "it-down", instance_url=dead_url))
    set_secret(down.id, "test-token")
    try:
        _as_kim(server, QUESTION)
        synced = _studio("inbox", "sync")
    finally:
        delete_secret(down.id)
    assert synced.returncode == 1
    assert "Traceback" not in synced.stderr
    [error] = [line for line in synced.stderr.splitlines() if line.startswith("error: ")]
    assert error.startswith("error: account it-down: ")
    assert "could not reach 127.0.0.1" in error
    assert synced.stdout.strip() == "1 new item(s); 1 account(s) failed"
    assert len(_listed()) == 1


def test_what_was_fetched_before_a_failure_is_kept_and_the_next_sync_goes_on_from_there(
    studio_home: Path, server: MastodonServer, account_id: int
) -> None:
    _as_kim(server, "@studio first!")
    assert _studio("inbox", "sync").stdout.strip() == "1 new item(s)"
    for n in range(85):  # more than one page of 80
        _as_kim(server, f"@studio question {n}")
    server.fail_next(Fault("500", "GET", "/api/v1/notifications", after=1))  # the second page fails

    broken = _studio("inbox", "sync")
    assert broken.returncode == 1
    assert broken.stdout.strip() == "80 new item(s); 1 account(s) failed"
    assert "error: account it-masto: " in broken.stderr
    assert len(_listed()) == 81

    rest = _studio("inbox", "sync")
    assert rest.stdout.strip() == "5 new item(s)", rest.stderr
    texts = {i["text"] for i in _listed()}
    assert texts == {"@studio first!", *(f"@studio question {n}" for n in range(85))}


def test_a_quote_is_an_inbox_item_of_its_own_kind_and_a_deleted_status_is_not_fetched(
    studio_home: Path, server: MastodonServer, account_id: int
) -> None:
    post_id, ours = _sent_post(studio_home, account_id, server)
    with httpx.Client(headers={"Authorization": "Bearer kim-token"}, timeout=10) as kim:
        quoted = kim.post(
            f"{server.url}/api/v1/statuses", json={"status": "Good news", "quoted_status_id": ours}
        ).json()["id"]
        deleted = _as_kim(server, "@studio oops, wrong account")
        assert kim.delete(f"{server.url}/api/v1/statuses/{deleted}").status_code == 200
        assert kim.get(f"{server.url}/api/v1/statuses/{deleted}").status_code == 404

    assert _studio("inbox", "sync").stdout.strip() == "1 new item(s)"
    [item] = _listed()
    assert (item["kind"], item["text"], item["url"].rsplit("/", 1)[1]) == ("quote", "Good news", quoted)
    assert item["in_reply_to"] == post_id  # the post of ours it quotes


def test_an_answer_to_a_private_mention_stays_private(
    studio_home: Path, server: MastodonServer, account_id: int
) -> None:
    answer = httpx.post(
        server.url + "/api/v1/statuses", headers={"Authorization": "Bearer kim-token"}, timeout=10,
        json={"status": "@studio is my account locked?", "visibility": "direct"},
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert _studio("inbox", "sync").returncode == 0
    [item] = _listed()
    replied = _studio("inbox", "reply", str(item["id"]), "--text", "We have written to you in private.")
    assert replied.returncode == 0, replied.stderr
    assert _studio("publish-due").returncode == 0
    [reply] = [s for s in server.statuses() if s.in_reply_to_id == answer.json()["id"]]
    assert reply.visibility == "direct"  # never in public: that Kim wrote to the team is Kim's business
