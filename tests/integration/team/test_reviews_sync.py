"""Review and approval across two laptops of one team, and the roles' rules (a real PostgreSQL hub)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from studio.errors import InputError
from studio.store import NewAccount, NewPost, PostStatus, Store
from studio.team import create_team, join_team, sync_round
from studio.team.members import change_role, local_role
from studio.team.people import post_people
from studio.workflows.review import add_person, approve, approve_queued, submit
from tests.integration.team.helpers import post_id, uid_of
from tests.keyring_helpers import KEYRING

Laptop = Callable[[str], Store]
LATER = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
APPROVED_AT = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)


def _team(laptop: Laptop, hub: str) -> tuple[Store, Store]:
    """alice (the admin) makes the team; bob joins as an author."""
    alice, bob = laptop("alice"), laptop("bob")
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    join_team(bob, KEYRING, hub, "bob")
    sync_round(alice, KEYRING)  # alice's laptop learns that bob joined
    return alice, bob


def _draft(store: Store, body: str) -> int:
    account = store.accounts.add(
        NewAccount("mastodon", f"it-{body[:5]}", instance_url="https://social.example")
    )
    return store.posts.create(NewPost(body, (account.id,), scheduled_at=LATER)).id


def _steps(store: Store, post: int) -> list[tuple[str, str, datetime]]:
    return [(s.person, s.action, s.at) for s in store.reviews.steps(post)]


def test_a_review_and_its_approval_travel_with_who_and_when(laptop: Laptop, hub: str) -> None:
    alice, bob = _team(laptop, hub)
    mine = _draft(bob, "Printers are back")
    submitted_at = APPROVED_AT - timedelta(hours=1)
    submit(bob, mine, "bob", comment="ready", now=submitted_at)
    sync_round(bob, KEYRING)
    sync_round(alice, KEYRING)
    at_alice = post_id(alice, uid_of(bob, mine))
    assert alice.posts.get(at_alice).status is PostStatus.IN_REVIEW

    approve(alice, at_alice, "alice", comment="lovely", now=APPROVED_AT)
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)

    for store, post in ((alice, at_alice), (bob, mine)):
        assert store.posts.get(post).status is PostStatus.SCHEDULED
        assert _steps(store, post) == [("bob", "submitted", submitted_at), ("alice", "approved", APPROVED_AT)]
        assert [s.comment for s in store.reviews.steps(post)] == ["ready", "lovely"]
        people = post_people(store, [post])[post]
        assert (people.author, people.approved_by, people.approved_at) == ("bob", "alice", APPROVED_AT)
    # Settled: nothing waits on either laptop.
    assert sync_round(alice, KEYRING).pushed == sync_round(bob, KEYRING).pushed == 0


def test_nobody_approves_a_post_they_wrote(laptop: Laptop, hub: str) -> None:
    alice, bob = _team(laptop, hub)
    mine = _draft(alice, "alice's own tip")
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)
    submit(bob, post_id(bob, uid_of(alice, mine)), "bob")  # bob sends it to review, not alice
    sync_round(bob, KEYRING)
    sync_round(alice, KEYRING)
    assert alice.posts.get(mine).status is PostStatus.IN_REVIEW

    with pytest.raises(InputError) as refused:
        approve(alice, mine, "alice")
    assert str(refused.value) == (
        f"post {mine}: alice wrote it and cannot also approve it (ask another reviewer or an admin)"
    )
    with pytest.raises(InputError, match="alice wrote it and cannot also approve it"):
        approve_queued(alice, mine)  # `studio queue approve` approves as this laptop's member: the same rule
    assert alice.posts.get(mine).status is PostStatus.IN_REVIEW
    assert [s.action for s in alice.reviews.steps(mine)] == ["submitted"]


def test_an_author_cannot_approve_and_strangers_cannot_review(laptop: Laptop, hub: str) -> None:
    alice, bob = _team(laptop, hub)
    theirs = _draft(alice, "alice's tip")
    submit(alice, theirs, "alice")
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)
    at_bob = post_id(bob, uid_of(alice, theirs))
    with pytest.raises(
        InputError, match=r"--as bob: is an author, not a reviewer \(ask a reviewer, or an admin"
    ):
        approve(bob, at_bob, "bob")
    with pytest.raises(InputError, match="--as 'mallory': is not a member of team 'IT comms'"):
        approve(bob, at_bob, "mallory")
    with pytest.raises(InputError, match="this laptop's member bob: is an author, not a reviewer"):
        approve_queued(
            bob, at_bob
        )  # `studio queue approve`: this laptop's member approves, by the same rules
    with pytest.raises(InputError, match="in a team workspace the people are the team's members"):
        add_person(bob, "bob", "reviewer")

    # An admin makes bob a reviewer; his laptop learns it with its next round, and then he may approve.
    assert change_role(alice, KEYRING, "bob", "reviewer").role == "reviewer"
    sync_round(bob, KEYRING)
    assert local_role(bob, "bob") == "reviewer"
    assert approve(bob, at_bob, "bob", now=APPROVED_AT).status is PostStatus.SCHEDULED


def test_only_an_admin_changes_roles_and_the_last_admin_stays(laptop: Laptop, hub: str) -> None:
    alice, bob = _team(laptop, hub)
    with pytest.raises(InputError) as refused:
        change_role(bob, KEYRING, "bob", "admin")
    assert str(refused.value) == (
        "studio team role bob: bob is author: only an admin changes roles (ask an admin of the team)"
    )
    with pytest.raises(InputError, match="member 'carol': is not in team 'IT comms'"):
        change_role(alice, KEYRING, "carol", "reviewer")
    with pytest.raises(
        InputError, match=r"role 'boss': is not a team role \(use one of: author, reviewer, admin"
    ):
        change_role(alice, KEYRING, "bob", "boss")
    with pytest.raises(InputError, match="member 'alice': is the team's only admin"):
        change_role(alice, KEYRING, "alice", "reviewer")
    assert local_role(bob, "bob") == "author"  # nothing changed

    change_role(alice, KEYRING, "bob", "admin")
    assert change_role(alice, KEYRING, "alice", "reviewer").role == "reviewer"  # bob is an admin now
    assert local_role(alice, "alice") == "reviewer"


def test_an_approval_made_while_another_laptop_edited_the_post_is_not_lost(laptop: Laptop, hub: str) -> None:
    alice, bob = _team(laptop, hub)
    change_role(alice, KEYRING, "bob", "reviewer")
    mine = _draft(alice, "Tuesday tip")
    submit(alice, mine, "alice")
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)
    theirs = post_id(bob, uid_of(alice, mine))

    # Apart: bob approves it, alice edits it. alice reaches the hub first, so her edit wins the post.
    approve(bob, theirs, "bob", now=APPROVED_AT)
    alice.posts.save_draft(mine, "Tuesday tip, edited")
    sync_round(alice, KEYRING)
    assert sync_round(bob, KEYRING).conflicts == 1
    sync_round(alice, KEYRING)

    for store, post in ((alice, mine), (bob, theirs)):
        assert store.posts.get(post).body == "Tuesday tip, edited"
        assert ("bob", "approved", APPROVED_AT) in _steps(store, post)  # the union kept bob's approval
        assert post_people(store, [post])[post].approved_by == "bob"
    assert _steps(alice, mine) == _steps(bob, theirs)
