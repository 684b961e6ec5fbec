"""Incidents end to end: the store, the runner and the real publishers against loopback servers.

Every later update must reply in the thread the first one started: on Mastodon by `in_reply_to_id`, on
Bluesky by reply refs whose root is the first update and whose parent is the update before.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from studio.brand import default_kit
from studio.publish.runner import Runner
from studio.store import NewAccount, Store, open_store
from studio.workflows import IncidentRequest, close_incident, load_texts, open_incident, post_update
from tests.keyring_helpers import KEYRING, delete_secret, forget_session, set_secret
from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import PdsInfo


def _bluesky_account(pds: PdsInfo) -> tuple[str, str]:
    handle = f"flows-{secrets.token_hex(3)}.test"
    password = secrets.token_urlsafe(12)
    with httpx.Client(base_url=pds.url, timeout=30) as client:
        made = client.post(
            "/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "password": password, "email": f"{handle}@example.com"},
        )
        made.raise_for_status()
        app = client.post(
            "/xrpc/com.atproto.server.createAppPassword",
            json={"name": "studio"},
            headers={"Authorization": f"Bearer {made.json()['accessJwt']}"},
        )
        app.raise_for_status()
    return handle, str(app.json()["password"])


@pytest.fixture
def store(studio_home: Path, mastodon: MastodonServer, pds: PdsInfo) -> Iterator[Store]:
    """`it-masto` on the Mastodon server and `it-bsky` on the PDS, their credentials in the keyring."""
    handle, app_password = _bluesky_account(pds)
    with open_store(studio_home) as opened:
        masto = opened.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
        bsky = opened.accounts.add(NewAccount("bluesky", "it-bsky", handle=handle, instance_url=pds.url))
        set_secret(masto.id, "test-token")
        set_secret(bsky.id, app_password)
        try:
            yield opened
        finally:
            delete_secret(masto.id)
            delete_secret(bsky.id)
            forget_session(bsky.id)


def _records(pds: PdsInfo, uris: list[str]) -> list[dict[str, object]]:
    out = []
    with httpx.Client(base_url=pds.url, timeout=30) as client:
        for uri in uris:
            repo, collection, rkey = uri.removeprefix("at://").split("/")
            got = client.get(
                "/xrpc/com.atproto.repo.getRecord",
                params={"repo": repo, "collection": collection, "rkey": rkey},
            )
            got.raise_for_status()
            out.append(got.json()["value"])
    return out


def test_an_outage_is_one_thread_on_mastodon_and_bluesky(
    store: Store, mastodon: MastodonServer, pds: PdsInfo
) -> None:
    texts, kit = load_texts(), default_kit()
    request = IncidentRequest(
        service="Campus Wi-Fi", impact="no connection in the library", account_names=("it-masto", "it-bsky")
    )
    opened = open_incident(store, request, texts, card_kit=kit)
    incident_id = opened.incident.id
    assert Runner(store, credentials=KEYRING).run().ok
    long_text = (
        "We found a failed switch in the library and are replacing it; some floors come back first. " * 4
    )
    post_update(store, incident_id, "identified", texts, text=long_text, card_kit=kit)  # a thread on Bluesky
    close_incident(store, incident_id, texts, card_kit=kit)
    report = Runner(store, credentials=KEYRING).run()
    assert report.ok, report.failed
    assert len(report.sent) == 4

    posts = [store.posts.get(u.post_id) for u in store.incidents.get(incident_id).updates]
    # Mastodon: each update replies to the one before, in order
    statuses = mastodon.statuses()
    assert len(statuses) == 3
    assert [s.in_reply_to_id for s in statuses] == [None, statuses[0].id, statuses[1].id]
    # Bluesky: the first update is the root of every later post; each parent is the post before
    bsky = [next(d for d in p.deliveries if d.network == "bluesky") for p in posts]
    uris = [part.remote_id or "" for d in bsky for part in d.parts]
    cids = [part.remote_cid or "" for d in bsky for part in d.parts]
    assert len(uris) == 4  # 1 + a thread of 2 + 1
    records = _records(pds, uris)
    root = {"uri": uris[0], "cid": cids[0]}
    assert "reply" not in records[0]
    for index in range(1, 4):
        assert records[index]["reply"] == {
            "root": root,
            "parent": {"uri": uris[index - 1], "cid": cids[index - 1]},
        }
    # every update carried its status card
    assert all("embed" in r for r in (records[0], records[1], records[3]))


def test_the_thread_goes_on_from_the_last_update_that_went_out(
    store: Store, mastodon: MastodonServer
) -> None:
    texts = load_texts()
    request = IncidentRequest(service="VPN", impact="slow", account_names=("it-masto",))
    incident_id = open_incident(store, request, texts).incident.id
    second = post_update(store, incident_id, "identified", texts).post.deliveries[0]
    first_id = second.reply_to_delivery_id or 0
    store.deliveries.cancel(first_id)  # the first update never went out: the thread starts at the second
    assert Runner(store, credentials=KEYRING).run().ok
    statuses = mastodon.statuses()
    assert [s.in_reply_to_id for s in statuses] == [None]
