"""Series through a real PostgreSQL hub: one series by uid on every laptop, and numbers that never fork."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from studio.store import NewAccount, PostStatus, Store
from studio.team import create_team, join_team, sync_round
from studio.workflows.series import add_to_backlog, create_series, fill_series
from tests.integration.team.helpers import uid_of
from tests.keyring_helpers import KEYRING

Laptop = Callable[[str], Store]
NOW = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)  # a Monday: the Tuesday slots follow
SERIES = "Tech Tip Tuesday"


def _episode(store: Store, body: str) -> int:
    """A ready episode in the series' backlog (approved), scheduled and numbered by `fill_series`."""
    post = add_to_backlog(store, SERIES, body)
    if post.status is PostStatus.IN_REVIEW:
        store.posts.set_status(post.id, PostStatus.APPROVED)
    fill_series(store, SERIES, now=NOW, weeks=6)
    return post.id


def _numbers(store: Store) -> dict[str, tuple[int, str]]:
    """Each numbered episode by post uid: its number and its first line."""
    series = store.series.by_name(SERIES)
    return {
        uid_of(store, e.post_id): (e.number, store.posts.get(e.post_id).body.splitlines()[0])
        for e in store.series.entries(series.id)
    }


def _team(laptop: Laptop, hub: str) -> tuple[Store, Store]:
    alice, bob = laptop("alice"), laptop("bob")
    alice.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
    create_series(
        alice, SERIES, every="tue", at=["10:00"], zone="Europe/Berlin", account_names=["it-masto"],
        title="Tech Tip #{number}",
    )  # fmt: skip
    _episode(alice, "Restart before you call")
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    join_team(bob, KEYRING, hub, "bob")
    return alice, bob


def test_a_series_made_on_alice_numbers_on_when_bob_adds_the_next_episode(laptop: Laptop, hub: str) -> None:
    alice, bob = _team(laptop, hub)
    pulled = bob.series.by_name(SERIES)
    assert (pulled.title, pulled.weekdays, pulled.times, pulled.timezone) == (
        "Tech Tip #{number}",
        (1,),
        ("10:00",),
        "Europe/Berlin",
    )
    assert pulled.next_number == 2
    assert [a.name for a in bob.accounts.list() if a.id in pulled.account_ids] == ["it-masto"]
    assert sorted(_numbers(bob).values()) == [(1, "Tech Tip #1")]

    _episode(bob, "Lock your screen")
    sync_round(bob, KEYRING)
    sync_round(alice, KEYRING)

    assert _numbers(alice) == _numbers(bob)
    assert sorted(_numbers(alice).values()) == [(1, "Tech Tip #1"), (2, "Tech Tip #2")]
    assert alice.series.by_name(SERIES).next_number == bob.series.by_name(SERIES).next_number == 3
    _episode(alice, "Use the password manager")  # alice numbers on from bob's episode, not from her own
    assert sorted(n for n, _line in _numbers(alice).values()) == [1, 2, 3]


def test_two_laptops_numbering_apart_never_give_one_number_twice(laptop: Laptop, hub: str) -> None:
    alice, bob = _team(laptop, hub)
    first = _episode(alice, "Lock your screen")
    second = _episode(bob, "Update your phone")  # both took #2 while apart
    sync_round(alice, KEYRING)  # alice's #2 reaches the hub first
    sync_round(bob, KEYRING)  # bob's episode becomes #3, its title line too, before its post goes up
    sync_round(alice, KEYRING)

    assert _numbers(alice) == _numbers(bob)
    assert _numbers(alice)[uid_of(alice, first)] == (2, "Tech Tip #2")
    assert _numbers(bob)[uid_of(bob, second)] == (3, "Tech Tip #3")
    assert alice.series.by_name(SERIES).next_number == bob.series.by_name(SERIES).next_number == 4


def test_a_series_made_apart_under_one_name_is_one_series(laptop: Laptop, hub: str) -> None:
    alice, bob = _team(laptop, hub)
    with bob.db.write() as conn:  # bob's laptop had made its own before it synced the first time
        conn.execute("DELETE FROM team_series")
    sync_round(bob, KEYRING)
    assert len(bob.series.list_all()) == 1
    with alice.db.read() as a, bob.db.read() as b:
        assert (
            a.execute("SELECT uid FROM team_series").fetchall()
            == b.execute("SELECT uid FROM team_series").fetchall()
        )
