"""Publishing 200 text posts to the loopback Mastodon-API server: the runner's own cost per delivery.

The runner's time includes the HTTP round trips, so the same 200 status requests are also sent straight with
httpx in the same process (the reference); the difference, per delivery, is what the runner itself costs:
claiming, building the post, recording the part and the result, the audit lines. Goal: under 5 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the loopback server lives with the tests

from studio.publish import MastodonPublisher, Secret  # noqa: E402
from studio.publish.runner import Runner  # noqa: E402
from studio.store import Account, NewAccount, NewPost, PostStatus, open_store  # noqa: E402
from tests.servers.mastodon_server import MastodonServer  # noqa: E402

POSTS = 200
ROUNDS = 3
TOKEN = "bench-token"
GOAL_MS = 5.0


class _MemoryCredentials:
    """An in-memory `CredentialStore` (the benchmark's factory carries its token itself)."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._values.get(key)

    def set(self, key: str, value: str) -> None:
        self._values[key] = value

    def delete(self, key: str) -> bool:
        return self._values.pop(key, None) is not None


def _runner_round(server: MastodonServer, workspace: Path) -> float:
    with open_store(workspace) as store:
        account = store.accounts.add(NewAccount("mastodon", "bench", instance_url=server.url))
        for n in range(POSTS):
            store.posts.create(NewPost(f"bench post {n}", (account.id,)), PostStatus.SCHEDULED)

        def factory(acct: Account, _workspace: Path) -> MastodonPublisher:
            # No keyring here: the benchmark measures the runner, not the OS credential store.
            return MastodonPublisher(acct.instance_url, Secret(TOKEN), account_name=acct.name)

        start = time.perf_counter()
        # The factory never asks for a credential: an empty in-memory store stands in for the keyring.
        report = Runner(store, credentials=_MemoryCredentials(), publishers=factory).run()
        elapsed = time.perf_counter() - start
    if len(report.sent) != POSTS:
        raise SystemExit(f"the runner sent {len(report.sent)} of {POSTS}: {report.retrying or report.failed}")
    return elapsed


def _reference_round(server: MastodonServer) -> float:
    with httpx.Client(timeout=30) as client:
        start = time.perf_counter()
        for n in range(POSTS):
            client.post(
                f"{server.url}/api/v1/statuses",
                json={"status": f"reference post {n}", "visibility": "public"},
                headers={"Authorization": f"Bearer {TOKEN}", "Idempotency-Key": f"ref-{n}-{start}"},
            ).raise_for_status()
        return time.perf_counter() - start


def main() -> None:
    runner_times, reference_times = [], []
    with MastodonServer(token=TOKEN) as server, tempfile.TemporaryDirectory() as scratch:
        for n in range(ROUNDS):
            reference_times.append(_reference_round(server))
            runner_times.append(_runner_round(server, Path(scratch) / f"ws-{n}"))
    runner = statistics.median(runner_times)
    reference = statistics.median(reference_times)
    overhead_ms = (runner - reference) / POSTS * 1000
    print(f"publishing {POSTS} text posts to the loopback Mastodon-API server (median of {ROUNDS} rounds)")
    print(f"{'measure':<44}{'value':>12}")
    print(f"{'runner, whole run (s)':<44}{runner:>12.3f}")
    print(f"{'runner, posts per second':<44}{POSTS / runner:>12.1f}")
    print(f"{'reference: the same HTTP requests alone (s)':<44}{reference:>12.3f}")
    print(f"{'reference, posts per second':<44}{POSTS / reference:>12.1f}")
    print(f"{'runner overhead per delivery (ms)':<44}{overhead_ms:>12.2f}")
    print(f"{'goal (ms)':<44}{GOAL_MS:>12.2f}")
    print("result: " + ("within the goal" if overhead_ms < GOAL_MS else "OVER THE GOAL"))


if __name__ == "__main__":
    main()
