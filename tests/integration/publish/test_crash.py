"""The crash test: `studio publish-due` killed with SIGKILL at random moments and restarted until done.

50 posts (some with images, some threads) go to the loopback Mastodon server and the real PDS, and a third of
them to a handoff account (Threads) too. Afterwards every post is on each server exactly once, threads in
order, the local archive has every remote URL, and every handoff has exactly one whole ready folder (no
partial one left by a kill) and waits for the person.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from studio.store import DeliveryState, NewAccount
from tests.integration.publish.conftest import Workspace
from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import REPO, PdsInfo

POSTS = 50
MAX_KILLS = 20
TIME_LIMIT = 150.0  # seconds for the whole kill loop; the suite's budget


def _queue_done(ws: Workspace, post_ids: list[int]) -> bool:
    finished = {"threads": DeliveryState.HANDED_OFF}  # the person posts it; the runner's part is done
    return all(
        d.state is finished.get(d.network, DeliveryState.SENT)
        for pid in post_ids
        for d in ws.store.posts.get(pid).deliveries
    )


def _unfinished(ws: Workspace, post_ids: list[int]) -> list[tuple[int, str, str, str]]:
    return [
        (d.id, d.network, d.state.value, d.last_error)
        for pid in post_ids
        for d in ws.store.posts.get(pid).deliveries
        if d.state not in (DeliveryState.SENT, DeliveryState.HANDED_OFF)
    ][:5]


def _bluesky_records(pds: PdsInfo, did: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {"repo": did, "collection": "app.bsky.feed.post", "limit": "100"}
        if cursor:
            params["cursor"] = cursor
        page = httpx.get(f"{pds.url}/xrpc/com.atproto.repo.listRecords", params=params).json()
        records += page["records"]
        cursor = page.get("cursor")
        if not cursor or not page["records"]:
            return records


@pytest.mark.slow
def test_runner_killed_at_random_moments_publishes_everything_exactly_once(
    workspace: Workspace, mastodon: MastodonServer, pds: PdsInfo, jpeg: Callable[..., bytes]
) -> None:
    rng = random.Random(20261122)
    # A server across the internet: half the wait comes after the status exists, before the client hears of
    # it, which is exactly where a kill would make a naive client post twice.
    mastodon.state.latency = 0.02
    mastodon.state.answer_delay = 0.02
    # And the laptop "comes back" after Mastodon's hour: an Idempotency-Key alone would not save us.
    mastodon.state.idempotency_ttl = 0
    handoff = workspace.store.accounts.add(NewAccount("threads", "it-threads"))
    threads: dict[int, list[str]] = {}
    for n in range(POSTS):
        texts = [f"post {n} part {i + 1}" for i in range(3 if n % 4 == 0 else 1)]
        images = ((jpeg(colour=(n * 5 % 256, 90, 160)), f"picture for post {n}"),) if n % 5 == 0 else ()
        accounts = (workspace.masto, workspace.bsky, handoff) if n % 3 == 0 else ()
        threads[workspace.add_post(*texts, images=images, accounts=accounts)] = texts
    post_ids = list(threads)
    env = {**os.environ, "STUDIO_HOME": str(workspace.home)}

    kills = runs = 0
    deadline = time.monotonic() + TIME_LIMIT
    while not _queue_done(workspace, post_ids):
        assert time.monotonic() < deadline, (
            f"queue not empty after {runs} runs and {kills} kills: {_unfinished(workspace, post_ids)}"
        )
        runs += 1
        proc = subprocess.Popen(
            [sys.executable, "-m", "studio", "publish-due"], cwd=REPO, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        if kills < MAX_KILLS:
            try:
                proc.wait(rng.uniform(0.8, 2.2))  # starting Python takes most of a second
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                kills += 1
        _, err = proc.communicate(timeout=120)
        if proc.returncode != -signal.SIGKILL:
            assert proc.returncode == 0, err.decode()
    assert kills >= 5, f"only {kills} kills landed; the test did not test much"

    # Mastodon: every part once, each thread replying in order.
    statuses = mastodon.statuses()
    counts = Counter(s.text for s in statuses)
    expected = [t for texts in threads.values() for t in texts]
    assert sorted(counts) == sorted(expected)
    assert set(counts.values()) == {1}, [t for t, c in counts.items() if c > 1]
    by_text = {s.text: s for s in statuses}
    for texts in threads.values():
        chain = [by_text[t] for t in texts]
        assert [s.in_reply_to_id for s in chain[1:]] == [s.id for s in chain[:-1]]

    # Bluesky: the same, read back from the PDS.
    did = httpx.get(
        f"{pds.url}/xrpc/com.atproto.identity.resolveHandle", params={"handle": workspace.bsky.handle}
    ).json()["did"]
    records = _bluesky_records(pds, did)
    counts = Counter(r["value"]["text"] for r in records)
    assert sorted(counts) == sorted(expected)
    assert set(counts.values()) == {1}
    uri = {r["value"]["text"]: r["uri"] for r in records}
    for texts in threads.values():
        for before, text in itertools.pairwise(texts):
            reply = next(r for r in records if r["value"]["text"] == text)["value"]["reply"]
            assert reply["parent"]["uri"] == uri[before]
            assert reply["root"]["uri"] == uri[texts[0]]

    # The archive: every delivery sent, with its URL and every part's remote id.
    handed_off = []
    for post_id, texts in threads.items():
        for delivery in workspace.store.posts.get(post_id).deliveries:
            assert delivery.remote_url
            assert len(delivery.parts) == len(texts)
            if delivery.network == "threads":
                handed_off.append(delivery)
            elif delivery.network == "mastodon":
                assert [p.remote_id for p in delivery.parts] == [by_text[t].id for t in texts]
            else:
                assert [p.remote_id for p in delivery.parts] == [uri[t] for t in texts]
    # Handoff: one whole folder per delivery, written once, nothing half-written beside them.
    assert len(handed_off) == len([n for n in range(POSTS) if n % 3 == 0])
    root = workspace.home / "handoff"
    assert sorted(p.name for p in root.iterdir()) == sorted(Path(d.remote_id or "").name for d in handed_off)
    for delivery in handed_off:
        folder = Path(delivery.remote_id or "")
        assert sorted(p.name for p in folder.iterdir())[-3:] == ["README.txt", "alt-text.txt", "caption.txt"]
        caption = (folder / "caption.txt").read_text()
        assert all(part.text in caption for part in delivery.parts)
        events = [e.kind for e in workspace.store.deliveries.events(delivery.id)]
        assert events.count("handed_off") == 1
    assert {d.id for d in workspace.store.deliveries.awaiting_confirmation()} == {d.id for d in handed_off}
    requests = mastodon.requests()
    keys = Counter(h.get("Idempotency-Key") for m, p, h in requests if p == "/api/v1/statuses")
    resent = sum(c - 1 for c in keys.values())
    looked = sum(1 for m, p, _ in requests if p.endswith("/source"))
    print(  # noqa: T201 - shown with -s: how often the crash windows were hit
        f"crash test: {runs} runs, {kills} SIGKILLs; Mastodon: {resent} parts sent again with their key, "
        f"{looked} statuses looked up by resumed deliveries"
    )
