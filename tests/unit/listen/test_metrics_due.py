"""Which deliveries are due a snapshot, what a pull records, and what it never asks again (real SQLite)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studio.listen.mastodon_counts import MastodonCounts
from studio.listen.metrics import due, pull
from studio.listen.model import Counts, CountsSource, RateLimited
from studio.secrets import CredentialStore
from studio.store import Account, Store
from tests.unit.listen.sent import publish

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


class StandIn:
    """A stand-in network (the real clients have their own tests against loopback servers): it answers from
    a dict, records every call, and can say "slow down" after a number of calls."""

    def __init__(self, known: dict[str, int], *, limit_after: int | None = None) -> None:
        self.known = known
        self.calls: list[list[str]] = []
        self.limit_after = limit_after
        self.closed = False

    def counts(self, remote_ids: Sequence[str]) -> dict[str, Counts | None]:
        if self.limit_after is not None and len(self.calls) >= self.limit_after:
            raise RateLimited("reading counts", NOW + timedelta(minutes=4))
        self.calls.append(list(remote_ids))
        return {r: (Counts(self.known[r], 1, 2, None, NOW) if r in self.known else None) for r in remote_ids}

    def close(self) -> None:
        self.closed = True


def _factory(sources: dict[str, StandIn]):  # type: ignore[no-untyped-def]
    def make(account: Account, credentials: CredentialStore, workspace: Path) -> CountsSource:
        return sources[account.network]

    return make


def test_each_stage_is_due_once_and_a_late_pull_takes_the_latest(store: Store, masto: Account) -> None:
    fresh, hour, week = (
        publish(store, (masto.id,), text, sent_at=NOW - age)[0]
        for text, age in (
            ("fresh", timedelta(minutes=20)),
            ("hour", timedelta(hours=2)),
            ("week", timedelta(days=9)),
        )
    )
    assert [(d.delivery_id, d.kind) for d in due(store, now=NOW)] == [
        (week.id, "auto-7d"),
        (hour.id, "auto-1h"),
    ]
    every = {d.delivery_id: d.kind for d in due(store, now=NOW, due_only=False)}
    assert every == {week.id: "auto-7d", hour.id: "auto-1h", fresh.id: "pull"}

    source = StandIn({str(hour.id): 5, str(week.id): 9, str(fresh.id): 1})
    report = pull(store, {}, now=NOW, source_for=_factory({"mastodon": source}))  # type: ignore[arg-type]
    assert (report.recorded, report.calls, source.closed) == (2, 2, True)
    assert due(store, now=NOW) == []
    # A day later the hour-old post is due its day snapshot; the week-old one is done for good.
    assert [(d.delivery_id, d.kind) for d in due(store, now=NOW + timedelta(days=1))] == [
        (hour.id, "auto-1d"),
        (fresh.id, "auto-1d"),
    ]
    latest = store.metrics.latest([hour.id, week.id, fresh.id])
    assert (latest[hour.id].likes, latest[week.id].likes, fresh.id in latest) == (5, 9, False)


def test_a_deleted_post_is_asked_about_once(store: Store, masto: Account) -> None:
    [kept] = publish(store, (masto.id,), "kept", sent_at=NOW - timedelta(hours=3))
    [deleted] = publish(store, (masto.id,), "deleted", sent_at=NOW - timedelta(hours=3))
    source = StandIn({str(kept.id): 4})
    report = pull(store, {}, now=NOW, due_only=False, source_for=_factory({"mastodon": source}))  # type: ignore[arg-type]
    assert (report.recorded, report.gone) == (1, 1)
    pull(store, {}, now=NOW + timedelta(days=2), due_only=False, source_for=_factory({"mastodon": source}))  # type: ignore[arg-type]
    asked = [r for call in source.calls for r in call]
    assert asked.count(str(deleted.id)) == 1
    assert asked.count(str(kept.id)) == 2
    assert store.metrics.gone() == {deleted.id}


def test_bluesky_is_asked_25_at_a_time_and_a_slow_down_stops_only_that_account(
    store: Store, masto: Account, bsky: Account
) -> None:
    sent = [
        publish(store, (bsky.id, masto.id), f"post {n}", sent_at=NOW - timedelta(days=8)) for n in range(60)
    ]
    sky = StandIn({d.remote_id or "": 3 for pair in sent for d in pair if d.network == "bluesky"})
    masto_source = StandIn(
        {d.remote_id or "": 2 for pair in sent for d in pair if d.network == "mastodon"}, limit_after=10
    )
    seen: list[tuple[int, int]] = []
    report = pull(
        store, {}, now=NOW, source_for=_factory({"bluesky": sky, "mastodon": masto_source}),  # type: ignore[arg-type]
        progress=lambda done, total: seen.append((done, total)),
    )  # fmt: skip
    assert [len(c) for c in sky.calls] == [25, 25, 10]
    assert len(masto_source.calls) == 10
    assert report.recorded == 70
    assert report.waiting == {masto.name: NOW + timedelta(minutes=4)}
    assert seen[-1] == (70, 120)
    # Until the reset the account is left alone; Bluesky has nothing left to ask.
    again = pull(
        store,
        {},
        now=NOW + timedelta(minutes=1),
        source_for=_factory({"bluesky": sky, "mastodon": masto_source}),
    )  # type: ignore[arg-type]
    assert (again.calls, len(masto_source.calls)) == (0, 10)
    masto_source.limit_after = None
    after = pull(
        store,
        {},
        now=NOW + timedelta(minutes=5),
        source_for=_factory({"bluesky": sky, "mastodon": masto_source}),
    )  # type: ignore[arg-type]
    assert (after.recorded, after.waiting) == (50, {})


def test_an_account_without_a_credential_is_reported_and_the_others_go_on(
    store: Store, masto: Account, bsky: Account
) -> None:
    publish(store, (masto.id, bsky.id), "both", sent_at=NOW - timedelta(hours=2))
    sky = StandIn({})

    def make(account: Account, credentials: CredentialStore, workspace: Path) -> CountsSource:
        return sky if account.network == "bluesky" else MastodonCounts(account, credentials, workspace)

    report = pull(store, {}, now=NOW, source_for=make)  # type: ignore[arg-type]  # an empty keyring
    assert "OS keyring has no credential" in report.problems[masto.name]
    assert report.gone == 1  # the stand-in Bluesky has no such post


def test_a_post_older_than_the_stages_and_their_grace_waits_for_a_full_pull(
    store: Store, masto: Account
) -> None:
    [old] = publish(store, (masto.id,), "last year", sent_at=NOW - timedelta(days=365))
    [late] = publish(store, (masto.id,), "thirteen days", sent_at=NOW - timedelta(days=13))
    assert [(d.delivery_id, d.kind) for d in due(store, now=NOW)] == [(late.id, "auto-7d")]
    assert [(d.delivery_id, d.kind) for d in due(store, now=NOW, due_only=False)] == [
        (old.id, "pull"),
        (late.id, "auto-7d"),
    ]
