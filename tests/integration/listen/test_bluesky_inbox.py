"""The inbox against a real Bluesky network on loopback (PLC, PDS, AppView): another account replies to a post
Studio published and mentions Studio with a support question; the real CLI syncs, lists and answers, and the
real runner sends the answer in the mention's thread. Real keyring, real SQLite workspace, subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from studio.store import NewPost, PostStatus, open_store
from tests.integration.listen.conftest import BskyStudio
from tests.servers.bsky_actor import BskyActor, Ref
from tests.servers.bsky_network import BskyNetwork

REPO = Path(__file__).resolve().parents[3]
SUPPORT = "what's your password policy, my student ID is 20231234"


def _studio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args], cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "TZ": "UTC"}, check=False,
    )  # fmt: skip


def _listed() -> list[dict[str, Any]]:
    listed = _studio("inbox", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    items: list[dict[str, Any]] = json.loads(listed.stdout)
    return items


def _record(pds: str, uri: str) -> dict[str, Any]:
    """A post's record as its PDS serves it to anyone (`com.atproto.repo.getRecord`)."""
    repo, collection, rkey = uri.removeprefix("at://").split("/")
    answer = httpx.get(
        f"{pds}/xrpc/com.atproto.repo.getRecord",
        params={"repo": repo, "collection": collection, "rkey": rkey},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    record: dict[str, Any] = answer.json()["value"]
    return record


def test_sync_lists_the_reply_and_the_support_mention_and_the_answer_goes_out_in_the_thread(
    bsky_network: BskyNetwork, bsky_studio: BskyStudio, bsky_actor: Callable[[str], BskyActor]
) -> None:
    assert bsky_network.info is not None
    pds = bsky_network.info.pds
    with open_store(bsky_studio.home) as store:
        new = NewPost("Wi-Fi maintenance tonight", (bsky_studio.account.id,))
        post = store.posts.create(new, PostStatus.SCHEDULED)
    sent = _studio("publish-due")
    assert sent.returncode == 0, sent.stderr
    with open_store(bsky_studio.home) as store:
        [delivery] = store.posts.get(post.id).deliveries
    [part] = delivery.parts
    ours = Ref(part.remote_id or "", part.remote_cid or "")

    kim = bsky_actor("kim")
    answer = kim.post("Will eduroam be down too?", reply_to=ours)
    question = kim.post(f"@{bsky_studio.actor.handle} {SUPPORT}", mention=bsky_studio.actor)
    kim.like(ours)
    bsky_network.process_all()

    synced = _studio("inbox", "sync")
    assert synced.returncode == 0, synced.stderr
    assert synced.stdout.strip() == "2 new item(s)"
    by_kind = {i["kind"]: i for i in _listed()}
    assert sorted(by_kind) == ["mention", "reply"]
    reply_item, mention = by_kind["reply"], by_kind["mention"]
    assert (reply_item["in_reply_to"], reply_item["support"], reply_item["network"]) == (
        post.id,
        False,
        "bluesky",
    )
    assert reply_item["url"].startswith("https://bsky.app/profile/")
    assert mention["support"] is True
    assert mention["author"] == kim.handle
    assert (
        mention["text"]
        == f"@{bsky_studio.actor.handle} what's your password policy, my student ID is ••••••••"
    )
    assert "student or staff ID" in mention["findings"]

    assert _studio("inbox", "sync").stdout.strip() == "0 new item(s)"
    assert len(_listed()) == 2

    queued = _studio("inbox", "reply", str(mention["id"]), "--ready")
    assert queued.returncode == 0, queued.stderr
    out = _studio("publish-due")
    assert out.returncode == 0, out.stderr
    with open_store(bsky_studio.home) as store:
        [answer_delivery] = store.posts.get(int(queued.stdout)).deliveries
    assert answer_delivery.remote_id is not None
    record = _record(pds, answer_delivery.remote_id)
    assert record["reply"]["parent"] == {"uri": question.uri, "cid": question.cid}
    assert record["reply"]["root"] == {
        "uri": question.uri,
        "cid": question.cid,
    }  # the mention starts its thread
    assert "https://help.campus.example.edu" in record["text"]
    assert not record["text"].startswith("@")

    # An answer to the reply goes under it, in the thread of Studio's own post.
    queued = _studio("inbox", "reply", str(reply_item["id"]), "--text", "Yes, eduroam too. Sorry!")
    assert queued.returncode == 0, queued.stderr
    assert _studio("publish-due").returncode == 0
    with open_store(bsky_studio.home) as store:
        [second] = store.posts.get(int(queued.stdout)).deliveries
    record = _record(pds, second.remote_id or "")
    assert record["reply"]["parent"] == {"uri": answer.uri, "cid": answer.cid}
    assert record["reply"]["root"] == {"uri": ours.uri, "cid": ours.cid}
