"""Two real runner processes race to claim 1,000 due deliveries; none is claimed twice, none is left."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from studio.store import DeliveryState, NewAccount, NewPost, PostStatus, open_store
from studio.store.times import now_utc

WORKER = Path(__file__).with_name("race_worker.py")
DELIVERIES = 1000


@pytest.mark.slow
def test_two_processes_never_claim_the_same_delivery(studio_home: Path) -> None:
    with open_store(studio_home) as store:
        a = store.accounts.add(NewAccount("bluesky", "race-a"))
        b = store.accounts.add(NewAccount("x", "race-b"))
        past = now_utc() - timedelta(minutes=1)
        with store.db.write():  # one transaction for the setup, so it takes a second, not ten
            for n in range(DELIVERIES // 2):
                store.posts.create(
                    NewPost(f"p{n}", account_ids=(a.id, b.id), scheduled_at=past), PostStatus.SCHEDULED
                )
    go = studio_home / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(studio_home), str(go), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("runner-1", "runner-2")
    ]
    time.sleep(0.5)  # both have opened the store and wait for the signal
    go.touch()
    claimed = []
    for proc in procs:
        out, err = proc.communicate(timeout=90)
        assert proc.returncode == 0, err
        claimed.append(json.loads(out))
    first, second = (set(c) for c in claimed)
    assert len(claimed[0]) == len(first)
    assert len(claimed[1]) == len(second)
    assert not first & second
    assert len(first | second) == DELIVERIES
    assert first, "runner-2 got everything: the race did not happen"
    assert second, "runner-1 got everything: the race did not happen"
    with open_store(studio_home) as store:
        posts = store.posts.page(limit=DELIVERIES)
        deliveries = [d for p in posts for d in p.deliveries]
        assert len(deliveries) == DELIVERIES
        assert {d.state for d in deliveries} == {DeliveryState.SENT}
        assert {d.attempts for d in deliveries} == {1}
        assert {p.status for p in posts} == {PostStatus.PUBLISHED}
        # The runner that claimed a delivery is the one that finished it.
        finished_by_1 = {d.id for d in deliveries if (d.remote_id or "").startswith("runner-1-")}
        assert finished_by_1 == first
        events = [e.kind for d in deliveries for e in store.deliveries.events(d.id)]
        assert events.count("claimed") == DELIVERIES
