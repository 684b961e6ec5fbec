"""`studio metrics pull` against a real Bluesky network on loopback (PLC, PDS and the AppView): Studio's own
runner publishes, another account likes, reposts, replies to and quotes the post, another post is deleted;
the real CLI pulls the counts through `app.bsky.feed.getPosts`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from studio.store import NewPost, PostStatus, open_store
from tests.integration.listen.conftest import BskyStudio
from tests.servers.bsky_actor import BskyActor, Ref
from tests.servers.bsky_network import BskyNetwork

REPO = Path(__file__).resolve().parents[3]


def _studio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args], cwd=REPO, capture_output=True, text=True, timeout=120,
        env={**os.environ, "TZ": "UTC"}, check=False,
    )  # fmt: skip


def test_a_like_a_repost_a_reply_and_a_quote_are_measured_and_a_deleted_post_is_asked_once(
    bsky_network: BskyNetwork, bsky_studio: BskyStudio, bsky_actor: Callable[[str], BskyActor]
) -> None:
    store, account = bsky_studio.store, bsky_studio.account
    kept = store.posts.create(
        NewPost("Wi-Fi maintenance tonight in the library", (account.id,)), PostStatus.SCHEDULED
    )
    mistake = store.posts.create(NewPost("Posted by mistake", (account.id,)), PostStatus.SCHEDULED)
    sent = _studio("publish-due")
    assert sent.returncode == 0, sent.stderr
    with open_store(bsky_studio.home) as fresh:
        [ours] = fresh.posts.get(kept.id).deliveries
        [gone] = fresh.posts.get(mistake.id).deliveries
    part = ours.parts[0]
    assert part.remote_id is not None
    assert part.remote_cid is not None
    assert ours.remote_id == part.remote_id
    ref = Ref(part.remote_id, part.remote_cid)
    kim = bsky_actor("kim")
    kim.like(ref)
    kim.repost(ref)
    kim.post("Will eduroam be down too?", reply_to=ref)
    kim.post("Good to know", quote=ref)
    assert gone.remote_id is not None
    bsky_studio.actor.delete(gone.remote_id)
    bsky_network.process_all()

    first = _studio("metrics", "pull", "--all")
    assert first.returncode == 0, first.stderr
    assert (
        first.stdout.strip() == "measured 1 post(s) in 1 call(s); 1 deleted on the network (not asked again)"
    )
    listed = json.loads(_studio("archive", "list", "--json").stdout)
    by_text = {p["text"]: p["deliveries"][0] for p in listed}
    metrics = by_text["Wi-Fi maintenance tonight in the library"]["metrics"]
    assert (metrics["likes"], metrics["reposts"], metrics["replies"], metrics["quotes"]) == (1, 1, 1, 1)
    assert by_text["Posted by mistake"]["deleted"] is True

    again = _studio("metrics", "pull", "--all", "--json")
    assert json.loads(again.stdout)["measured"] == 1  # only the live post: the deleted one is not asked
    with open_store(bsky_studio.home) as fresh:
        assert fresh.metrics.gone() == {gone.id}
        assert [k for k, _ in fresh.metrics.history(ours.id)] == ["pull", "pull"]
