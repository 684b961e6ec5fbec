"""Incidents through a real PostgreSQL hub: the thread and its reply chain on every laptop, and updates
posted on two laptops apart adding up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from studio.store import NewAccount, Store
from studio.store.incidents import Incident
from studio.store.times import now_utc, to_db
from studio.team import create_team, join_team, sync_round
from studio.workflows import IncidentRequest, close_incident, load_texts, open_incident, post_update
from tests.integration.team.helpers import uid_of
from tests.keyring_helpers import KEYRING

Laptop = Callable[[str], Store]
TEXTS = load_texts()
START = now_utc().replace(microsecond=0)


def _only(store: Store, service: str = "") -> Incident:
    (incident,) = [i for i in store.incidents.list_all() if service in i.service]
    return incident


def _thread(store: Store) -> list[tuple[str, str, str | None]]:
    """Each update: its stage, its delivery's key, and the key of the delivery it replies to."""
    found = []
    for update in _only(store, "Wi-Fi").updates:
        (delivery,) = store.posts.get(update.post_id).deliveries
        parent = delivery.reply_to_delivery_id
        key = None if parent is None else store.deliveries.get(parent).idempotency_key
        found.append((update.stage, delivery.idempotency_key, key))
    return found


def test_an_incident_and_its_reply_chain_reach_the_other_laptop_and_continue_there(
    laptop: Laptop, hub: str
) -> None:
    alice, bob = laptop("alice"), laptop("bob")
    alice.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    join_team(bob, KEYRING, hub, "bob")
    with bob.db.write() as conn:  # bob's laptop has an incident of its own: local ids differ from alice's
        conn.execute(
            "INSERT INTO incidents (kind, service, impact, stage, started_at, created_at, updated_at) "
            "VALUES ('maintenance', 'Mail', 'slow', 'announced', ?1, ?1, ?1)",
            (to_db(START),),
        )
    opened = open_incident(
        alice, IncidentRequest("Campus Wi-Fi", "no connection", ("it-masto",)), TEXTS, now=START
    )
    post_update(alice, opened.incident.id, "identified", TEXTS, now=START + timedelta(minutes=10))
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)

    pulled = _only(bob, "Wi-Fi")
    assert pulled.id != opened.incident.id
    # Each laptop's posts of the incident name its own local copy of it.
    assert {bob.posts.get(u.post_id).incident for u in pulled.updates} == {str(pulled.id)}
    assert (pulled.service, pulled.impact, pulled.stage, pulled.is_open) == (
        "Campus Wi-Fi",
        "no connection",
        "identified",
        True,
    )
    assert [bob.accounts.get(a).name for a in pulled.account_ids] == ["it-masto"]
    chain = _thread(bob)
    assert chain == _thread(alice)
    assert chain[1][2] == chain[0][1]  # the second update replies to the first, by the same keys

    # bob continues the thread on his laptop; his update replies to the last one, on both laptops.
    post_update(bob, pulled.id, "monitoring", TEXTS, now=START + timedelta(minutes=20))
    sync_round(bob, KEYRING)
    sync_round(alice, KEYRING)
    assert _thread(alice) == _thread(bob)
    assert [(stage, parent) for stage, _key, parent in _thread(alice)] == [
        ("investigating", None),
        ("identified", chain[0][1]),
        ("monitoring", chain[1][1]),
    ]
    mine = _only(alice, "Wi-Fi")
    assert mine.stage == "monitoring"
    assert {alice.posts.get(u.post_id).incident for u in mine.updates} == {str(mine.id)}
    assert _only(alice, "Mail").updates == ()  # bob's own incident reached alice too


def test_updates_posted_on_two_laptops_apart_add_up_and_a_close_stays(laptop: Laptop, hub: str) -> None:
    alice, bob = laptop("alice"), laptop("bob")
    alice.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    opened = open_incident(
        alice, IncidentRequest("Printing", "queues stuck", ("it-masto",)), TEXTS, now=START
    )
    sync_round(alice, KEYRING)
    join_team(bob, KEYRING, hub, "bob")

    close_incident(alice, opened.incident.id, TEXTS, now=START + timedelta(minutes=30))
    post_update(bob, _only(bob).id, "identified", TEXTS, now=START + timedelta(minutes=40))
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)
    sync_round(alice, KEYRING)

    for store in (alice, bob):
        incident = _only(store)
        assert incident.updates[0].stage == "investigating"
        assert sorted(u.stage for u in incident.updates) == ["identified", "investigating", "resolved"]
        assert (incident.stage, incident.is_open) == ("resolved", False)
    assert {uid_of(alice, u.post_id) for u in _only(alice).updates} == {
        uid_of(bob, u.post_id) for u in _only(bob).updates
    }
