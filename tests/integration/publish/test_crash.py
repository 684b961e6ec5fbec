"""The crash tests: `studio publish-due` killed with SIGKILL at chosen points and run again until done.

The servers do the killing (tests/servers/tripwire.py): the loopback Mastodon server, and a proxy in front of
the real PDS, SIGKILL the runner at the very request a test names — before a post is sent, after the server
has it but before Studio records it, in the middle of a thread, while a picture uploads — so every kill lands
where it should on any machine, with no timing luck. Afterwards every post is on each server exactly once,
threads in order, the local archive has every remote URL, and every handoff has exactly one whole ready folder
and waits for the person.

A runner that comes after a killed one holds the workspace lock, so it takes the dead runner's claims over at
once, however many other deliveries are due before them (issue 12 item 7).
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from studio.store import Account, DeliveryState, NewAccount
from studio.store.times import now_utc
from tests.integration.publish.conftest import Workspace
from tests.keyring_helpers import delete_secret, forget_session, set_secret
from tests.servers.kill_proxy import KillProxy
from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import REPO, PdsInfo
from tests.servers.tripwire import Tripwire, Tripwires

STATUS = ("POST", "/api/v1/statuses")
RECORD = ("POST", "/xrpc/com.atproto.repo.createRecord")
# In the order a run meets them (deliveries go out by due time, then id); one kill per run.
KILLS = [
    ("mastodon", Tripwire(*STATUS, "committed", b"post 0 part 2")),  # mid-thread, the server has it
    ("mastodon", Tripwire(*STATUS, "received", b"post 0 part 3")),  # mid-thread, before it is sent
    ("bluesky", Tripwire(*RECORD, "committed", b"post 0 part 1")),  # the PDS has it, Studio does not know
    ("bluesky", Tripwire(*RECORD, "received", b"post 0 part 3")),  # mid-thread, before it is sent
    ("mastodon", Tripwire("POST", "/api/v2/media", "received")),  # uploading the picture
    ("mastodon", Tripwire(*STATUS, "committed", b"post 1 part 1")),
    ("bluesky", Tripwire("POST", "/xrpc/com.atproto.repo.uploadBlob", "received")),
    ("bluesky", Tripwire(*RECORD, "committed", b"post 1 part 1")),
    ("mastodon", Tripwire(*STATUS, "committed", b"post 2 part 1")),
    ("bluesky", Tripwire(*RECORD, "received", b"post 2 part 1")),
]


@pytest.fixture
def proxy(pds: PdsInfo) -> Iterator[KillProxy]:
    """The real PDS behind a proxy that can kill the runner."""
    with KillProxy(pds.url) as running:
        yield running


@pytest.fixture
def bsky(workspace: Workspace, proxy: KillProxy) -> Iterator[Account]:
    """The workspace's Bluesky account, reached through the killing proxy."""
    account = workspace.store.accounts.add(
        NewAccount("bluesky", "it-bsky-proxied", handle=workspace.bsky.handle, instance_url=proxy.url)
    )
    set_secret(account.id, workspace.secrets[1])
    try:
        yield account
    finally:
        delete_secret(account.id)
        forget_session(account.id)


def _publish(ws: Workspace, wires: Tripwires | None = None, wire: Tripwire | None = None) -> float:
    """One `studio publish-due`; with a wire, the server must kill it there. Returns the seconds it took."""
    if wires is not None and wire is not None:
        wires.arm(wire)
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio", "publish-due"], cwd=REPO,
        env={**os.environ, "STUDIO_HOME": str(ws.home)}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    if wires is not None:
        wires.target(proc.pid)
    _, err = proc.communicate(timeout=120)
    if wires is None or wire is None:
        assert proc.returncode == 0, err.decode()
        return time.monotonic() - started
    assert wires.disarm() == [], f"{wire} never fired (exit {proc.returncode}): {err.decode()}"
    assert proc.returncode == -signal.SIGKILL, err.decode()
    return time.monotonic() - started


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
def test_runner_killed_at_chosen_points_publishes_everything_exactly_once(
    workspace: Workspace, mastodon: MastodonServer, proxy: KillProxy, bsky: Account, pds: PdsInfo,
    jpeg: Callable[..., bytes],
) -> None:  # fmt: skip
    # The laptop "comes back" after Mastodon's hour: an Idempotency-Key alone would not save us, the look-up
    # of a status an earlier attempt may have made must.
    mastodon.state.idempotency_ttl = 0
    handoff = workspace.store.accounts.add(NewAccount("threads", "it-threads"))
    networks = (workspace.masto, bsky)
    threads: dict[int, list[str]] = {}
    for n in range(5):
        texts = [f"post {n} part {i + 1}" for i in range(3 if n == 0 else 1)]
        images = ((jpeg(colour=(n * 40, 90, 160)), f"picture for post {n}"),) if n == 1 else ()
        accounts = (*networks, handoff) if n in (0, 3) else networks
        threads[workspace.add_post(*texts, images=images, accounts=accounts)] = texts
    post_ids = list(threads)
    servers = {"mastodon": mastodon.tripwires, "bluesky": proxy.tripwires}

    for network, wire in KILLS:
        _publish(workspace, servers[network], wire)
        assert not _queue_done(workspace, post_ids)
    _publish(workspace)  # the last run, left alone

    assert _queue_done(workspace, post_ids), _unfinished(workspace, post_ids)
    assert sum(len(t.fired) for t in servers.values()) == len(KILLS)  # every kill landed where it was put

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
        f"{pds.url}/xrpc/com.atproto.identity.resolveHandle", params={"handle": bsky.handle}
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
    assert len(handed_off) == 2
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
    # Each status made before a kill was found again by its text, not sent twice.
    looked = [p for m, p, _ in mastodon.requests() if m == "GET" and p.endswith("/source")]
    assert len(looked) >= 3


@pytest.mark.parametrize("network", ["mastodon", "bluesky"])
def test_a_dead_runners_claim_is_taken_over_at_once_behind_a_full_batch(
    workspace: Workspace, mastodon: MastodonServer, proxy: KillProxy, bsky: Account, network: str
) -> None:
    """An outage update whose runner died does not wait out the claim timeout behind earlier posts."""
    # Keys are kept for Mastodon's hour here: the look-up and the key both stand between a kill and a copy.
    masto = network == "mastodon"
    account, wires = (workspace.masto, mastodon.tripwires) if masto else (bsky, proxy.tripwires)
    now = now_utc()
    due = now - timedelta(minutes=1)
    update = workspace.add_post("outage update: mail is back", accounts=(account,), at=due)
    _publish(workspace, wires, Tripwire(*(STATUS if masto else RECORD), "committed", b"outage"))
    # Released after the outage: more posts due before the update than one run claims at a time.
    handoff = workspace.store.accounts.add(NewAccount("threads", "it-threads"))
    for n in range(25):
        workspace.add_post(f"held {n}", accounts=(handoff,), at=now - timedelta(minutes=30))

    _publish(workspace)

    delivery = workspace.deliveries(update)[network]
    assert delivery.state is DeliveryState.SENT, (delivery.state, delivery.last_error)
    kinds = [e.kind for e in workspace.store.deliveries.events(delivery.id)]
    assert kinds.count("reclaimed") == 1
    [part] = delivery.parts
    if network == "mastodon":
        made = [s for s in mastodon.statuses() if s.text.startswith("outage")]
        assert [(s.id, s.idempotency_key) for s in made] == [(part.remote_id, part.idempotency_key)]
    else:
        did = part.remote_id.split("/")[2] if part.remote_id else ""
        assert part.remote_id == f"at://{did}/app.bsky.feed.post/{part.record_key}"  # the fixed key
        listed = httpx.get(
            f"{proxy.upstream}/xrpc/com.atproto.repo.listRecords",
            params={"repo": did, "collection": "app.bsky.feed.post", "limit": "100"},
        ).json()["records"]
        assert [r["uri"] for r in listed if r["value"]["text"].startswith("outage")] == [part.remote_id]
