"""Engagement metrics: which sent deliveries are due a snapshot, and pulling their counts from the networks.

A delivery on a network with an API is measured about 1 hour, 1 day and 7 days after it was sent, each once
(a pull that comes late takes the latest stage reached and skips the missed ones; a post older than 14 days
is left to a full pull, so the first pull of a long history is not thousands of calls), and on a full pull
(`studio metrics pull --all`). Bluesky is asked 25 posts a call (`app.bsky.feed.getPosts`), Mastodon one
status a call. A post the network no longer has is marked gone and never asked about again. When a server
says to slow down (`RateLimited`) that account stops and the rest of its posts wait for the reset (kept in
the store, so cron and the app's background pull leave it alone until then); the other accounts go on.

Numbers for handoff networks are typed in or imported from a CSV: `studio.listen.typed`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from studio.errors import UserError
from studio.listen.model import Counts, CountsSource, RateLimited
from studio.secrets import CredentialStore
from studio.store import Account, Store
from studio.store.metrics import ToFetch
from studio.store.times import now_utc

__all__ = [
    "BATCH",
    "GRACE",
    "NETWORKS",
    "STAGES",
    "PullReport",
    "SourceFactory",
    "default_source",
    "due",
    "pull",
]

STAGES = (timedelta(hours=1), timedelta(days=1), timedelta(days=7))  # auto-1h, auto-1d, auto-7d
GRACE = timedelta(days=7)  # a stage missed for longer (Studio was off) is left to `metrics pull --all`
NETWORKS = ("mastodon", "bluesky")  # the networks whose counts Studio reads
BATCH = {"bluesky": 25, "mastodon": 1}  # posts per call: getPosts takes up to 25 URIs
SourceFactory = Callable[[Account, CredentialStore, Path], CountsSource]
Progress = Callable[[int, int], None]  # (posts asked about so far, posts to ask about)


@dataclass
class PullReport:
    """What a pull did: snapshots kept, posts found gone, accounts that must wait, accounts that failed."""

    asked: int = 0
    recorded: int = 0
    gone: int = 0
    waiting: dict[str, datetime] = field(default_factory=dict)  # account name: not before
    problems: dict[str, str] = field(default_factory=dict)  # account name: the one-line message
    calls: int = 0  # requests to the networks (a Bluesky call asks up to 25 posts)

    def summary(self) -> str:
        """One line for the CLI and the app's status bar."""
        parts = [f"measured {self.recorded} post(s) in {self.calls} call(s)"]
        if self.gone:
            parts.append(f"{self.gone} deleted on the network (not asked again)")
        if self.waiting:
            first = min(self.waiting.values())
            parts.append(f"{len(self.waiting)} account(s) wait for their server until {first:%H:%M} UTC")
        if self.problems:
            parts.append(f"{len(self.problems)} account(s) failed")
        return "; ".join(parts)


def default_source(account: Account, credentials: CredentialStore, workspace: Path) -> CountsSource:
    """The network client that reads the account's counts."""
    if account.network == "mastodon":
        from studio.listen.mastodon_counts import MastodonCounts

        return MastodonCounts(account, credentials, workspace)
    if account.network == "bluesky":
        from studio.listen.bluesky import BlueskyListener

        return BlueskyListener(account, credentials, workspace)
    raise UserError(f"account {account.name}", f"Studio cannot read counts from {account.network}", "")


def due(store: Store, *, now: datetime | None = None, due_only: bool = True) -> list[ToFetch]:
    """The sent deliveries a pull would ask about, oldest first, each with its snapshot's kind."""
    return store.metrics.to_fetch(
        now=now or now_utc(), stages=STAGES, grace=GRACE, networks=NETWORKS, due_only=due_only
    )


def pull(
    store: Store,
    credentials: CredentialStore,
    *,
    due_only: bool = True,
    now: datetime | None = None,
    source_for: SourceFactory = default_source,
    progress: Progress | None = None,
) -> PullReport:
    """Ask the networks for the counts of what is due (or, without `due_only`, of every live post)."""
    moment = now or now_utc()
    report = PullReport()
    items = due(store, now=moment, due_only=due_only)
    by_account: dict[int, list[ToFetch]] = {}
    for item in items:
        by_account.setdefault(item.account_id, []).append(item)
    waits = store.metrics.waits()
    total = len(items)
    for account_id, mine in by_account.items():
        account = store.accounts.get(account_id)
        until = waits.get(account_id)
        if until is not None and until > moment:
            report.waiting[account.name] = until
            total -= len(mine)
            continue
        try:
            source = source_for(account, credentials, store.workspace)
        except UserError as error:
            report.problems[account.name] = error.line()
            total -= len(mine)
            continue
        try:
            _pull_account(store, source, account, mine, report, progress, total)
        finally:
            source.close()
    return report


def _pull_account(
    store: Store,
    source: CountsSource,
    account: Account,
    items: Sequence[ToFetch],
    report: PullReport,
    progress: Progress | None,
    total: int,
) -> None:
    size = BATCH.get(account.network, 1)
    try:
        for start in range(0, len(items), size):
            chunk = items[start : start + size]
            answer = source.counts([i.remote_id for i in chunk])
            report.calls += 1
            kept: list[tuple[int, Counts, str]] = []
            gone: list[int] = []
            for item in chunk:
                counts = answer.get(item.remote_id)  # left out of the answer: the network has no such post
                if counts is None:
                    gone.append(item.delivery_id)
                else:
                    kept.append((item.delivery_id, counts, item.kind))
            report.recorded += store.metrics.record(kept, gone=gone)
            report.gone += len(gone)
            report.asked += len(chunk)
            if progress is not None:
                progress(report.asked, total)
        store.metrics.set_wait(account.id, None)
    except RateLimited as error:
        store.metrics.set_wait(account.id, error.until)
        report.waiting[account.name] = error.until
    except UserError as error:
        report.problems[account.name] = error.line()
