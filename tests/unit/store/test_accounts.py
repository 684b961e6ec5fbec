from __future__ import annotations

import pytest

from studio.errors import InputError
from studio.store import Account, AccountOptions, DeliveryState, NewAccount, NewPost, PostStatus, Store


def test_add_validates_network_name_and_instance(store: Store) -> None:
    with pytest.raises(InputError, match="network 'myspace': unknown"):
        store.accounts.add(NewAccount("myspace", "a"))
    with pytest.raises(InputError, match="needs its server"):
        store.accounts.add(NewAccount("mastodon", "a"))
    with pytest.raises(InputError, match="only https"):
        store.accounts.add(NewAccount("mastodon", "a", instance_url="http://example.social"))
    loopback = store.accounts.add(NewAccount("mastodon", "local", instance_url="http://127.0.0.1:3999/"))
    assert loopback.instance_url == "http://127.0.0.1:3999"
    with pytest.raises(InputError, match="already exists"):
        store.accounts.add(NewAccount("bluesky", "LOCAL"))


def test_options_and_reconnect_state_are_kept(store: Store, masto: Account) -> None:
    store.accounts.update(masto.id, options=AccountOptions(max_characters=5000, url_length=23), owner="Ana")
    store.accounts.set_reconnect(masto.id, True, "401: token revoked")
    again = store.accounts.by_name("IT-MASTO")
    assert again.options == AccountOptions(max_characters=5000, url_length=23)
    assert again.owner == "Ana"
    assert again.needs_reconnect
    assert again.reconnect_reason == "401: token revoked"
    assert again.last_checked_at is not None
    assert again.secret_name == f"account:{masto.id}"


def test_unknown_name_lists_the_known_ones(store: Store, masto: Account) -> None:
    with pytest.raises(InputError, match="known accounts: it-masto"):
        store.accounts.by_name("nope")


def test_remove_cancels_open_deliveries_but_keeps_history(
    store: Store, masto: Account, bsky: Account
) -> None:
    post = store.posts.create(NewPost("x", account_ids=(masto.id, bsky.id)), PostStatus.SCHEDULED)
    store.accounts.remove(bsky.id)
    after = store.posts.get(post.id)
    gone = next(d for d in after.deliveries if d.network == "bluesky")
    assert gone.state is DeliveryState.CANCELLED
    assert gone.account_id is None
    assert gone.account_name == "it-bsky"
    assert [a.name for a in store.accounts.list()] == ["it-masto"]
