"""Engagement metrics: pulling the counts of 1,000 Mastodon and 1,000 Bluesky posts, and the monthly report of
a month with 1,000 posts (2,000 measured deliveries); and the inbox: 500 mentions fetched and kept.

- Mastodon: the real `MastodonCounts` against the loopback Mastodon-API server, one status a call (1,000
  calls). Mastodon allows 300 calls per account per 5 minutes (docs.joinmastodon.org/api/rate-limits), so a
  real server makes a pull of 1,000 wait for the window three times: the bench counts the calls and computes
  that waiting time instead of sleeping it.
- Bluesky: `app.bsky.feed.getPosts` takes 25 URIs a call, so 1,000 posts are 40 calls, sent over HTTP to a
  loopback stand-in of the AppView endpoint (a PDS alone has no AppView; the real-network tests cover the
  real client).
- Reference: the same HTTP requests sent straight with httpx in the same process, so the ratio shows what
  the workflow itself costs (choosing what is due, recording the snapshots); for the report, reading the
  month's deliveries with their latest snapshots.
- Inbox: the real `sync_inbox` reading 500 mentions (each a support question with a student ID, so every item
  goes through the text engine and is masked) from the loopback server's `GET /api/v1/notifications`, against
  the same pages fetched straight with httpx.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the loopback server lives with the tests

from studio.listen.inbox import sync_inbox  # noqa: E402
from studio.listen.mastodon_counts import MastodonCounts  # noqa: E402
from studio.listen.metrics import pull  # noqa: E402
from studio.listen.model import Counts, CountsSource  # noqa: E402
from studio.secrets import account_key  # noqa: E402
from studio.store import Account, NewAccount, NewPost, PostStatus, Store, open_store  # noqa: E402
from studio.workflows.engagement import measure  # noqa: E402
from studio.workflows.report import month_bounds, monthly_report  # noqa: E402
from tests.servers.mastodon_server import MastodonServer  # noqa: E402

POSTS = 1_000
MONTH = "2026-11"
FIRST = datetime(2026, 11, 2, 8, tzinfo=UTC)
MASTODON_LIMIT, MASTODON_WINDOW_S = 300, 300.0  # calls per window, window length (Mastodon's defaults)
GOALS_S = {"pull": 10.0, "report": 1.0, "inbox": 5.0}
MENTIONS = 500


class _Keys(dict[str, str]):
    """The credentials the bench hands to the counts readers (no keyring needed for a loopback server)."""

    def set(self, key: str, value: str) -> None:
        self[key] = value

    def delete(self, key: str) -> bool:
        return self.pop(key, None) is not None


class _GetPosts(BaseHTTPRequestHandler):
    """A loopback stand-in of the AppView's `app.bsky.feed.getPosts`: counts for each URI it is given."""

    calls = 0

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        parsed = urllib.parse.urlsplit(self.path)
        uris = urllib.parse.parse_qs(parsed.query).get("uris", [])
        type(self).calls += 1
        posts = [
            {"uri": u, "likeCount": len(u) % 17, "repostCount": 2, "replyCount": 1, "quoteCount": 0}
            for u in uris[:25]
        ]
        data = json.dumps({"posts": posts}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _BlueskyStandIn:
    """Reads counts from the stand-in over HTTP, 25 URIs a call, as the Bluesky client does."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._client = httpx.Client(timeout=10)

    def counts(self, remote_ids: Sequence[str]) -> dict[str, Counts | None]:
        answer = self._client.get(
            f"{self._url}/xrpc/app.bsky.feed.getPosts", params={"uris": list(remote_ids)}
        )
        now = datetime.now(UTC)
        found: dict[str, Counts | None] = dict.fromkeys(remote_ids)
        for p in answer.json()["posts"]:
            found[p["uri"]] = Counts(p["likeCount"], p["repostCount"], p["replyCount"], p["quoteCount"], now)
        return found

    def close(self) -> None:
        self._client.close()


def _build(store: Store, server: MastodonServer) -> tuple[Account, Account]:
    masto = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=server.url))
    sky = store.accounts.add(NewAccount("bluesky", "it-bsky", handle="it.example.org"))
    status_ids = []
    with httpx.Client(base_url=server.url, headers={"Authorization": "Bearer test-token"}) as client:
        for n in range(POSTS):
            made = client.post("/api/v1/statuses", data={"status": f"Tech tip {n}"})
            status_ids.append(made.json()["id"])
    with store.db.write():
        for n in range(POSTS):
            store.posts.create(NewPost(f"Tech tip {n}", (masto.id, sky.id)), PostStatus.SCHEDULED)
    n = 0
    while batch := store.deliveries.claim_due(
        datetime.now(UTC) + timedelta(days=1), limit=500, claimer="bench"
    ):
        with store.db.write():
            for d in batch:
                at = FIRST + timedelta(minutes=(d.post_id * 37) % (27 * 24 * 60))
                rid = (
                    status_ids[d.post_id - 1]
                    if d.network == "mastodon"
                    else f"at://did:plc:it/app.bsky.feed.post/{d.id}"
                )
                d = store.deliveries.record_part_sent(d, 0, remote_id=rid, at=at)
                store.deliveries.mark_sent(d, remote_id=rid, remote_url=f"https://x.example/{d.id}", at=at)
                n += 1
    return masto, sky


def _inbox_row(
    store: Store, server: MastodonServer, keys: _Keys, masto: Account
) -> tuple[str, float, float, float, str]:
    """Sync 500 new mentions into the inbox, against fetching the same pages straight."""
    server.add_token("kim-token", "kim")
    with httpx.Client(base_url=server.url, headers={"Authorization": "Bearer kim-token"}) as kim:
        for n in range(MENTIONS):
            kim.post(
                "/api/v1/statuses",
                json={"status": f"@studio can't log in ({n}), my student ID is 2023{n:04d}"},
            )
    store.inbox.set_cursor(masto.id, "0")  # everything since the account began, not only the newest page
    before = len(server.requests())
    start = time.perf_counter()
    report = sync_inbox(store, keys)
    sync_s = time.perf_counter() - start
    calls = len(server.requests()) - before
    assert report.new == MENTIONS, report.summary()
    assert all(i.support for i in store.inbox.items(limit=MENTIONS))
    start = time.perf_counter()
    with httpx.Client(base_url=server.url, headers={"Authorization": "Bearer test-token"}) as client:
        since = "0"
        while page := client.get("/api/v1/notifications", params={"types[]": "mention", "min_id": since,
                                                                   "limit": 80}).json():  # fmt: skip
            since = max((str(n["id"]) for n in page), key=int)
    raw_s = time.perf_counter() - start
    return (f"inbox: {MENTIONS} new mentions", sync_s, raw_s, GOALS_S["inbox"], f"{calls} notification calls")


def main() -> int:
    handler = type("GetPosts", (_GetPosts,), {"calls": 0})
    appview = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=appview.serve_forever, daemon=True).start()
    appview_url = f"http://127.0.0.1:{appview.server_address[1]}"
    rows: list[tuple[str, float, float, float, str]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp, MastodonServer() as server, open_store(Path(tmp)) as store:
            t0 = time.perf_counter()
            masto, _sky = _build(store, server)
            build_s = time.perf_counter() - t0
            keys = _Keys({account_key(masto.id): "test-token"})
            readers: list[MastodonCounts] = []

            def source_for(account: Account, credentials: Any, workspace: Path) -> CountsSource:
                if account.network == "mastodon":
                    reader = MastodonCounts(account, credentials, workspace, sleep=lambda s: None)
                    readers.append(reader)
                    return reader
                return _BlueskyStandIn(appview_url)

            before = len(server.requests())
            start = time.perf_counter()
            report = pull(store, keys, due_only=False, source_for=source_for)  # `metrics pull --all`
            pull_s = time.perf_counter() - start
            masto_calls = len(server.requests()) - before
            sky_calls = handler.calls
            assert report.recorded == 2 * POSTS, report.summary()
            assert sky_calls == math.ceil(POSTS / 25)

            # The reference: the same requests, straight.
            ids = [s.id for s in server.statuses()]
            uris = [f"at://did:plc:it/app.bsky.feed.post/{n}" for n in range(POSTS)]
            start = time.perf_counter()
            with httpx.Client(headers={"Authorization": "Bearer test-token"}) as client:
                for status_id in ids:
                    client.get(f"{server.url}/api/v1/statuses/{status_id}").json()
                for k in range(0, POSTS, 25):
                    client.get(
                        f"{appview_url}/xrpc/app.bsky.feed.getPosts", params={"uris": uris[k : k + 25]}
                    )
            raw_s = time.perf_counter() - start
            waits = max(0, math.ceil(masto_calls / MASTODON_LIMIT) - 1)
            minutes = waits * MASTODON_WINDOW_S / 60
            paced = f"{masto_calls} Mastodon + {sky_calls} Bluesky calls"
            paced += f"; a real server: +{waits} waits, {minutes:.0f} min"
            rows.append((f"pull {2 * POSTS:,} deliveries (--all)", pull_s, raw_s, GOALS_S["pull"], paced))

            zone = ZoneInfo("Europe/Amsterdam")
            times, refs = [], []
            for _ in range(5):
                start = time.perf_counter()
                html = monthly_report(store, MONTH, zone)
                times.append(time.perf_counter() - start)
                start = time.perf_counter()
                measure(store, *month_bounds(MONTH, zone))
                refs.append(time.perf_counter() - start)
            assert "Top posts" in html
            rows.append(
                (f"monthly report ({POSTS:,} posts)", statistics.median(times), statistics.median(refs),
                 GOALS_S["report"], f"{len(html) // 1024} KB of HTML")
            )  # fmt: skip
            rows.append(_inbox_row(store, server, keys, masto))
    finally:
        appview.shutdown()
        appview.server_close()
    print(f"workspace: {POSTS:,} posts to Mastodon and Bluesky in {MONTH} (built in {build_s:.1f} s)")
    print(f"{'operation':<34} {'s':>7} {'goal s':>7} {'raw s':>7} {'ratio':>6}  ok   notes")
    failed = False
    for name, seconds, raw, goal, note in rows:
        ok = seconds <= goal
        failed |= not ok
        ratio = seconds / raw if raw else float("inf")
        verdict = "yes" if ok else "NO"
        print(f"{name:<34} {seconds:>7.3f} {goal:>7.1f} {raw:>7.3f} {ratio:>6.1f}  {verdict:<4} {note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
