"""Who made each post, who approved it and whose conflict copy it is, on two laptops of one team."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from studio.store import NewPost, Store, open_store
from studio.team import create_team, join_team, sync_round
from studio.team.people import PostPeople, post_people
from tests.integration.team.helpers import post_id, uid_of
from tests.keyring_helpers import KEYRING

Laptop = Callable[[str], Store]


def test_each_post_names_its_author_on_every_laptop(laptop: Laptop, hub: str) -> None:
    alice, bob = laptop("alice"), laptop("bob")
    before = alice.posts.create(NewPost("Made before the team existed")).id
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    join_team(bob, KEYRING, hub, "bob")
    by_bob = bob.posts.create(NewPost("Bob's tip")).id
    sync_round(bob, KEYRING)
    sync_round(alice, KEYRING)
    at_alice = post_id(alice, uid_of(bob, by_bob))
    at_bob = post_id(bob, uid_of(alice, before))

    nobody = PostPeople(None, None, None, None)
    assert post_people(alice, [before, at_alice, 999]) == {
        before: PostPeople("alice", None, None, None),
        at_alice: PostPeople("bob", None, None, None),
        999: nobody,  # not a post here
    }
    assert post_people(bob, [at_bob, by_bob]) == {
        at_bob: PostPeople("alice", None, None, None),
        by_bob: PostPeople("bob", None, None, None),
    }
    # Knowing the author is not a change: nothing waits to go up after the round.
    assert sync_round(alice, KEYRING).pushed == 0
    assert sync_round(bob, KEYRING).pushed == 0


def test_a_conflict_copy_names_the_member_whose_version_it_keeps(laptop: Laptop, hub: str) -> None:
    alice, bob = laptop("alice"), laptop("bob")
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    join_team(bob, KEYRING, hub, "bob")
    mine = alice.posts.create(NewPost("Tuesday tip")).id
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)
    theirs = post_id(bob, uid_of(alice, mine))
    alice.posts.save_draft(mine, "alice's version")
    bob.posts.save_draft(theirs, "bob's version")
    sync_round(alice, KEYRING)
    assert sync_round(bob, KEYRING).conflicts == 1
    sync_round(alice, KEYRING)

    for store in (alice, bob):
        people = post_people(store, [p.id for p in store.posts.page(limit=10)])
        assert sorted((p.author, p.conflict_from) for p in people.values()) == [
            ("alice", None),  # the original keeps its author
            ("bob", "bob"),  # the copy is bob's: he made it, and it keeps his version
        ]


def test_a_solo_workspace_has_nobody_named(tmp_path: Path) -> None:
    with open_store(tmp_path / "solo") as store:
        post = store.posts.create(NewPost("Solo tip")).id
        store.reviews.add_step(post, "sam", "approved", "", "studio", at=datetime(2026, 5, 1, tzinfo=UTC))
        assert post_people(store, [post]) == {post: PostPeople(None, None, None, None)}
