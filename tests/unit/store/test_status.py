"""The last standing publishing error over a real store (what is due next: test_schedule.py)."""

from __future__ import annotations

from datetime import timedelta

from studio.store import Account, NewPost, PostStatus, Store
from studio.store.status import last_error
from studio.store.times import now_utc


def _post(store: Store, account: Account, text: str, minutes: int, status: PostStatus) -> int:
    at = now_utc() + timedelta(minutes=minutes)
    return store.posts.create(NewPost(text, (account.id,), {}, at), status).id


def test_nothing_waits_in_an_empty_store(store: Store) -> None:
    assert last_error(store) is None


def test_the_last_error_is_the_newest_still_standing(store: Store, masto: Account, bsky: Account) -> None:
    first = _post(store, masto, "one", -2, PostStatus.SCHEDULED)
    second = _post(store, bsky, "two", -1, PostStatus.SCHEDULED)
    a, b = store.deliveries.claim_due(now_utc(), limit=2, claimer="test")
    store.deliveries.mark_final_failure(a, "rejected: too long")
    store.deliveries.mark_retry(b, "HTTP 503", now_utc() + timedelta(minutes=5))
    error = last_error(store)
    assert error is not None
    assert (error.post_id, error.state, error.error) == (second, "retrying", "HTTP 503")
    store.deliveries.cancel(b.id)
    error = last_error(store)
    assert error is not None
    assert (error.post_id, error.state, error.account_name) == (first, "failed", "it-masto")
