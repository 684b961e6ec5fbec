"""Team hub speed (issue 17's goals) against a real PostgreSQL on loopback, as a table.

It starts its own PostgreSQL (tests/integration/team/postgres.py: Debian's binaries in a temporary folder,
fsync off like the tests) and stops it. Each row times a team operation and, as a reference, the bare work
underneath it in the same run, so the ratio shows what Studio's own layer costs on this machine:

- joining a team of POSTS posts (each with a delivery) vs fetching the hub's rows with plain psycopg;
- a sync round that pushes 10 edited posts, and the round on another laptop that pulls them, vs opening a
  hub connection and running one query (every round opens its own connection);
- the hub claim per delivery (a batch of BATCH, as the runner takes them) vs the local SQLite claim of a solo
  copy of the same workspace; the goal is on the difference.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the PostgreSQL fixture lives with the tests

import psycopg  # noqa: E402

from studio.publish.runner import local_claim  # noqa: E402
from studio.secrets import account_key  # noqa: E402
from studio.store import NewAccount, NewPost, PostStatus, open_store  # noqa: E402
from studio.store.times import now_utc  # noqa: E402
from studio.team import HubClaimer, create_team, join_team, sync_round  # noqa: E402
from tests.integration.team.postgres import PostgresServer, missing  # noqa: E402

POSTS = 10_000
CHANGES = 10
BATCH = 20  # RunOptions.batch: deliveries claimed per call
ROUNDS = 15
GOALS = {"join": 10_000.0, "round": 200.0, "claim": 5.0}  # ms


class _MemoryCredentials:
    """An in-memory `CredentialStore`: the benchmark measures the hub, not the OS keyring."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._values.get(key)

    def set(self, key: str, value: str) -> None:
        self._values[key] = value

    def delete(self, key: str) -> bool:
        return self._values.pop(key, None) is not None


def _times(call: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _build(workspace: Path) -> list[int]:
    """POSTS scheduled posts on one Mastodon account, all due (so the claims find work); CHANGES drafts."""
    with open_store(workspace) as store:
        account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="http://127.0.0.1:9"))
        start = now_utc() - timedelta(days=2)
        with store.db.write():
            for n in range(POSTS):
                when = start + timedelta(seconds=n)
                new = NewPost(f"Post {n}: planned maintenance notice", (account.id,), scheduled_at=when)
                store.posts.create(new, PostStatus.SCHEDULED)
        return [store.posts.create(NewPost(f"draft {n}"), PostStatus.DRAFT).id for n in range(CHANGES)]


def main() -> int:
    reason = missing()
    if reason:
        print(reason, file=sys.stderr)
        return 1
    server = PostgresServer().start()
    creds = _MemoryCredentials()
    rows: list[tuple[str, list[float], list[float], float, str]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            alice_home, solo_home = root / "alice", root / "solo"
            t0 = time.perf_counter()
            drafts = _build(alice_home)
            build_s = time.perf_counter() - t0
            shutil.copytree(alice_home, solo_home)  # the same workspace, solo: the local claim's reference
            url = server.url(server.create_database())
            alice = open_store(alice_home)
            t0 = time.perf_counter()
            create_team(alice, creds, url, "IT comms", "alice")
            create_s = time.perf_counter() - t0

            bob = open_store(root / "bob")
            t0 = time.perf_counter()
            join_team(bob, creds, url, "bob")
            join_ms = (time.perf_counter() - t0) * 1000

            def fetch_all() -> None:
                with psycopg.connect(url) as conn:
                    conn.execute("SELECT * FROM studio.posts").fetchall()
                    conn.execute("SELECT * FROM studio.deliveries").fetchall()

            joined = f"join a team of {POSTS:,} posts"
            rows.append((joined, [join_ms], _times(fetch_all, 3), GOALS["join"], ""))

            counter = iter(range(10**6))

            def edit() -> None:
                for draft in drafts:
                    alice.posts.save_draft(draft, f"typing {next(counter)}")

            def connect_and_query() -> None:
                with psycopg.connect(url) as conn:
                    conn.execute("SELECT 1").fetchone()

            pushes, pulls = [], []
            for _ in range(ROUNDS):
                edit()
                pushes += _times(lambda: sync_round(alice, creds), 1)
                pulls += _times(lambda: sync_round(bob, creds), 1)
            reference = _times(connect_and_query, ROUNDS)
            rows.append((f"round pushing {CHANGES} changes", pushes, reference, GOALS["round"], ""))
            rows.append((f"round pulling {CHANGES} changes", pulls, reference, GOALS["round"], ""))

            account_id = alice.accounts.by_name("it-masto").id
            creds.set(account_key(account_id), "bench-token")
            claimer = HubClaimer(creds)
            now = now_utc()
            hub_claims = [t / BATCH for t in _times(lambda: claimer(alice, now, BATCH, "bench"), ROUNDS)]
            with open_store(solo_home) as solo:
                local = [t / BATCH for t in _times(lambda: local_claim(solo, now, BATCH, "bench"), ROUNDS)]
            overhead = statistics.median(hub_claims) - statistics.median(local)
            rows.append(("hub claim, per delivery", hub_claims, local, GOALS["claim"], f"{overhead:.2f}"))
            alice.close()
            bob.close()
    finally:
        server.stop()

    print(f"hub: PostgreSQL on loopback; workspace of {POSTS:,} posts built in {build_s:.1f} s, ", end="")
    print(f"uploaded by team create in {create_s:.1f} s")
    print(f"{'operation':<32}{'median ms':>10}{'p95 ms':>9}{'goal ms':>9}{'ref ms':>9}{'ratio':>7}  ok")
    failed = False
    for name, times, ref_times, goal, extra in rows:
        median = statistics.median(times)
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        ref = statistics.median(ref_times)
        measured = float(extra) if extra else median  # the claim's goal is on its overhead over the local one
        ok = measured < goal
        failed |= not ok
        verdict = "yes" if ok else "NO"
        print(f"{name:<32}{median:>10.2f}{p95:>9.2f}{goal:>9.0f}{ref:>9.2f}{median / ref:>7.1f}  {verdict}")
        if extra:
            print(f"{'':<4}overhead over the local SQLite claim: {extra} ms per delivery")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
