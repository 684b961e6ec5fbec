"""Crash safety for real: a writer is killed with SIGKILL at random moments; nothing it reported is lost."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from studio.store import DeliveryState, NewAccount, NewPost, PostStatus, open_store

WORKER = Path(__file__).with_name("crash_worker.py")
KILLS = 50


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_reported_commit(studio_home: Path) -> None:
    with open_store(studio_home) as store:
        account = store.accounts.add(NewAccount("bluesky", "crash-test"))
        draft = store.posts.create(NewPost("v0"), PostStatus.DRAFT)
    rng = random.Random(20261122)
    reported_draft = 0
    reported_posts: dict[int, str] = {}
    reported_sent: set[int] = set()
    killed_mid_run = 0
    for _ in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(studio_home), str(draft.id), str(account.id)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # it is writing now
        assert first.startswith("draft "), proc.stderr.read() if proc.stderr else first
        time.sleep(rng.uniform(0, 0.06))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err
        killed_mid_run += 1
        for line in (first + out).splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # cut off by the kill: never reported
            kind, *rest = line.split()
            if kind == "draft":
                reported_draft = max(reported_draft, int(rest[0]))
            elif kind == "post":
                reported_posts[int(rest[0])] = rest[1]
            elif kind == "sent":
                reported_sent.add(int(rest[0]))

        # Every time the database opens: intact, and every reported change is there.
        with sqlite3.connect(studio_home / "studio.db") as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        with open_store(studio_home) as store:
            saved = int(store.posts.get(draft.id).body.removeprefix("v"))
            assert saved >= reported_draft  # (one more may have committed just before the kill)
            for post_id, body in reported_posts.items():
                assert store.posts.get(post_id).body == body
            for delivery_id in reported_sent:
                assert store.deliveries.get(delivery_id).state is DeliveryState.SENT
    assert killed_mid_run == KILLS
    assert reported_draft > KILLS  # the worker really wrote between kills
    assert reported_posts, "no queue change was reported: the kills came too early to test anything"
