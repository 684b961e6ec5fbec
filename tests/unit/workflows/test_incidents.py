"""Incidents through the real store: threads by reply link, incident mode holds, closing rules."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from studio.errors import InputError, RetryableError
from studio.store import Account, Delivery, DeliveryState, NewPost, PostStatus, Store
from studio.workflows import (
    IncidentKind,
    IncidentRequest,
    IncidentTexts,
    close_incident,
    held_deliveries,
    open_incident,
    post_update,
)
from tests.unit.workflows.conftest import NOW

BERLIN = ZoneInfo("Europe/Berlin")


def _open(store: Store, texts: IncidentTexts, *names: str, kind: IncidentKind = IncidentKind.OUTAGE) -> int:
    request = IncidentRequest(
        service="Campus Wi-Fi",
        impact="no connection in the library",
        account_names=names,
        kind=kind,
        status_url="https://status.example.edu",
    )
    return open_incident(store, request, texts, zone=BERLIN, now=NOW).incident.id


def _promo(store: Store, account: Account, hours: int = 3) -> Delivery:
    post = store.posts.create(
        NewPost("Tech Tip Tuesday", (account.id,), scheduled_at=NOW + timedelta(hours=hours)),
        PostStatus.SCHEDULED,
        at=NOW,
    )
    return post.deliveries[0]


def _send(store: Store, delivery_ids: list[int], parts_per: int = 1) -> None:
    """Publish like the runner does: claim, record each part, mark sent (remote ids made up here)."""
    claimed = store.deliveries.claim_due(NOW + timedelta(days=1), limit=100, claimer="test")
    for d in claimed:
        if d.id not in delivery_ids:
            continue
        for part in d.parts:
            d = store.deliveries.record_part_sent(
                d,
                part.position,
                remote_id=f"id-{d.id}-{part.position}",
                remote_uri=f"at://{d.id}/{part.position}",
            )
        store.deliveries.mark_sent(d, remote_id=f"id-{d.id}", remote_url=f"https://x/{d.id}")
    for d in claimed:  # give the others back as they were
        if d.id not in delivery_ids:
            store.deliveries.mark_retry(d, "not in this test's batch", NOW)


def test_open_posts_the_first_update_with_the_stage_text(
    store: Store, masto: Account, bsky: Account, texts: IncidentTexts
) -> None:
    incident_id = _open(store, texts, "it-masto", "it-bsky")
    incident = store.incidents.get(incident_id)
    assert (incident.stage, incident.is_open, incident.account_ids) == (
        "investigating",
        True,
        (masto.id, bsky.id),
    )
    assert incident.next_update_at == NOW + timedelta(minutes=30)
    post = store.posts.get(incident.updates[0].post_id)
    assert post.status is PostStatus.SCHEDULED
    assert post.incident == str(incident_id)
    assert post.body.splitlines() == [
        "We are investigating a problem with Campus Wi-Fi: no connection in the library.",
        "Next update by 10:30 CET.",
        "Status: https://status.example.edu",
    ]
    assert [d.reply_to_delivery_id for d in post.deliveries] == [None, None]


def test_each_update_replies_to_the_previous_one_on_the_same_account(
    store: Store, masto: Account, bsky: Account, texts: IncidentTexts
) -> None:
    incident_id = _open(store, texts, "it-masto", "it-bsky")
    second = post_update(store, incident_id, "identified", texts, now=NOW + timedelta(minutes=20)).post
    third = post_update(store, incident_id, "monitoring", texts, text="Fixed, watching it.", now=NOW).post
    first = store.posts.get(store.incidents.get(incident_id).updates[0].post_id)
    for earlier, later in ((first, second), (second, third)):
        by_account = {d.account_id: d.id for d in earlier.deliveries}
        assert {d.account_id: d.reply_to_delivery_id for d in later.deliveries} == by_account
    assert third.body == "Fixed, watching it."


def test_reply_target_gives_root_and_parent_parts(store: Store, masto: Account, texts: IncidentTexts) -> None:
    incident_id = _open(store, texts, "it-masto")
    second = post_update(store, incident_id, "identified", texts, now=NOW).post.deliveries[0]
    third = post_update(store, incident_id, "monitoring", texts, now=NOW).post.deliveries[0]
    first = store.deliveries.get(second.reply_to_delivery_id or 0)

    assert store.deliveries.reply_target(first) is None  # the first update starts the thread
    with pytest.raises(RetryableError, match=f"replies to delivery {first.id}, which is not sent yet"):
        store.deliveries.reply_target(second)

    _send(store, [first.id])
    target = store.deliveries.reply_target(second)
    assert target is not None
    assert (target.root.remote_id, target.parent.remote_id) == (f"id-{first.id}-0", f"id-{first.id}-0")

    _send(store, [second.id])
    target = store.deliveries.reply_target(third)
    assert target is not None
    assert (target.root.remote_uri, target.parent.remote_uri) == (f"at://{first.id}/0", f"at://{second.id}/0")


def test_a_failed_update_is_skipped_and_the_thread_goes_on(
    store: Store, masto: Account, texts: IncidentTexts
) -> None:
    incident_id = _open(store, texts, "it-masto")
    second = post_update(store, incident_id, "identified", texts, now=NOW).post.deliveries[0]
    third = post_update(store, incident_id, "monitoring", texts, now=NOW).post.deliveries[0]
    first_id = second.reply_to_delivery_id or 0
    _send(store, [first_id])
    claimed = [
        d
        for d in store.deliveries.claim_due(NOW + timedelta(days=1), limit=10, claimer="t")
        if d.id == second.id
    ]
    store.deliveries.mark_final_failure(claimed[0], "rejected by the server")
    target = store.deliveries.reply_target(third)
    assert target is not None
    assert target.parent.remote_id == f"id-{first_id}-0"


def test_incident_mode_holds_promotions_on_its_accounts_only(
    store: Store, masto: Account, bsky: Account, texts: IncidentTexts
) -> None:
    on_masto = _promo(store, masto)
    on_bsky = _promo(store, bsky)
    incident_id = _open(store, texts, "it-masto")
    assert [d.id for d in held_deliveries(store, incident_id)] == [on_masto.id]
    assert store.deliveries.get(on_masto.id).state is DeliveryState.HELD
    assert store.deliveries.get(on_bsky.id).state is DeliveryState.QUEUED

    later = _promo(store, masto, hours=5)  # added during the incident: the next update holds it too
    result = post_update(store, incident_id, "identified", texts, now=NOW)
    assert result.held == (later.id,)

    closed = close_incident(store, incident_id, texts, now=NOW + timedelta(hours=1))
    assert sorted(closed.released) == sorted([on_masto.id, later.id])
    assert store.deliveries.get(on_masto.id).state is DeliveryState.QUEUED
    assert store.deliveries.get(on_masto.id).due_at == NOW + timedelta(hours=3)  # kept its own time
    assert held_deliveries(store, incident_id) == []


def test_maintenance_holds_nothing(store: Store, masto: Account, texts: IncidentTexts) -> None:
    promo = _promo(store, masto)
    _open(store, texts, "it-masto", kind=IncidentKind.MAINTENANCE)
    assert store.deliveries.get(promo.id).state is DeliveryState.QUEUED


def test_a_second_open_outage_keeps_holding_its_accounts(
    store: Store, masto: Account, bsky: Account, texts: IncidentTexts
) -> None:
    promo = _promo(store, masto)
    first = _open(store, texts, "it-masto")
    second = _open(store, texts, "it-masto", "it-bsky")
    assert close_incident(store, first, texts, now=NOW).released == ()
    assert store.deliveries.get(promo.id).state is DeliveryState.HELD
    assert [d.id for d in held_deliveries(store, second)] == [promo.id]
    assert close_incident(store, second, texts, now=NOW).released == (promo.id,)


def test_close_posts_the_final_update_and_the_incident_stays_closed(
    store: Store, masto: Account, texts: IncidentTexts
) -> None:
    incident_id = _open(store, texts, "it-masto")
    result = close_incident(store, incident_id, texts, text="All good again.", now=NOW)
    incident = result.incident
    assert (incident.is_open, incident.stage, incident.next_update_at) == (False, "resolved", None)
    assert [u.stage for u in incident.updates] == ["investigating", "resolved"]
    assert result.post.body == "All good again."
    with pytest.raises(InputError, match=f"incident {incident_id}: is closed"):
        post_update(store, incident_id, "monitoring", texts, now=NOW)
    with pytest.raises(InputError, match="is closed"):
        close_incident(store, incident_id, texts, now=NOW)


def test_the_final_stage_by_update_closes_too(store: Store, masto: Account, texts: IncidentTexts) -> None:
    incident_id = _open(store, texts, "it-masto", kind=IncidentKind.MAINTENANCE)
    post_update(store, incident_id, "starting", texts, now=NOW)
    done = post_update(store, incident_id, "complete", texts, now=NOW).incident
    assert not done.is_open
    assert store.incidents.get(incident_id).closed_at == NOW


def test_maintenance_cannot_be_closed_before_it_started(
    store: Store, masto: Account, texts: IncidentTexts
) -> None:
    incident_id = _open(store, texts, "it-masto", kind=IncidentKind.MAINTENANCE)
    with pytest.raises(
        InputError, match="close 'complete': a maintenance cannot go from announced to complete"
    ):
        close_incident(store, incident_id, texts, now=NOW)
    assert store.incidents.get(incident_id).is_open


def test_bad_input_leaves_nothing_behind(store: Store, masto: Account, texts: IncidentTexts) -> None:
    request = IncidentRequest(service="Wi-Fi", impact="down", account_names=("it-masto", "nobody"))
    with pytest.raises(InputError, match="nobody"):
        open_incident(store, request, texts, now=NOW)
    assert store.incidents.list_all() == []
    assert store.posts.count() == 0
    for bad, message in (
        (IncidentRequest(service=" ", impact="down", account_names=("it-masto",)), "--service: is empty"),
        (IncidentRequest(service="Wi-Fi", impact="", account_names=("it-masto",)), "--impact: is empty"),
        (IncidentRequest(service="Wi-Fi", impact="x", account_names=()), "at least one account"),
        (
            IncidentRequest(
                service="Wi-Fi", impact="x", account_names=("it-masto",), status_url="status.edu"
            ),
            "not a web address",
        ),
        (
            IncidentRequest(service="Wi-Fi", impact="x", account_names=("it-masto",), next_update_minutes=-5),
            "is negative",
        ),
        (
            IncidentRequest(service="Wi-Fi", impact="x", account_names=("it-masto",), text="  "),
            "text is empty",
        ),
    ):
        with pytest.raises(InputError, match=message):
            open_incident(store, bad, texts, now=NOW)
    assert store.incidents.list_all() == []
    assert store.posts.count() == 0


def test_updates_go_out_now_even_when_review_is_on(
    store: Store, masto: Account, texts: IncidentTexts
) -> None:
    store.settings.update(solo_mode=False)
    incident_id = _open(store, texts, "it-masto")
    post = store.posts.get(store.incidents.get(incident_id).updates[0].post_id)
    assert post.status is PostStatus.SCHEDULED


def test_no_promise_means_no_next_update_line(store: Store, masto: Account, texts: IncidentTexts) -> None:
    incident_id = _open(store, texts, "it-masto")
    result = post_update(store, incident_id, "monitoring", texts, next_update_minutes=0, now=NOW)
    assert result.incident.next_update_at is None
    assert "Next update" not in result.post.body


def test_a_long_update_becomes_a_thread_where_the_network_needs_it(
    store: Store, masto: Account, bsky: Account, texts: IncidentTexts
) -> None:
    incident_id = _open(store, texts, "it-masto", "it-bsky")
    long_text = "The storage array is rebuilding; some files are read-only until it finishes. " * 5
    post = post_update(store, incident_id, "identified", texts, text=long_text, now=NOW).post
    by_network = {d.network: d for d in post.deliveries}
    assert len(by_network["mastodon"].parts) == 1  # 390 characters fit in 500
    assert len(by_network["bluesky"].parts) == 2  # more than 300 graphemes
    assert by_network["bluesky"].parts[0].text.endswith("1/2")
    assert by_network["bluesky"].reply_to_delivery_id is not None


def test_a_promotion_scheduled_between_updates_is_held_before_any_runner_sends_it(
    store: Store, masto: Account, bsky: Account, texts: IncidentTexts
) -> None:
    incident_id = _open(store, texts, "it-masto")
    sneaky = store.posts.create(NewPost("Buy a hoodie", (masto.id,)), PostStatus.SCHEDULED, at=NOW)
    other = store.posts.create(NewPost("Other account", (bsky.id,)), PostStatus.SCHEDULED, at=NOW)
    claimed = store.deliveries.claim_due(NOW + timedelta(minutes=1), limit=10, claimer="runner")
    claimed_posts = {d.post_id for d in claimed}
    assert sneaky.id not in claimed_posts
    assert other.id in claimed_posts
    assert store.deliveries.get(sneaky.deliveries[0].id).state is DeliveryState.HELD
    assert sneaky.deliveries[0].id in [d.id for d in held_deliveries(store, incident_id)]
    # a long outage: the late window passes, yet the held promotion is not marked missed
    assert store.deliveries.mark_overdue_missed(NOW + timedelta(hours=5), timedelta(hours=2)) == []
    assert close_incident(store, incident_id, texts, now=NOW).released == (sneaky.deliveries[0].id,)
