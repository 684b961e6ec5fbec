"""A hostile Bluesky PDS (issue 12 item 2): the real PDS cannot be made to lie, so a small XRPC server on
loopback answers createSession, getRecord and createRecord with the JSON each test gives it. An answer whose
post address, CID or DID Studio cannot use is a bad answer (retryable), and nothing is recorded as sent."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from studio.errors import RetryableError
from studio.publish import BlueskyPublisher, PartInput, PostInput, Secret, SentPart

DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
CID = "bafyreib2rxk3rh6kzwq4jcaqlcatu4dmf6kjm7bplplx7ylemdnenb2zhe"
GOOD = {"uri": f"at://{DID}/app.bsky.feed.post/3l3qo2vutsw2b", "cid": CID}


class _HostilePds:
    """Answers each XRPC method with the JSON in `answers` (createRecord's answer is set per test)."""

    def __init__(self) -> None:
        self.answers: dict[str, tuple[int, object]] = {
            "com.atproto.server.createSession": (
                200,
                {"did": DID, "handle": "news.test", "accessJwt": "access", "refreshJwt": "refresh"},
            ),
            "com.atproto.repo.getRecord": (400, {"error": "RecordNotFound", "message": "Could not locate"}),
            "com.atproto.repo.createRecord": (200, GOOD),
        }
        self.created = 0
        pds = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer()

            def _answer(self) -> None:
                nsid = self.path.split("?")[0].removeprefix("/xrpc/")
                status, payload = pds.answers.get(nsid, (404, {"error": "MethodNotImplemented"}))
                if nsid == "com.atproto.repo.createRecord":
                    pds.created += 1
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)


@pytest.fixture
def hostile() -> Iterator[_HostilePds]:
    pds = _HostilePds()
    yield pds
    pds.stop()


def _publish(pds: _HostilePds, recorded: list[SentPart]) -> list[SentPart]:
    publisher = BlueskyPublisher(pds.url, "news.test", Secret("app-password"), account_name="it-bsky")
    try:
        post = PostInput(
            (PartInput("Printers are back", "delivery-3-part-0"),), datetime(2026, 3, 1, tzinfo=UTC)
        )
        return publisher.publish(post, [], recorded.append)
    finally:
        publisher.close()


@pytest.mark.parametrize(
    "answer",
    [
        {"uri": "javascript:alert(1)//", "cid": CID},
        {"uri": f"at://{DID}/app.bsky.feed.post/x/../../evil", "cid": CID},
        {"uri": "at://javascript:alert(1)/app.bsky.feed.post/3l3qo2vutsw2b", "cid": CID},
        {"uri": "at://evil.example?x=/app.bsky.feed.post/3l3qo2vutsw2b", "cid": CID},
        {"uri": 12345, "cid": CID},
        {"uri": None, "cid": CID},
        {"cid": CID},
        {"uri": GOOD["uri"], "cid": None},
        {"uri": GOOD["uri"], "cid": "<script>"},
        {"uri": GOOD["uri"]},
    ],
    ids=repr,
)
def test_a_record_answer_studio_cannot_use_is_a_bad_answer(hostile: _HostilePds, answer: object) -> None:
    hostile.answers["com.atproto.repo.createRecord"] = (200, answer)
    recorded: list[SentPart] = []

    with pytest.raises(RetryableError) as caught:
        _publish(hostile, recorded)

    assert recorded == []
    assert "sent a bad answer" in caught.value.why


@pytest.mark.parametrize(
    "did", [None, 7, "javascript:alert(1)", "did:plc:abc/../x", "did:web:evil.example?x"]
)
def test_a_session_with_a_did_studio_cannot_use_is_a_bad_answer(hostile: _HostilePds, did: object) -> None:
    session = {"did": did, "handle": "news.test", "accessJwt": "access", "refreshJwt": "refresh"}
    hostile.answers["com.atproto.server.createSession"] = (200, session)
    recorded: list[SentPart] = []

    with pytest.raises(RetryableError, match="is not a DID Studio can use"):
        _publish(hostile, recorded)

    assert (recorded, hostile.created) == ([], 0)


def test_a_good_answer_becomes_a_bsky_app_link(hostile: _HostilePds) -> None:
    recorded: list[SentPart] = []

    [sent] = _publish(hostile, recorded)

    assert sent == SentPart(0, GOOD["uri"], f"https://bsky.app/profile/{DID}/post/3l3qo2vutsw2b", CID)
    assert recorded == [sent]
