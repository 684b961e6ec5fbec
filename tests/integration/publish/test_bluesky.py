"""The Bluesky publisher against the real @atproto/pds on loopback; records are read back to check them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from studio.errors import FinalError
from studio.publish import (
    BlueskyPublisher,
    BlueskySession,
    ImageInput,
    PartInput,
    PostInput,
    ReconnectNeeded,
    Secret,
    SentPart,
    record_key,
)
from tests.integration.publish.conftest import PdsAccount
from tests.servers.pds_process import PdsInfo

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
POST = "app.bsky.feed.post"


class _Sessions:
    """An in-memory session store (the runner's is the keyring)."""

    def __init__(self, session: BlueskySession | None = None) -> None:
        self.session = session
        self.saved = 0

    def load(self) -> BlueskySession | None:
        return self.session

    def save(self, session: BlueskySession) -> None:
        self.session = session
        self.saved += 1


def _publisher(pds: PdsInfo, account: PdsAccount, sessions: _Sessions | None = None) -> BlueskyPublisher:
    return BlueskyPublisher(
        pds.url, account.handle, Secret(account.app_password), account_name="it-news", sessions=sessions
    )


def _post(key: str, *texts: str, images: tuple[ImageInput, ...] = (), **options: str) -> PostInput:
    parts = tuple(PartInput(text, f"{key}-{i}", images if i == 0 else ()) for i, text in enumerate(texts))
    return PostInput(parts, NOW, **options)


def _record(pds: PdsInfo, uri: str) -> dict[str, Any]:
    did, _, rkey = uri.removeprefix("at://").partition(f"/{POST}/")
    answer = httpx.get(
        f"{pds.url}/xrpc/com.atproto.repo.getRecord",
        params={"repo": did, "collection": POST, "rkey": rkey},
    )
    answer.raise_for_status()
    value: dict[str, Any] = answer.json()["value"]
    return value


def _all_posts(pds: PdsInfo, did: str) -> list[dict[str, Any]]:
    answer = httpx.get(
        f"{pds.url}/xrpc/com.atproto.repo.listRecords",
        params={"repo": did, "collection": POST, "limit": "100"},
    )
    answer.raise_for_status()
    records: list[dict[str, Any]] = answer.json()["records"]
    return records


def _slice(text: str, facet: dict[str, Any]) -> str:
    index = facet["index"]
    return text.encode()[index["byteStart"] : index["byteEnd"]].decode()


def test_post_with_facets_images_and_language_reads_back(
    pds: PdsInfo, pds_account: Callable[[str], PdsAccount], jpeg: Callable[..., bytes]
) -> None:
    account, friend = pds_account("news"), pds_account("helpdesk")
    photo = jpeg(80, 40)
    text = f"Ünïcode first 🎉 then @{friend.handle} see https://status.example.edu/x #ITNews @nobody.test"
    images = (ImageInput(photo, "Server room, door open", 80, 40), ImageInput(jpeg(), "Second", 64, 48))
    publisher = _publisher(pds, account)

    [sent] = publisher.publish(_post("d1", text, images=images, language="en"), [], lambda part: None)
    publisher.close()

    record = _record(pds, sent.remote_id)
    assert record["text"] == text
    assert record["langs"] == ["en"]
    features = {
        _slice(text, facet): facet["features"][0] for facet in record["facets"]
    }  # byte offsets point at the right words
    assert features[f"@{friend.handle}"] == {"$type": "app.bsky.richtext.facet#mention", "did": friend.did}
    assert features["https://status.example.edu/x"]["uri"] == "https://status.example.edu/x"
    assert features["#ITNews"] == {"$type": "app.bsky.richtext.facet#tag", "tag": "ITNews"}
    assert "@nobody.test" not in features  # an unknown handle stays plain text
    embed = record["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    assert [i["alt"] for i in embed["images"]] == ["Server room, door open", "Second"]
    assert embed["images"][0]["aspectRatio"] == {"width": 80, "height": 40}
    blob = httpx.get(
        f"{pds.url}/xrpc/com.atproto.sync.getBlob",
        params={"did": account.did, "cid": embed["images"][0]["image"]["ref"]["$link"]},
    )
    assert blob.content == photo
    assert sent.remote_id.endswith("/" + record_key(NOW, 0, "d1-0"))
    assert sent.url == f"https://bsky.app/profile/{account.did}/post/{record_key(NOW, 0, 'd1-0')}"


def test_thread_has_reply_refs_to_root_and_parent(
    pds: PdsInfo, pds_account: Callable[[str], PdsAccount]
) -> None:
    account = pds_account("thread")
    publisher = _publisher(pds, account)
    recorded: list[SentPart] = []

    sent = publisher.publish(_post("d2", "1/3 outage", "2/3 cause", "3/3 fixed"), [], recorded.append)
    publisher.close()

    assert sent == recorded
    records = [_record(pds, part.remote_id) for part in sent]
    assert [r["text"] for r in records] == ["1/3 outage", "2/3 cause", "3/3 fixed"]
    assert "reply" not in records[0]
    root = {"uri": sent[0].remote_id, "cid": sent[0].cid}
    assert records[1]["reply"] == {"root": root, "parent": root}
    assert records[2]["reply"] == {"root": root, "parent": {"uri": sent[1].remote_id, "cid": sent[1].cid}}


def test_retry_after_a_crash_finds_the_records_instead_of_posting_twice(
    pds: PdsInfo, pds_account: Callable[[str], PdsAccount]
) -> None:
    account = pds_account("crash")
    # The store makes each part's TID when the delivery is created; the publisher uses it as given.
    tids = ("3m5aaaaaaaa22", "3m5aaaaaaab22")
    post = PostInput(tuple(PartInput(t, f"d3-{i}", record_key=k) for i, (t, k) in
                           enumerate(zip(("first", "second"), tids, strict=True))), NOW)  # fmt: skip

    class Killed(Exception):
        pass

    def die(part: SentPart) -> None:  # the process "dies" after the record was made, before it was noted
        raise Killed

    crashed = _publisher(pds, account)
    with pytest.raises(Killed):
        crashed.publish(post, [], die)
    crashed.close()
    assert len(_all_posts(pds, account.did)) == 1

    restarted = _publisher(pds, account)
    again = restarted.publish(post, [], lambda part: None)
    restarted.close()

    records = _all_posts(pds, account.did)
    assert sorted(r["value"]["text"] for r in records) == ["first", "second"]
    assert {r["uri"] for r in records} == {part.remote_id for part in again}
    assert [part.remote_id.rsplit("/", 1)[1] for part in again] == list(tids)
    assert _record(pds, again[1].remote_id)["reply"]["parent"]["uri"] == again[0].remote_id


def test_expired_access_token_is_refreshed_and_the_new_session_kept(
    pds: PdsInfo, pds_account: Callable[[str], PdsAccount]
) -> None:
    account = pds_account("refresh")
    sessions = _Sessions()
    first = _publisher(pds, account, sessions)
    assert first.verify().ok
    first.close()
    assert sessions.session is not None
    old = sessions.session
    sessions.session = BlueskySession(
        old.did, old.handle, Secret(_expired(old.access.reveal(), pds)), old.refresh
    )

    publisher = _publisher(pds, account, sessions)
    [sent] = publisher.publish(_post("d4", "after refresh"), [], lambda part: None)
    publisher.close()

    assert _record(pds, sent.remote_id)["text"] == "after refresh"
    assert sessions.saved == 2  # the first login, then the refreshed session
    assert sessions.session.refresh != old.refresh


def test_wrong_app_password_asks_to_reconnect(pds: PdsInfo, pds_account: Callable[[str], PdsAccount]) -> None:
    account = pds_account("wrong")
    publisher = BlueskyPublisher(pds.url, account.handle, Secret("not-the-password"))

    health = publisher.verify()
    with pytest.raises(ReconnectNeeded) as caught:
        publisher.publish(_post("d5", "x"), [], lambda part: None)
    publisher.close()

    assert not health.ok
    assert health.needs_reconnect
    assert "app password" in caught.value.why
    assert "not-the-password" not in caught.value.line()


def test_too_long_post_is_flagged_by_check_and_refused_as_final(
    pds: PdsInfo, pds_account: Callable[[str], PdsAccount], jpeg: Callable[..., bytes]
) -> None:
    account = pds_account("long")
    publisher = _publisher(pds, account)
    long_post = _post("d6", "é" * 1501)  # 1501 graphemes, 3002 bytes
    fields = {(p.part, p.field, p.message.split(",")[0]) for p in publisher.check(long_post)}
    assert fields == {(0, "text", "1501 characters"), (0, "text", "3002 bytes")}
    assert publisher.check(_post("d7", "fine", images=(ImageInput(jpeg(), " ", 64, 48),)))[0].field == (
        "alt text of image 1"
    )

    with pytest.raises(FinalError) as caught:
        publisher.publish(long_post, [], lambda part: None)
    publisher.close()
    assert "refused the post" in caught.value.why
    assert _all_posts(pds, account.did) == []


def _expired(token: str, pds: PdsInfo) -> str:
    """The same access token with its expiry moved into the past, signed with the PDS's own key."""
    header, payload, _ = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["exp"] = int(time.time()) - 60
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    signing_input = f"{header}.{body}".encode()
    signature = hmac.new(pds.jwt_secret.encode(), signing_input, hashlib.sha256).digest()
    return f"{header}.{body}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
