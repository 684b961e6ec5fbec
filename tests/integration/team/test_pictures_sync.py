"""Pictures' bytes through the hub: a post made on one laptop goes out from another, each file sent once."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import psycopg

from studio.publish.factory import post_input
from studio.publish.runner import Runner, RunOptions
from studio.store import DeliveryState, NewAccount, NewPost, PostStatus, Store
from studio.team import HubClaimer, create_team, join_team, read_link, sync_round
from studio.team.hub import connect
from studio.team.pictures import DEFAULT_CAP, exchange_pictures
from tests.integration.team.helpers import picture
from tests.keyring_helpers import KEYRING, delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer

Laptop = Callable[[str], Store]


def _hub_pictures(hub: str) -> list[tuple[str, int, bytes]]:
    with psycopg.connect(hub) as conn:
        return [
            (str(r[0]), int(r[1]), bytes(r[2]))
            for r in conn.execute("SELECT sha256, size, data FROM studio.pictures ORDER BY sha256")
        ]


def _exchange(store: Store) -> tuple[int, int, tuple[str, ...]]:
    """One pictures exchange on its own, to count what it sent and received."""
    link = read_link(store)
    assert link is not None
    with connect(link.hub, KEYRING) as conn:
        totals = exchange_pictures(store, conn, link)
    return totals.sent, totals.received, totals.refused


def test_a_post_with_a_picture_made_on_alice_goes_out_from_bob(
    laptop: Laptop, hub: str, tmp_path: Path, mastodon: MastodonServer
) -> None:
    alice = laptop("alice")
    masto = alice.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
    photo = picture(alice, tmp_path)
    alice.posts.create(
        NewPost("The campus map is new", (masto.id,), media=((photo.id, "photo", ""),)), PostStatus.SCHEDULED
    )
    assert create_team(alice, KEYRING, hub, "IT comms", "alice").refused == ()  # its round sends the bytes
    bob = laptop("bob")
    assert join_team(bob, KEYRING, hub, "bob")[2].refused == ()  # its round fetches them
    bob_masto = bob.accounts.by_name("it-masto")
    original = alice.media.path(photo).read_bytes()

    pulled = bob.posts.page()[0].media[0].media
    assert bob.media.path(pulled).read_bytes() == original  # written where the store keeps it
    assert sorted(p.name for p in bob.media.path(pulled).parent.iterdir()) == [
        bob.media.path(pulled).name
    ]  # no temporary file
    # Only bob holds the token: his runner sends the post, with the picture alice made.
    set_secret(bob_masto.id, "test-token")
    try:
        runner = Runner(bob, credentials=KEYRING, claimer=HubClaimer(KEYRING), options=RunOptions(batch=2))
        sent = runner.run()
    finally:
        delete_secret(bob_masto.id)
    assert len(sent.sent) == 1
    assert [s.text for s in mastodon.state.statuses] == ["The campus map is new"]
    uploaded = [m.data for m in mastodon.state.media.values()]
    delivery = alice.posts.page()[0].deliveries[0]
    assert uploaded == [post_input(alice, delivery).parts[0].images[0].data]  # what alice's laptop would send
    assert {d.state for d in bob.posts.page()[0].deliveries} == {DeliveryState.SENT}


def test_each_picture_is_sent_once_however_many_rounds_and_posts_use_it(
    laptop: Laptop, hub: str, tmp_path: Path
) -> None:
    alice = laptop("alice")
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    bob = laptop("bob")
    join_team(bob, KEYRING, hub, "bob")
    photo = picture(alice, tmp_path)
    alice.posts.create(NewPost("First", media=((photo.id, "photo", ""),)))

    assert _exchange(alice) == (1, 0, ())
    assert _exchange(alice) == (0, 0, ())  # the hub has it (one query says so): not sent again
    sync_round(alice, KEYRING)  # the post goes up (its picture is there already)
    sync_round(bob, KEYRING)  # the post comes down, then its picture
    original = alice.media.path(photo).read_bytes()
    assert bob.media.path(bob.posts.page()[0].media[0].media).read_bytes() == original
    assert _exchange(bob) == (0, 0, ())  # bob has it: nothing to fetch, and nothing to send back
    again = picture(alice, tmp_path)  # the same bytes imported again: the same picture
    assert again.id == photo.id
    alice.posts.create(NewPost("Second, same picture", media=((photo.id, "photo", ""),)))
    for store in (alice, bob, alice, bob):
        assert sync_round(store, KEYRING).refused == ()
    assert _exchange(bob) == (0, 0, ())

    size = alice.media.path(photo).stat().st_size
    assert _hub_pictures(hub) == [(photo.sha256, size, alice.media.path(photo).read_bytes())]
    assert len(bob.posts.page()) == 2


def test_a_picture_past_the_cap_is_not_shared_and_the_round_says_so(
    laptop: Laptop, hub: str, tmp_path: Path
) -> None:
    alice = laptop("alice")
    big = tmp_path / "poster.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + hashlib.sha256(b"x").digest() * (DEFAULT_CAP // 32 + 1024))
    item = alice.media.add(big, width=9000, height=9000, mime="image/png", alt_text="The open day poster")
    alice.posts.create(NewPost("Open day", media=((item.id, "photo", ""),)))
    create_team(alice, KEYRING, hub, "IT comms", "alice")

    report = sync_round(alice, KEYRING)

    assert report.refused == (
        f'picture {item.relpath} ("The open day poster"): 25.0 MB is over the team\'s cap of 25 MB per '
        "picture; it is not shared (the post is): make it smaller and add it again",
    )
    assert _hub_pictures(hub) == []
    bob = laptop("bob")
    join_team(bob, KEYRING, hub, "bob")
    assert sync_round(bob, KEYRING).refused == ()  # nothing to fetch yet: bob waits, says nothing
    assert [p.body for p in bob.posts.page()] == ["Open day"]  # the post synced all the same
    assert not bob.media.path(bob.posts.page()[0].media[0].media).exists()


def test_a_damaged_hub_copy_is_refused_then_sent_again_by_the_laptop_that_has_it(
    laptop: Laptop, hub: str, tmp_path: Path
) -> None:
    alice = laptop("alice")
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    bob = laptop("bob")
    join_team(bob, KEYRING, hub, "bob")
    photo = picture(alice, tmp_path)
    alice.posts.create(NewPost("Map", media=((photo.id, "photo", ""),)))
    sync_round(alice, KEYRING)
    with psycopg.connect(hub) as conn:
        conn.execute("UPDATE studio.pictures SET data = %s", (b"not the picture",))
    assert sync_round(bob, KEYRING).refused  # the post comes down, and its damaged picture is refused
    assert sync_round(alice, KEYRING).refused == ()  # alice sends it again
    with psycopg.connect(hub) as conn:  # damaged again, for the next laptop to meet
        conn.execute("UPDATE studio.pictures SET data = %s", (b"not the picture",))
    target = bob.media.path(bob.posts.page()[0].media[0].media)

    report = sync_round(bob, KEYRING)

    assert report.refused == (
        f'picture {photo.relpath} ("A map of the campus"): the hub\'s copy does not match its SHA-256 '
        "(damaged); not written here, and removed from the hub so the laptop that has it sends it again",
    )
    assert not target.exists()
    assert _hub_pictures(hub) == []  # removed, so that alice can send it again
    sync_round(alice, KEYRING)
    assert sync_round(bob, KEYRING).refused == ()  # and the line is gone once it arrived
    assert target.read_bytes() == alice.media.path(photo).read_bytes()


def test_a_hub_row_naming_a_path_outside_media_is_refused_and_nothing_is_written_there(
    laptop: Laptop, hub: str, tmp_path: Path
) -> None:
    alice = laptop("alice")
    photo = picture(alice, tmp_path)
    alice.posts.create(NewPost("Map", media=((photo.id, "photo", ""),)))
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    with psycopg.connect(hub) as conn:  # a hostile or broken hub points the picture outside the workspace
        conn.execute(
            "UPDATE studio.posts SET content = jsonb_set(content, '{media,0,relpath}', %s::jsonb)",
            ('"../escape.jpg"',),
        )
    bob = laptop("bob")

    report = join_team(bob, KEYRING, hub, "bob")[2]

    assert report.refused == (
        'picture ../escape.jpg ("A map of the campus"): the hub names it by a path outside media/; not '
        "written (tell the team's admin)",
    )
    assert not (bob.workspace / "../escape.jpg").exists()
    assert not (bob.workspace.parent / "escape.jpg").exists()


def test_a_laptop_without_a_posts_picture_leaves_its_delivery_to_others(
    laptop: Laptop, hub: str, tmp_path: Path, mastodon: MastodonServer
) -> None:
    alice = laptop("alice")
    masto = alice.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
    photo = picture(alice, tmp_path)
    alice.posts.create(
        NewPost("The campus map is new", (masto.id,), media=((photo.id, "photo", ""),)), PostStatus.SCHEDULED
    )
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    bob = laptop("bob")
    join_team(bob, KEYRING, hub, "bob")
    bob_masto = bob.accounts.by_name("it-masto")
    pulled = bob.posts.page()[0].media[0].media
    kept = bob.media.path(pulled).read_bytes()
    # As if its bytes never reached the hub (over the sender's cap): bob cannot fetch them either.
    bob.media.path(pulled).unlink()
    with psycopg.connect(hub) as conn:
        conn.execute("DELETE FROM studio.pictures")
    set_secret(bob_masto.id, "test-token")
    try:
        now = bob.posts.page()[0].deliveries[0].due_at
        assert HubClaimer(KEYRING)(bob, now, 10, "bob:1") == []  # nothing claimed: it would fail here
        [delivery] = bob.posts.page()[0].deliveries
        assert delivery.state is DeliveryState.QUEUED
        bob.media.path(pulled).write_bytes(kept)
        [claimed] = HubClaimer(KEYRING)(bob, now, 10, "bob:1")  # the picture is here now: bob may send it
        assert claimed.state is DeliveryState.SENDING
    finally:
        delete_secret(bob_masto.id)
