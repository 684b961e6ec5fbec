"""Studio's Bluesky listener against a real Bluesky network on loopback (PLC, PDS and the AppView): another
account replies to, mentions, quotes, likes and reposts a post Studio published; the listener reads the
inbox (`listNotifications`, proxied by the PDS) and the counts (`getPosts`) with the stored app password."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from studio.listen.bluesky import BlueskyListener
from studio.listen.model import RateLimited
from studio.publish import BlueskyPublisher, PartInput, PostInput, Secret, SentPart
from studio.publish.base import ReconnectNeeded
from studio.publish.sessions import StoredSessions
from studio.store import NewAccount, open_store
from tests.integration.listen.conftest import BskyStudio
from tests.keyring_helpers import KEYRING, delete_secret, forget_session, set_secret
from tests.servers.bsky_actor import BskyActor, Ref
from tests.servers.bsky_network import BskyNetwork

SUPPORT = "what's your password policy, my student ID is 20231234"


def _publish(studio: BskyStudio, key: str, text: str) -> SentPart:
    """A post through Studio's own publisher, as the runner sends a delivery."""
    account = studio.account
    publisher = BlueskyPublisher(
        account.instance_url, account.handle, Secret(studio.actor.app_password), account_name=account.name,
        sessions=StoredSessions(KEYRING, account.id),
    )  # fmt: skip
    try:
        [sent] = publisher.publish(PostInput((PartInput(text, key),), datetime.now(UTC)), [], lambda _: None)
    finally:
        publisher.close()
    return sent


def _listener(studio: BskyStudio, **options: int) -> BlueskyListener:
    return BlueskyListener(studio.account, KEYRING, studio.home, **options)


def test_reply_mention_and_quote_reach_the_inbox_and_the_counts_add_up(
    bsky_network: BskyNetwork, bsky_studio: BskyStudio, bsky_actor: Callable[[str], BskyActor]
) -> None:
    ours = _publish(bsky_studio, "d1", "Wi-Fi maintenance tonight 22:00-23:00 in the library")
    gone = _publish(bsky_studio, "d2", "Posted by mistake")
    ref = Ref(ours.remote_id, ours.cid)
    kim = bsky_actor("kim")
    reply = kim.post("Will eduroam be down too?", reply_to=ref)
    mention = kim.post(f"@{bsky_studio.actor.handle} {SUPPORT}", mention=bsky_studio.actor)
    quote = kim.post("Good to know, thanks", quote=ref)
    kim.like(ref)
    kim.repost(ref)
    bsky_studio.actor.delete(gone.remote_id)
    bsky_network.process_all()

    listener = _listener(bsky_studio)
    try:
        page = listener.fetch(None)
        counts = listener.counts([ours.remote_id, gone.remote_id, "https://bsky.app/not-a-post"])
    finally:
        listener.close()

    items = {m.kind: m for m in page.items}
    assert sorted(items) == ["mention", "quote", "reply"]
    assert len(page.items) == 3
    assert items["reply"].remote_id == reply.uri
    assert items["reply"].cid == reply.cid
    assert items["reply"].in_reply_to == ours.remote_id
    assert (items["reply"].thread_root, items["reply"].root_cid) == (ours.remote_id, ours.cid)
    assert items["reply"].text == "Will eduroam be down too?"
    assert items["mention"].remote_id == mention.uri
    assert items["mention"].in_reply_to is None
    assert items["mention"].text.endswith(SUPPORT)
    assert (items["mention"].thread_root, items["mention"].root_cid) == (mention.uri, mention.cid)
    assert items["quote"].remote_id == quote.uri
    assert items["quote"].in_reply_to == ours.remote_id
    for item in page.items:
        assert item.network == "bluesky"
        assert item.author_handle == kim.handle
        assert item.url == f"https://bsky.app/profile/{kim.did}/post/{item.remote_id.rsplit('/', 1)[1]}"
        assert item.created_at.tzinfo is not None
    assert page.cursor is not None
    assert page.cursor.startswith(str(datetime.now(UTC).year))

    mine = counts[ours.remote_id]
    assert mine is not None
    assert (mine.likes, mine.reposts, mine.replies, mine.quotes) == (1, 1, 1, 1)
    assert counts[gone.remote_id] is None  # deleted: the AppView no longer returns it
    assert counts["https://bsky.app/not-a-post"] is None  # not a post's address: never sent
    assert listener.calls == 2  # one page of notifications, one getPosts call for the two URIs


def test_cursor_pages_back_to_the_newest_seen_and_then_forward(
    bsky_network: BskyNetwork, bsky_studio: BskyStudio, bsky_actor: Callable[[str], BskyActor]
) -> None:
    ours = _publish(bsky_studio, "d1", "Printing is back in all labs")
    ref = Ref(ours.remote_id, ours.cid)
    lee = bsky_actor("lee")
    first = [lee.post(f"Reply {n}", reply_to=ref).uri for n in range(3)]
    bsky_network.process_all()
    listener = _listener(bsky_studio, page_size=2)  # small pages, so paging back is walked for real
    try:
        newest = listener.fetch(None)
        assert [m.remote_id for m in newest.items] == first[:0:-1]  # the newest page only: 2 of 3
        assert newest.cursor is not None
        again = listener.fetch(newest.cursor)  # nothing new: only what was indexed at the cursor's time
        assert {m.remote_id for m in again.items} <= {first[2]}
        assert again.cursor == newest.cursor

        later = [lee.post(f"Later {n}", reply_to=ref).uri for n in range(3)]
        bsky_network.process_all()
        calls = listener.calls
        page = listener.fetch(newest.cursor)
    finally:
        listener.close()
    assert set(later) <= {m.remote_id for m in page.items} <= set(later) | {first[2]}
    # Three new ones and the one at the cursor's time in pages of two; it stops at the first page that reaches
    # past the cursor, never walking back to the start.
    assert 2 <= listener.calls - calls <= 3
    assert page.cursor is not None
    assert page.cursor > newest.cursor


def test_signs_in_with_the_stored_app_password_and_keeps_the_session(bsky_studio: BskyStudio) -> None:
    listener = _listener(bsky_studio)
    try:
        assert listener.counts([]) == {}  # nothing to ask: no call at all
        listener.fetch(None)
    finally:
        listener.close()
    kept = StoredSessions(KEYRING, bsky_studio.account.id).load()
    assert kept is not None
    assert kept.handle == bsky_studio.actor.handle


class _Limited(BaseHTTPRequestHandler):
    """A stand-in for the AppView's rate limit (dev-env enforces none): signs in, then answers 429."""

    headers_429: ClassVar[dict[str, str]] = {}

    def do_POST(self) -> None:
        session = {"did": "did:plc:studiotest", "handle": "it.test", "accessJwt": "a", "refreshJwt": "r"}
        self._send(200, session)

    def do_GET(self) -> None:
        self._send(429, {"error": "RateLimitExceeded"}, self.headers_429)

    def _send(self, status: int, body: dict[str, str], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def limited_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Limited)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.parametrize("reset_in", [600, None])
def test_429_becomes_rate_limited_until_the_reset(
    studio_home: Path, limited_server: str, reset_in: int | None
) -> None:
    now = int(datetime.now(UTC).timestamp())
    _Limited.headers_429 = {} if reset_in is None else {"ratelimit-reset": str(now + reset_in)}
    with open_store(studio_home) as store:
        account = store.accounts.add(
            NewAccount("bluesky", "it-bsky", handle="it.test", instance_url=limited_server)
        )
    set_secret(account.id, "app-pass-word-test")
    listener = BlueskyListener(account, KEYRING, studio_home, clock=lambda: now)
    try:
        with pytest.raises(RateLimited) as inbox:
            listener.fetch(None)
        with pytest.raises(RateLimited) as counts:
            listener.counts(["at://did:plc:studiotest/app.bsky.feed.post/3kabc"])
    finally:
        listener.close()
        delete_secret(account.id)
        forget_session(account.id)
    wait = 300 if reset_in is None else reset_in  # no reset header: five minutes
    for raised in (inbox.value, counts.value):
        assert raised.until == datetime.fromtimestamp(now + wait, UTC)
        assert "Bluesky account 'it-bsky'" in str(raised)
        assert "\n" not in str(raised)


def test_an_account_without_its_app_password_asks_to_reconnect(studio_home: Path) -> None:
    with open_store(studio_home) as store:
        account = store.accounts.add(NewAccount("bluesky", "it-bsky", handle="it.test"))
    forget_session(account.id)
    with pytest.raises(ReconnectNeeded, match="studio accounts reconnect it-bsky"):
        BlueskyListener(account, KEYRING, studio_home)


def test_a_damaged_cursor_reads_as_the_newest_page(
    bsky_network: BskyNetwork, bsky_studio: BskyStudio, bsky_actor: Callable[[str], BskyActor]
) -> None:
    ours = _publish(bsky_studio, "d1", "Lab hours change next week")
    reply = bsky_actor("sam").post("Which labs?", reply_to=Ref(ours.remote_id, ours.cid))
    bsky_network.process_all()
    listener = _listener(bsky_studio)
    try:
        page = listener.fetch("not-a-time")
    finally:
        listener.close()
    assert [m.remote_id for m in page.items] == [reply.uri]
    assert page.cursor is not None
    assert page.cursor != "not-a-time"
