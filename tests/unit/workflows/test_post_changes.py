"""Changing a post after it was scheduled, per-network texts, drafts and duplicates (Issue 13 items 1-3, 6).

Real SQLite workspaces through the store and `studio.workflows.posting`; no network.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from studio.errors import InputError
from studio.store import Account, DeliveryState, NewAccount, NewPost, PostStatus, Store
from studio.workflows import posting
from studio.workflows.posting import PostChange, Refused

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATER = T0 + timedelta(days=1)


def _scheduled(store: Store, *accounts: Account, text: str = "Printers are back on floor 2.") -> int:
    draft = store.posts.create(NewPost(text), at=T0)
    change = PostChange(text, tuple(a.id for a in accounts), LATER)
    return posting.schedule(store, draft.id, change, now=T0).id


def test_each_network_gets_its_own_text_and_the_rest_the_main_one(
    store: Store, masto: Account, bsky: Account
) -> None:
    draft = store.posts.create(NewPost("Long main text for everyone."), at=T0)
    change = PostChange(
        "Long main text for everyone.", (masto.id, bsky.id), LATER, text_for={"bluesky": "Short for Bluesky"}
    )
    post = posting.schedule(store, draft.id, change, now=T0)
    assert post.text_for == {"bluesky": "Short for Bluesky"}
    assert post.text_on("mastodon") == "Long main text for everyone."
    by_network = {d.network: [p.text for p in d.parts] for d in post.deliveries}
    assert by_network == {"mastodon": ["Long main text for everyone."], "bluesky": ["Short for Bluesky"]}
    assert post.account_ids == (masto.id, bsky.id)


def test_a_networks_own_text_is_checked_by_that_networks_limit(store: Store, bsky: Account) -> None:
    linkedin = store.accounts.add(NewAccount("linkedin", "it-linkedin"))
    draft = store.posts.create(NewPost("Fine"), at=T0)
    too_long = PostChange("Fine", (linkedin.id,), LATER, text_for={"linkedin": "x " * 1505})
    with pytest.raises(Refused, match="LinkedIn"):  # LinkedIn has no threads: its own text is over
        posting.schedule(store, draft.id, too_long, now=T0)
    change = PostChange("Fine", (bsky.id,), LATER, text_for={"bluesky": "word " * 400})
    post = posting.schedule(store, draft.id, change, now=T0)
    assert len(post.deliveries[0].parts) > 1  # a thread, made of Bluesky's own text


def test_editing_a_scheduled_post_replans_its_deliveries_and_keeps_their_audit(
    store: Store, masto: Account, bsky: Account
) -> None:
    post_id = _scheduled(store, masto, bsky)
    before = {d.network: d for d in store.posts.get(post_id).deliveries}
    new_time = LATER + timedelta(hours=3)
    change = PostChange("Printers are back on floors 2 and 3.", (masto.id,), new_time)
    edited = posting.edit(store, post_id, change, now=T0 + timedelta(hours=1))
    after = {d.network: d for d in edited.deliveries}
    assert after["mastodon"].id == before["mastodon"].id  # the same delivery, changed in place
    assert [p.text for p in after["mastodon"].parts] == ["Printers are back on floors 2 and 3."]
    assert after["mastodon"].due_at == new_time
    assert edited.scheduled_at == new_time
    assert after["bluesky"].state is DeliveryState.CANCELLED  # taken off the post
    kinds = [e.kind for e in store.deliveries.events(after["mastodon"].id)]
    assert kinds == ["created", "edited"]
    assert "taken off" in store.deliveries.events(after["bluesky"].id)[-1].detail
    # Putting Bluesky back revives its delivery rather than failing on the one-per-account rule.
    back = posting.edit(store, post_id, PostChange(change.text, (masto.id, bsky.id), new_time), now=T0)
    assert {d.network: d.state for d in back.deliveries} == {
        "mastodon": DeliveryState.QUEUED,
        "bluesky": DeliveryState.QUEUED,
    }


@pytest.mark.parametrize(
    ("state", "why"),
    [
        (DeliveryState.SENDING, "being sent right now"),
        (DeliveryState.SENT, "has gone out"),
        (DeliveryState.HANDED_OFF, "handed off"),
    ],
)
def test_a_post_with_a_copy_out_or_on_its_way_cannot_be_changed(
    store: Store, masto: Account, state: DeliveryState, why: str
) -> None:
    post_id = _scheduled(store, masto)
    delivery = store.posts.get(post_id).deliveries[0]
    with store.db.write() as conn:  # the state the runner would have put it in
        conn.execute("UPDATE deliveries SET state = ? WHERE id = ?", (state.value, delivery.id))
    with pytest.raises(InputError, match=why) as error:
        posting.edit(store, post_id, PostChange("Changed", (masto.id,), LATER), now=T0)
    assert "duplicate" in error.value.fix or "retry" in error.value.fix
    assert store.posts.get(post_id).body == "Printers are back on floor 2."


def test_an_error_finding_blocks_until_allowed_and_the_override_is_audited(
    store: Store, masto: Account
) -> None:
    text = "Questions? Mail jane.doe@example.edu or call +1 415 555 0134."
    draft = store.posts.create(NewPost(text), at=T0)
    change = PostChange(text, (masto.id,), LATER)
    with pytest.raises(Refused) as refused:
        posting.schedule(store, draft.id, change, now=T0)
    rules = {p.rule for p in refused.value.problems}
    assert rules
    assert all(p.allowable for p in refused.value.problems)
    assert store.posts.get(draft.id).status is PostStatus.DRAFT
    post = posting.schedule(store, draft.id, change, now=T0, allow=rules)
    events = store.deliveries.events(post.deliveries[0].id)
    assert {e.detail for e in events if e.kind == "allowed"} == rules


def test_drafts_are_listed_newest_first_searchable_and_deletable(store: Store, masto: Account) -> None:
    old = store.posts.create(NewPost("Old draft about printers"), at=T0)
    new = store.posts.create(NewPost("New draft about Wi-Fi"), at=T0 + timedelta(minutes=5))
    _scheduled(store, masto)
    assert [p.id for p in store.posts.drafts()] == [new.id, old.id]
    store.posts.save_draft(old.id, "Old draft about printers, edited", at=T0 + timedelta(minutes=9))
    assert [p.id for p in store.posts.drafts()] == [old.id, new.id]
    assert [p.id for p in store.posts.drafts(search="wi-fi")] == [new.id]
    assert [p.id for p in store.posts.drafts(search="100%")] == []  # LIKE wildcards are literal
    gone = store.posts.delete_draft(new.id)
    assert gone.body == "New draft about Wi-Fi"
    assert [p.id for p in store.posts.drafts()] == [old.id]


def test_a_duplicate_is_a_new_draft_with_everything_but_the_time(store: Store, masto: Account) -> None:
    draft = store.posts.create(NewPost("Main"), at=T0)
    change = PostChange(
        "Main", (masto.id,), LATER, text_for={"mastodon": "Own"}, format_for={"mastodon": "mastodon"}
    )
    post = posting.schedule(store, draft.id, change, now=T0)
    copy = posting.duplicate(store, post.id, now=T0)
    assert copy.id != post.id
    assert copy.status is PostStatus.DRAFT
    assert copy.scheduled_at is None
    assert (copy.body, dict(copy.text_for), dict(copy.format_for)) == (
        "Main",
        {"mastodon": "Own"},
        {"mastodon": "mastodon"},
    )
    assert copy.account_ids == (masto.id,)
    assert copy.deliveries == ()
