"""Claims left by a dead runner, taken over by the runner that holds the publishing lock (issue 12 item 7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from studio.store import Account, DeliveryState, NewPost, PostStatus, Store

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _scheduled(store: Store, account: Account, minutes: int) -> int:
    new = NewPost("body", account_ids=(account.id,), scheduled_at=T0 + timedelta(minutes=minutes))
    return store.posts.create(new, PostStatus.SCHEDULED, at=T0 - timedelta(hours=1)).id


def test_the_lock_holder_takes_every_dead_claim_whatever_its_time(store: Store, masto: Account) -> None:
    _scheduled(store, masto, 0)
    [dead] = store.deliveries.claim_due(T0 + timedelta(minutes=5), limit=1, claimer="dead")
    # The clock was set back after the crash: the claim looks newer than now.
    now = T0 + timedelta(minutes=1)
    assert store.deliveries.claim_due(now, limit=5, claimer="next", timeout=timedelta(0)) == []

    [taken] = store.deliveries.claim_due(now, limit=5, claimer="next", timeout=None)

    assert (taken.id, taken.state, taken.claimed_by, taken.attempts) == (
        dead.id,
        DeliveryState.SENDING,
        "next",
        2,
    )
    assert [e.kind for e in store.deliveries.events(dead.id)][-1] == "reclaimed"


def test_the_lock_holder_never_takes_its_own_claim_again(store: Store, masto: Account) -> None:
    _scheduled(store, masto, 0)
    store.deliveries.claim_due(T0, limit=1, claimer="me", timeout=None)

    assert store.deliveries.claim_due(T0 + timedelta(hours=1), limit=5, claimer="me", timeout=None) == []
