from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from studio.errors import InputError
from studio.store import (
    Account,
    ClaimLostError,
    Delivery,
    DeliveryState,
    NewAccount,
    NewPost,
    PostStatus,
    Store,
)
from studio.store.states import check_delivery

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _scheduled(store: Store, account: Account, *, parts: tuple[str, ...] = (), minutes: int = 0) -> int:
    network_parts = {account.network: parts} if parts else {}
    post = store.posts.create(
        NewPost(
            "body",
            account_ids=(account.id,),
            parts=network_parts,
            scheduled_at=T0 + timedelta(minutes=minutes),
        ),
        PostStatus.SCHEDULED,
        at=T0 - timedelta(hours=1),
    )
    return post.id


def test_only_due_deliveries_of_scheduled_posts_are_claimed(store: Store, masto: Account) -> None:
    due = _scheduled(store, masto)
    _scheduled(store, masto, minutes=30)
    draft = store.posts.create(NewPost("draft", account_ids=(masto.id,), scheduled_at=T0))
    claimed = store.deliveries.claim_due(T0, limit=10, claimer="runner-a")
    assert [d.post_id for d in claimed] == [due]
    assert claimed[0].state is DeliveryState.SENDING
    assert claimed[0].attempts == 1
    assert claimed[0].claimed_by == "runner-a"
    assert store.deliveries.claim_due(T0, limit=10, claimer="runner-b") == []
    assert store.posts.get(draft.id).deliveries[0].state is DeliveryState.QUEUED


def test_a_thread_resumes_at_the_first_unsent_part(store: Store, bsky: Account) -> None:
    post_id = _scheduled(store, bsky, parts=("one", "two", "three"))
    [d] = store.deliveries.claim_due(T0, limit=5, claimer="a")
    d = store.deliveries.record_part_sent(d, 0, remote_id="r0", remote_uri="at://x/0", remote_cid="c0", at=T0)
    assert d.next_part is not None
    assert d.next_part.position == 1
    d = store.deliveries.mark_retry(d, "HTTP 503", T0 + timedelta(minutes=5), at=T0)
    assert d.state is DeliveryState.RETRYING
    assert d.last_error == "HTTP 503"
    assert store.deliveries.claim_due(T0 + timedelta(minutes=4), limit=5, claimer="a") == []
    [d] = store.deliveries.claim_due(T0 + timedelta(minutes=5), limit=5, claimer="b")
    assert d.attempts == 2
    assert d.parts[0].remote_uri == "at://x/0"
    assert d.next_part is not None
    assert d.next_part.position == 1
    with pytest.raises(InputError, match="2 part"):
        store.deliveries.mark_sent(d, remote_id="r0", remote_url="https://x/0")
    for position in (1, 2):
        d = store.deliveries.record_part_sent(d, position, remote_id=f"r{position}")
    with pytest.raises(InputError, match="already sent"):
        store.deliveries.record_part_sent(d, 2, remote_id="again")
    d = store.deliveries.mark_sent(
        d, remote_id="r0", remote_url="https://bsky.app/x", at=T0 + timedelta(minutes=6)
    )
    assert d.state is DeliveryState.SENT
    assert d.next_part is None
    assert store.posts.get(post_id).status is PostStatus.PUBLISHED
    assert store.accounts.get(bsky.id).last_published_at == T0 + timedelta(minutes=6)
    kinds = [e.kind for e in store.deliveries.events(d.id)]
    assert kinds == ["created", "claimed", "part_sent", "retry", "claimed", "part_sent", "part_sent", "sent"]
    assert [e.attempt for e in store.deliveries.events(d.id)][-1] == 2


def test_a_stale_claim_is_taken_over_and_the_old_runner_cannot_finish(store: Store, masto: Account) -> None:
    _scheduled(store, masto)
    [old] = store.deliveries.claim_due(T0, limit=1, claimer="killed")
    assert store.deliveries.claim_due(T0 + timedelta(minutes=5), limit=1, claimer="new") == []
    [new] = store.deliveries.claim_due(T0 + timedelta(minutes=11), limit=1, claimer="new")
    assert new.id == old.id
    assert new.attempts == 2
    with pytest.raises(ClaimLostError):
        store.deliveries.record_part_sent(old, 0, remote_id="dup")
    store.deliveries.record_part_sent(new, 0, remote_id="ok")
    assert "reclaimed" in [e.kind for e in store.deliveries.events(new.id)]


def test_final_failure_fails_the_post_and_requeue_brings_it_back(store: Store, masto: Account) -> None:
    post_id = _scheduled(store, masto)
    [d] = store.deliveries.claim_due(T0, limit=1, claimer="a")
    d = store.deliveries.mark_final_failure(d, "401 token revoked")
    assert d.state is DeliveryState.FAILED
    assert store.posts.get(post_id).status is PostStatus.FAILED
    d = store.deliveries.requeue(d.id, at=T0)
    assert d.state is DeliveryState.QUEUED
    assert store.posts.get(post_id).status is PostStatus.SCHEDULED


def test_missed_and_held_wait_for_the_user(store: Store, masto: Account) -> None:
    old = _scheduled(store, masto, minutes=-300)
    recent = _scheduled(store, masto, minutes=-10)
    missed = store.deliveries.mark_overdue_missed(T0, timedelta(hours=2))
    assert missed == [store.posts.get(old).deliveries[0].id]
    held = store.deliveries.hold_all("incident: outage")
    assert held == [store.posts.get(recent).deliveries[0].id]
    assert store.deliveries.claim_due(T0, limit=10, claimer="a") == []
    assert store.deliveries.release_held() == held
    [d] = store.deliveries.claim_due(T0, limit=10, claimer="a")
    assert d.post_id == recent
    with pytest.raises(InputError, match="cannot go from sending to missed"):
        store.deliveries.mark_missed(d.id)


def test_the_audit_is_append_only(store: Store, masto: Account) -> None:
    post_id = _scheduled(store, masto)
    delivery_id = store.posts.get(post_id).deliveries[0].id
    store.deliveries.append_event(delivery_id, "note", "HTTP 429, waited 30 s")
    with pytest.raises(Exception, match="append-only"), store.db.write() as conn:
        conn.execute("UPDATE delivery_events SET detail = 'rewritten'")
    assert [e.detail for e in store.deliveries.events(delivery_id)][-1] == "HTTP 429, waited 30 s"


def test_cancelling_one_delivery_settles_the_post(store: Store, masto: Account, bsky: Account) -> None:
    post = store.posts.create(NewPost("x", account_ids=(masto.id, bsky.id)), PostStatus.SCHEDULED, at=T0)
    first, second = post.deliveries
    store.deliveries.cancel(first.id)
    assert store.posts.get(post.id).status is PostStatus.SCHEDULED  # the other is still waiting
    [claimed] = store.deliveries.claim_due(T0, limit=5, claimer="a")
    assert claimed.id == second.id
    with pytest.raises(InputError, match="sending to cancelled"):
        store.deliveries.cancel(second.id)
    claimed = store.deliveries.record_part_sent(claimed, 0, remote_id="r")
    store.deliveries.mark_sent(claimed, remote_id="r", remote_url="https://x/r")
    assert store.posts.get(post.id).status is PostStatus.PUBLISHED


def _hand_off(store: Store, d: Delivery, when: datetime = T0) -> Delivery:
    """What the runner does with a claimed handoff delivery (parts already in the folder are skipped)."""
    for part in d.parts:
        if not part.sent:
            d = store.deliveries.record_part_sent(d, part.position, remote_id="/handoff/f")
    return store.deliveries.mark_handed_off(d, folder="/handoff/f", folder_url="file:///handoff/f", at=when)


def _handed_off(store: Store, when: datetime = T0) -> Delivery:
    [d] = store.deliveries.claim_due(when, limit=10, claimer="a")
    return _hand_off(store, d, when)


def test_a_handed_off_delivery_waits_for_the_person_then_is_sent_with_the_url(
    store: Store, masto: Account
) -> None:
    insta = store.accounts.add(NewAccount("instagram", "it-insta"))
    post = store.posts.create(
        NewPost("Meet the help desk", account_ids=(masto.id, insta.id)), PostStatus.SCHEDULED, at=T0
    )
    m, d = store.deliveries.claim_due(T0, limit=10, claimer="a")
    m = store.deliveries.record_part_sent(m, 0, remote_id="1")
    store.deliveries.mark_sent(m, remote_id="1", remote_url="https://example.social/@it/1", at=T0)
    d = _hand_off(store, d)

    assert d.state is DeliveryState.HANDED_OFF
    assert (d.remote_id, d.remote_url, d.claimed_by, d.sent_at) == (
        "/handoff/f",
        "file:///handoff/f",
        None,
        None,
    )
    assert store.posts.get(post.id).status is PostStatus.SCHEDULED  # published only once every copy is out
    assert [w.id for w in store.deliveries.awaiting_confirmation()] == [d.id]
    # Never taken by a runner again (so its folder is never rewritten), never marked missed, never held.
    later = T0 + timedelta(days=30)
    assert store.deliveries.claim_due(later, limit=10, claimer="b", timeout=timedelta(0)) == []
    assert store.deliveries.mark_overdue_missed(later, timedelta(hours=1)) == []
    assert store.deliveries.hold_all("outage") == []
    assert [e.network for e in store.archive.search("help desk")] == ["mastodon"]

    done = store.deliveries.confirm_handoff(
        d.id, remote_url=" https://www.instagram.com/p/C0ffee/ ", at=T0 + timedelta(hours=2)
    )

    assert done.state is DeliveryState.SENT
    assert done.remote_url == "https://www.instagram.com/p/C0ffee/"
    assert done.sent_at == T0 + timedelta(hours=2)
    assert store.posts.get(post.id).status is PostStatus.PUBLISHED
    assert store.accounts.get(insta.id).last_published_at == T0 + timedelta(hours=2)
    assert store.deliveries.awaiting_confirmation() == []
    found = {e.network: e.remote_url for e in store.archive.search("help desk")}
    assert found["instagram"] == "https://www.instagram.com/p/C0ffee/"
    kinds = [e.kind for e in store.deliveries.events(d.id)]
    assert kinds[-3:] == ["part_sent", "handed_off", "confirmed"]
    assert store.deliveries.events(d.id)[-1].detail == "https://www.instagram.com/p/C0ffee/"
    with pytest.raises(InputError, match="is sent, not handed off"):
        store.deliveries.confirm_handoff(d.id)


def test_confirming_without_a_url_keeps_the_folder_and_a_bad_url_is_refused(store: Store) -> None:
    insta = store.accounts.add(NewAccount("instagram", "it-insta"))
    store.posts.create(NewPost("x", account_ids=(insta.id,)), PostStatus.SCHEDULED, at=T0)
    d = _handed_off(store)
    for bad in ("instagram.com/p/1", "javascript:alert(1)", "https://", "/home/me/handoff"):
        with pytest.raises(InputError, match="is not a web address") as caught:
            store.deliveries.confirm_handoff(d.id, remote_url=bad)
        assert repr(bad) in caught.value.what
    assert store.deliveries.get(d.id).state is DeliveryState.HANDED_OFF
    with pytest.raises(InputError, match="not found"):
        store.deliveries.confirm_handoff(999)

    done = store.deliveries.confirm_handoff(d.id)

    assert (done.state, done.remote_url) == (DeliveryState.SENT, "file:///handoff/f")
    assert store.deliveries.events(d.id)[-1].detail == "posted by hand (no URL given)"


def test_a_handed_off_delivery_can_be_redone_or_cancelled(store: Store) -> None:
    insta = store.accounts.add(NewAccount("instagram", "it-insta"))
    post = store.posts.create(NewPost("x", account_ids=(insta.id,)), PostStatus.SCHEDULED, at=T0)
    d = _handed_off(store)
    for refused in (DeliveryState.FAILED, DeliveryState.MISSED, DeliveryState.SENDING):
        with pytest.raises(InputError, match=f"cannot go from handed_off to {refused.value}"):
            check_delivery(d.id, d.state, refused)

    again = store.deliveries.requeue(d.id, at=T0)  # the folder was lost: the runner writes it again
    assert again.state is DeliveryState.QUEUED
    d = _handed_off(store, T0 + timedelta(minutes=1))
    assert store.deliveries.cancel(d.id).state is DeliveryState.CANCELLED
    assert store.posts.get(post.id).status is PostStatus.CANCELLED


def test_cancelling_a_post_or_removing_its_account_ends_a_waiting_handoff(store: Store) -> None:
    insta = store.accounts.add(NewAccount("instagram", "it-insta"))
    first = store.posts.create(NewPost("a", account_ids=(insta.id,)), PostStatus.SCHEDULED, at=T0)
    d = _handed_off(store)
    assert store.posts.cancel(first.id).status is PostStatus.CANCELLED
    assert store.deliveries.get(d.id).state is DeliveryState.CANCELLED

    store.posts.create(NewPost("b", account_ids=(insta.id,)), PostStatus.SCHEDULED, at=T0)
    d = _handed_off(store, T0 + timedelta(minutes=1))
    store.accounts.remove(insta.id)
    assert store.deliveries.get(d.id).state is DeliveryState.CANCELLED
    assert store.deliveries.awaiting_confirmation() == []
