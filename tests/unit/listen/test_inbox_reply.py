"""Answering an inbox item in a real SQLite workspace: the reply is a checked post on the item's account,
threaded under the item by the publishers' input; done, assign and read marks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from studio.errors import InputError
from studio.listen.inbox import assign, checks_of, done, help_desk_url, mark_read, reply
from studio.listen.model import Mention
from studio.publish.base import SentPart
from studio.publish.factory import post_input
from studio.store import Account, PostStatus, Store
from studio.text import CheckConfig
from studio.workflows.posting import Refused

_AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
_ROOT = "at://did:plc:kim/app.bsky.feed.post/root1"
_ITEM = "at://did:plc:kim/app.bsky.feed.post/item1"


def _mastodon_item(store: Store, account: Account) -> int:
    mention = Mention(
        "mastodon", "mention", "900", "https://example.social/@kim/900", "@kim", "Kim",
        "@it is eduroam down?", _AT,
    )  # fmt: skip
    assert store.inbox.add(account.id, mention, support=False, findings=[])
    return store.inbox.items()[0].id


def _bluesky_item(store: Store, account: Account, *, root: str | None = _ROOT) -> int:
    mention = Mention(
        "bluesky", "reply", _ITEM, "https://bsky.app/profile/kim.test/post/item1", "kim.test", "Kim",
        "is eduroam down?", _AT, in_reply_to=root, thread_root=root, cid="bafyitem", root_cid="bafyroot",
    )  # fmt: skip
    assert store.inbox.add(account.id, mention, support=False, findings=[])
    return store.inbox.items()[0].id


def test_a_mastodon_reply_starts_with_the_handle_and_replies_to_the_item(
    store: Store, masto: Account
) -> None:
    item_id = _mastodon_item(store, masto)
    post = reply(store, item_id, "It is back up, thanks for telling us!")
    assert post.status is PostStatus.SCHEDULED
    assert post.body == "@kim It is back up, thanks for telling us!"
    [delivery] = post.deliveries
    assert delivery.account_id == masto.id
    made = post_input(store, delivery)
    assert made.reply_to == SentPart(0, "900", "https://example.social/@kim/900", "")
    item = store.inbox.get(item_id)
    assert item.reply_post_id == post.id
    assert item.read_at is not None


def test_a_handle_already_there_is_not_written_twice(store: Store, masto: Account) -> None:
    post = reply(store, _mastodon_item(store, masto), "@Kim it is back up")
    assert post.body == "@Kim it is back up"


def test_a_bluesky_reply_names_the_item_as_parent_and_its_thread_root_as_root(
    store: Store, bsky: Account
) -> None:
    post = reply(store, _bluesky_item(store, bsky), "It is back up, thanks!")
    assert post.body == "It is back up, thanks!"  # a Bluesky reply notifies its parent's author by itself
    made = post_input(store, post.deliveries[0])
    assert made.reply_to == SentPart(0, _ITEM, "https://bsky.app/profile/kim.test/post/item1", "bafyitem")
    assert made.thread_root == SentPart(0, _ROOT, "", "bafyroot")


def test_a_bluesky_item_that_starts_its_thread_is_its_own_root(store: Store, bsky: Account) -> None:
    post = reply(store, _bluesky_item(store, bsky, root=None), "It is back up")
    made = post_input(store, post.deliveries[0])
    assert made.thread_root == made.reply_to
    assert made.reply_to is not None
    assert made.reply_to.cid == "bafyitem"


def test_a_reply_showing_personal_data_is_refused_and_leaves_nothing(store: Store, masto: Account) -> None:
    item_id = _mastodon_item(store, masto)
    with pytest.raises(Refused) as refused:
        reply(store, item_id, "your student ID 20231234 is locked, mail kim@example.com")
    assert [p.rule for p in refused.value.problems] == ["personal-data", "personal-data"]
    assert store.posts.page(offset=0, limit=10) == []
    assert store.inbox.get(item_id).reply_post_id is None


def test_an_empty_reply_is_an_input_error(store: Store, masto: Account) -> None:
    with pytest.raises(InputError, match="the text is empty"):
        reply(store, _mastodon_item(store, masto), "  \n ")


def test_without_solo_mode_the_reply_waits_for_review(store: Store, masto: Account) -> None:
    store.settings.update(solo_mode=False)
    assert reply(store, _mastodon_item(store, masto), "Thanks!").status is PostStatus.IN_REVIEW


def test_done_assign_and_read_marks(store: Store, masto: Account) -> None:
    item_id = _mastodon_item(store, masto)
    assert store.inbox.unread_count() == 1
    mark_read(store, item_id)
    assert store.inbox.unread_count() == 0
    assign(store, item_id, "  sam ")
    assert store.inbox.get(item_id).assigned_to == "sam"
    assign(store, item_id, "")
    assert store.inbox.get(item_id).assigned_to is None
    done(store, item_id)
    assert store.inbox.items() == []
    done(store, item_id, done=False)
    assert [i.id for i in store.inbox.items()] == [item_id]
    with pytest.raises(InputError, match="inbox item 999"):
        done(store, 999)


def test_the_help_desk_link_comes_from_the_kit_and_a_broken_kit_does_not_stop_the_inbox(store: Store) -> None:
    assert help_desk_url(store) == "https://help.campus.example.edu"  # the bundled kit's
    store.settings.update(kit="kits/gone")  # a kit folder deleted since it was chosen
    assert help_desk_url(store) == ""
    assert checks_of(store) == CheckConfig.load(None)
