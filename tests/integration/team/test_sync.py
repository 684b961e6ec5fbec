"""Two laptops of one team on a real PostgreSQL hub: create, join, edits, conflicts, deletes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studio.errors import InputError
from studio.store import NewAccount, NewPost, PostStatus, Store
from studio.team import create_team, join_team, parse_hub, sync_round, team_status
from tests.integration.team.helpers import picture, post_id, uid_of, view
from tests.keyring_helpers import KEYRING

Laptop = Callable[[str], Store]
LATER = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)


def _team(laptop: Laptop, hub: str) -> tuple[Store, Store]:
    """alice makes a team of her workspace; bob joins from an empty one."""
    alice, bob = laptop("alice"), laptop("bob")
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    join_team(bob, KEYRING, hub, "bob")
    return alice, bob


def test_a_joining_laptop_gets_every_post_with_its_texts_formats_pictures_and_deliveries(
    laptop: Laptop, hub: str, tmp_path: Path
) -> None:
    alice = laptop("alice")
    masto = alice.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
    insta = alice.accounts.add(NewAccount("instagram", "it-insta"))
    photo = picture(alice, tmp_path)
    alice.posts.create(
        NewPost(
            "Printers are back", (masto.id, insta.id), {"mastodon": ("Printers are back 🖨️", "Part two")},
            LATER, ((photo.id, "photo", "Room 101"),), text_for={"mastodon": "Printers are back 🖨️"},
            format_for={"instagram": "portrait"},
        ),
        PostStatus.SCHEDULED,
    )  # fmt: skip
    draft = alice.posts.create(NewPost("A draft for later"))
    alice.posts.set_choices(draft.id, account_ids=[masto.id], format_for={"instagram": "story"})

    report = create_team(alice, KEYRING, hub, "IT comms", "alice")
    assert report.pushed == 2

    bob = laptop("bob")
    address = parse_hub(hub)[0]
    # The password went to the keyring; bob's laptop is given the URL without it.
    assert KEYRING.get(address.key) is not None
    team, role, joined = join_team(bob, KEYRING, f"{address.conninfo}", "bob")
    assert (team, role, joined.pulled) == ("IT comms", "author", 2)
    assert view(bob) == view(alice)
    pulled = bob.accounts.by_name("it-masto")
    assert (pulled.network, pulled.instance_url) == ("mastodon", "https://social.example")
    # The password never enters either workspace.
    secret = parse_hub(hub)[1]
    assert secret
    for store in (alice, bob):
        assert secret.encode() not in (store.workspace / "studio.db").read_bytes()


def test_joining_needs_an_empty_workspace_and_a_team_once(laptop: Laptop, hub: str) -> None:
    alice = laptop("alice")
    alice.posts.create(NewPost("mine"))
    with pytest.raises(InputError, match="empty workspace"):
        join_team(alice, KEYRING, hub, "alice")
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    with pytest.raises(InputError, match="already a copy of team 'IT comms'"):
        create_team(alice, KEYRING, hub, "Other", "alice")
    other = laptop("other")
    other.posts.create(NewPost("theirs"))
    with pytest.raises(Exception, match="already holds team 'IT comms'"):
        create_team(other, KEYRING, hub, "Other", "carol")


def test_edits_to_different_posts_on_two_laptops_both_survive(laptop: Laptop, hub: str) -> None:
    alice = laptop("alice")
    first = alice.posts.create(NewPost("first")).id
    second = alice.posts.create(NewPost("second")).id
    _, bob = alice, laptop("bob")
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    join_team(bob, KEYRING, hub, "bob")

    alice.posts.save_draft(first, "first, edited by alice", text_for={"bluesky": "short one"})
    bob.posts.save_draft(post_id(bob, uid_of(alice, second)), "second, edited by bob")
    new = bob.posts.create(NewPost("bob's new post")).id
    sync_round(alice, KEYRING)
    assert sync_round(bob, KEYRING).conflicts == 0
    sync_round(alice, KEYRING)

    assert view(alice) == view(bob)
    bodies = sorted(p["body"] for p in view(alice).values())
    assert bodies == ["bob's new post", "first, edited by alice", "second, edited by bob"]
    assert alice.posts.get(post_id(alice, uid_of(bob, new))).body == "bob's new post"
    assert alice.posts.get(first).text_for == {"bluesky": "short one"}
    assert team_status(alice, KEYRING).waiting == team_status(bob, KEYRING).waiting == 0


def test_the_same_post_edited_on_both_while_apart_keeps_both_edits(laptop: Laptop, hub: str) -> None:
    alice, bob = _team(laptop, hub)
    mine = alice.posts.create(NewPost("Tuesday tip")).id
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)
    theirs = post_id(bob, uid_of(alice, mine))

    # Apart: both edit it. alice reaches the hub first, so her version wins (the first to the hub).
    alice.posts.save_draft(mine, "Tuesday tip: alice's version")
    bob.posts.save_draft(theirs, "Tuesday tip: bob's version", text_for={"mastodon": "bob's own toot"})
    assert sync_round(alice, KEYRING).conflicts == 0
    assert sync_round(bob, KEYRING).conflicts == 1
    sync_round(alice, KEYRING)

    assert view(alice) == view(bob)
    for store, original in ((alice, mine), (bob, theirs)):
        assert store.posts.get(original).body == "Tuesday tip: alice's version"
        [conflict] = team_status(store, KEYRING).conflicts
        assert (conflict["from"], conflict["copy_of"]) == ("bob", original)
        copy = store.posts.get(conflict["post"])
        assert (copy.body, copy.status, dict(copy.text_for)) == (
            "Tuesday tip: bob's version",
            PostStatus.DRAFT,
            {"mastodon": "bob's own toot"},
        )
        assert copy.deliveries == ()


def test_deletes_sync_as_tombstones_and_an_edit_beats_a_delete(laptop: Laptop, hub: str) -> None:
    alice, bob = _team(laptop, hub)
    gone = alice.posts.create(NewPost("to delete")).id
    contested = alice.posts.create(NewPost("deleted by alice, edited by bob")).id
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)
    gone_uid, contested_uid = uid_of(alice, gone), uid_of(alice, contested)

    alice.posts.delete_draft(gone)
    alice.posts.delete_draft(contested)
    bob.posts.save_draft(post_id(bob, contested_uid), "bob still wants this")
    assert sync_round(alice, KEYRING).deleted == 2
    report = sync_round(bob, KEYRING)
    sync_round(alice, KEYRING)

    # The plain delete reached bob; bob's late edit of the other is kept as his conflict copy.
    assert report.conflicts == 1
    assert not {gone_uid, contested_uid} & set(view(bob))
    assert view(alice) == view(bob)
    assert [p["body"] for p in view(alice).values()] == ["bob still wants this"]
    assert team_status(alice, KEYRING).conflicts[0]["from"] == "bob"
