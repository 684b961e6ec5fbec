from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from studio.errors import InputError
from studio.store import Account, DeliveryState, NewPost, PostStatus, Store

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_post_gets_one_delivery_per_account_with_parts_and_keys(
    store: Store, masto: Account, bsky: Account
) -> None:
    post = store.posts.create(
        NewPost(
            "long body",
            account_ids=(masto.id, bsky.id),
            parts={"bluesky": ("part one 1/2", "part two 2/2")},
            scheduled_at=T0 + timedelta(hours=2),
        ),
        PostStatus.SCHEDULED,
        at=T0,
    )
    by_network = {d.network: d for d in post.deliveries}
    assert [p.text for p in by_network["mastodon"].parts] == ["long body"]
    assert [p.text for p in by_network["bluesky"].parts] == ["part one 1/2", "part two 2/2"]
    keys = [p.idempotency_key for d in post.deliveries for p in d.parts] + [
        d.idempotency_key for d in post.deliveries
    ]
    assert len(set(keys)) == len(keys) == 5
    tids = [p.record_key for p in by_network["bluesky"].parts]
    assert tids == sorted(tids)
    assert len(set(tids)) == 2
    assert all(
        d.due_at == T0 + timedelta(hours=2) and d.state is DeliveryState.QUEUED for d in post.deliveries
    )
    # The keys are stable: reading the post again gives the same ones.
    again = store.posts.get(post.id)
    assert [p.record_key for d in again.deliveries for p in d.parts] == [
        p.record_key for d in post.deliveries for p in d.parts
    ]


def test_scheduling_needs_review_unless_solo(store: Store, masto: Account) -> None:
    store.settings.update(solo_mode=False)
    post = store.posts.create(NewPost("x", account_ids=(masto.id,)))
    with pytest.raises(InputError, match="cannot go from draft to scheduled"):
        store.posts.set_status(post.id, PostStatus.SCHEDULED)
    store.posts.set_status(post.id, PostStatus.IN_REVIEW)
    store.posts.set_status(post.id, PostStatus.APPROVED)
    assert store.posts.set_status(post.id, PostStatus.SCHEDULED).status is PostStatus.SCHEDULED
    with pytest.raises(InputError, match="cannot go from draft to scheduled"):
        store.posts.create(NewPost("y", account_ids=(masto.id,)), PostStatus.SCHEDULED)

    store.settings.update(solo_mode=True)
    solo = store.posts.create(NewPost("z", account_ids=(masto.id,)))
    assert store.posts.set_status(solo.id, PostStatus.SCHEDULED).status is PostStatus.SCHEDULED


def test_published_is_not_set_by_hand(store: Store, masto: Account) -> None:
    post = store.posts.create(NewPost("x", account_ids=(masto.id,)), PostStatus.SCHEDULED)
    with pytest.raises(InputError, match="follows from its deliveries"):
        store.posts.set_status(post.id, PostStatus.PUBLISHED)


def test_save_draft_keeps_the_latest_text_and_refuses_finished_posts(store: Store, masto: Account) -> None:
    post = store.posts.create(NewPost("first", account_ids=(masto.id,)))
    for n in range(20):
        store.posts.save_draft(post.id, f"typing {n}")
    assert store.posts.get(post.id).body == "typing 19"
    store.posts.cancel(post.id)
    with pytest.raises(InputError, match="can no longer be edited"):
        store.posts.save_draft(post.id, "late edit")
    assert store.posts.get(post.id).body == "typing 19"


def test_cancel_cancels_every_open_delivery(store: Store, masto: Account, bsky: Account) -> None:
    post = store.posts.create(NewPost("x", account_ids=(masto.id, bsky.id)), PostStatus.SCHEDULED)
    cancelled = store.posts.cancel(post.id)
    assert cancelled.status is PostStatus.CANCELLED
    assert {d.state for d in cancelled.deliveries} == {DeliveryState.CANCELLED}
    assert [e.kind for e in store.deliveries.events(post.deliveries[0].id)] == ["created", "cancelled"]


def test_bad_input_is_refused_without_a_half_written_post(store: Store, masto: Account) -> None:
    with pytest.raises(InputError, match="account 999: not found"):
        store.posts.create(NewPost("x", account_ids=(masto.id, 999)))
    with pytest.raises(InputError, match="same account is given twice"):
        store.posts.create(NewPost("x", account_ids=(masto.id, masto.id)))
    with pytest.raises(InputError, match="part of the thread is empty"):
        store.posts.create(NewPost("x", account_ids=(masto.id,), parts={"mastodon": ("a", " ")}))
    assert store.posts.count() == 0


def test_page_lists_posts_with_their_deliveries(store: Store, masto: Account) -> None:
    for n in range(250):
        store.posts.create(
            NewPost(f"post {n}", account_ids=(masto.id,), scheduled_at=T0 + timedelta(minutes=n))
        )
    first = store.posts.page(limit=100)
    assert len(first) == 100
    assert first[0].body == "post 249"  # latest time first
    assert all(len(p.deliveries) == 1 for p in first)
    rest = store.posts.page(offset=200, limit=100)
    assert [p.body for p in rest][-1] == "post 0"
    assert store.posts.count([PostStatus.DRAFT]) == 250


def test_reschedule_moves_waiting_deliveries(store: Store, masto: Account) -> None:
    post = store.posts.create(NewPost("x", account_ids=(masto.id,), scheduled_at=T0), PostStatus.SCHEDULED)
    moved = store.posts.reschedule(post.id, T0 + timedelta(days=1))
    assert moved.scheduled_at == T0 + timedelta(days=1)
    assert moved.deliveries[0].due_at == T0 + timedelta(days=1)


def test_editing_a_draft_updates_its_parts_and_keeps_their_keys(
    store: Store, masto: Account, bsky: Account
) -> None:
    post = store.posts.create(NewPost("old", account_ids=(masto.id, bsky.id)))
    keys = {d.network: d.parts[0].record_key for d in post.deliveries}
    store.posts.save_draft(post.id, "new text", {"bluesky": ("new 1/2", "text 2/2")})
    after = {d.network: d for d in store.posts.get(post.id).deliveries}
    assert [p.text for p in after["mastodon"].parts] == ["new text"]
    assert [p.text for p in after["bluesky"].parts] == ["new 1/2", "text 2/2"]
    assert after["bluesky"].parts[0].record_key == keys["bluesky"]
    store.posts.save_draft(post.id, "short")
    assert [p.text for p in store.posts.get(post.id).deliveries[1].parts] == ["short"]
