"""A loopback HTTP server that speaks the part of Mastodon's REST API Studio uses, with faults on demand.

No real Mastodon server can be installed on the test machines (apt, npm and PyPI have none), so this follows
Mastodon's documented API (docs.joinmastodon.org, methods/statuses, methods/media, methods/instance,
api/rate-limits):

- `GET /api/v2/instance`: `configuration.statuses` / `configuration.media_attachments` limits.
- `GET /api/v1/accounts/verify_credentials`: the token's account, or 401 `The access token is invalid`.
- `POST /api/v2/media` (multipart `file`, `description`, `focus`): 200 with a URL when processed at once,
  202 with `url: null` while processing; `GET /api/v1/media/:id` answers 206 until done, then 200.
- `POST /api/v1/statuses` (form or JSON): `status`, `media_ids[]`, `spoiler_text`, `visibility`, `language`,
  `in_reply_to_id`; the `Idempotency-Key` header is honoured per account the way Mastodon does it: a repeat
  within the hour returns the status created the first time instead of a new one.
- `GET /api/v1/statuses/:id`, `GET /api/v1/statuses/:id/source` (the text as sent), and
  `GET /api/v1/accounts/:id/statuses` (newest first, `limit` up to 40).
- Every answer carries `X-RateLimit-Limit/Remaining/Reset`; a 429 carries a reset time in ISO 8601.
- Signing in: `POST /api/v1/apps`, `GET /oauth/authorize` (authorized at once, as if a person pressed
  Authorize) and `POST /oauth/token`, with Doorkeeper's errors (`mastodon_oauth.py`).
- Listening (`mastodon_listen.py`): notifications, favourites, reblogs, counts, quotes and deleting a status;
  `add_token(token, username)` makes the other accounts that mention, answer, favourite and reblog.

It is a real HTTP server on 127.0.0.1 (any free port), run in a thread; state lives in memory. Faults are
queued with `fail_next(...)` and are consumed one request at a time, so a test says exactly what goes wrong.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.servers import mastodon_listen, mastodon_oauth
from tests.servers.mastodon_state import (
    Fault,
    Media,
    State,
    Status,
    account_json,
    media_json,
    opt,
    parse_multipart,
    parse_params,
    status_json,
    validate_status,
)
from tests.servers.tripwire import Tripwires

__all__ = ["Fault", "MastodonServer", "Status"]


class MastodonServer:
    """A Mastodon-API server on 127.0.0.1; use as a context manager or call start()/stop()."""

    def __init__(self, *, token: str = "test-token", username: str = "studio", port: int = 0) -> None:
        self.state = State(tokens={token: username})
        self.lock = threading.Lock()
        self.tripwires = Tripwires()  # crash points: SIGKILL the client at a chosen request (tripwire.py)
        # port 0: any free one; a given port lets a test bring a server "back" where it was
        self._httpd = _Server(("127.0.0.1", port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="mastodon-server", daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL, e.g. `http://127.0.0.1:41234`."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> MastodonServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def __enter__(self) -> MastodonServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- controls for tests -------------------------------------------------------------------------------
    def fail_next(self, *faults: Fault) -> None:
        """Queue faults; each is used by the next request matching its method and path prefix."""
        with self.lock:
            self.state.faults.extend(faults)

    def add_token(self, token: str, username: str) -> None:
        with self.lock:
            self.state.tokens[token] = username

    def revoke(self, token: str) -> None:
        with self.lock:
            self.state.tokens.pop(token, None)

    def refuse_app_registration(self) -> None:
        """Answer `POST /api/v1/apps` with 404, as a server that lets no app register itself."""
        with self.lock:
            self.state.oauth.apps_enabled = False

    def deny_authorization(self) -> None:
        """The authorize page answers as if the person pressed Deny."""
        with self.lock:
            self.state.oauth.approve = False

    def issued_tokens(self) -> list[str]:
        """Every token `POST /oauth/token` gave out, in order."""
        with self.lock:
            return list(self.state.oauth.issued_tokens)

    def set_processing_polls(self, polls: int) -> None:
        """Each new image answers 206 this many times (-1: for ever) before it is processed."""
        with self.lock:
            self.state.processing_polls = polls

    def statuses(self) -> list[Status]:
        with self.lock:
            return list(self.state.statuses)

    def media_description(self, media_id: str) -> tuple[str, tuple[float, float] | None, bytes]:
        with self.lock:
            media = self.state.media[media_id]
            return media.description, media.focus, media.data

    def requests(self) -> list[tuple[str, str, dict[str, str]]]:
        """(method, path, headers) of every request so far, in order."""
        with self.lock:
            return list(self.state.requests)

    def status_url(self, status: Status) -> str:
        return f"{self.url}/@{status.account}/{status.id}"


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client killed mid-request (the crash test) is expected; anything else is a bug worth seeing.
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)


def _handler_for(server: MastodonServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        app = server

    return Handler


class _Handler(BaseHTTPRequestHandler):
    app: MastodonServer
    _overlay: Any = None  # a "tamper" fault's keys, laid over this request's JSON answer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stall

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        return

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    # --- plumbing ---------------------------------------------------------------------------------------
    def _dispatch(self, method: str) -> None:
        path = urllib.parse.urlsplit(self.path).path
        self._overlay = None
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        app = self.app
        if app.tripwires.trip(method, path, body, "received"):
            self._hang_up()
            return
        if app.state.latency:
            time.sleep(app.state.latency)
        with app.lock:
            app.state.requests.append((method, path, dict(self.headers.items())))
            fault = _take_fault(app.state.faults, method, path)
        if fault is not None:
            if fault.kind == "slow":
                time.sleep(fault.seconds)
            elif fault.kind == "drop":
                self._drop()
                return
            elif fault.kind == "500":
                self._json(500, {"error": "Internal server error"})
                return
            elif fault.kind == "429":
                reset = datetime.now(UTC) + timedelta(seconds=fault.seconds)
                self._json(429, {"error": "Too many requests"}, reset=reset, remaining=0)
                return
            elif fault.kind == "expired":
                self._json(401, {"error": "The access token is invalid"})
                return
            elif fault.kind == "answer":
                self._json(fault.status, fault.payload, headers=fault.headers)
                return
            elif fault.kind == "huge":
                self._huge(fault)
                return
            elif fault.kind == "tamper":
                self._overlay = fault.payload
        if self._oauth(method, path, body):
            return
        account = self._account()
        if path == "/api/v2/instance" and method == "GET":
            self._instance()
            return
        if account is None:
            self._json(401, {"error": "The access token is invalid"})
            return
        if mastodon_listen.handle(self, method, path, account, body):  # notifications, favourites, ...
            return
        if path == "/api/v1/accounts/verify_credentials" and method == "GET":
            self._json(200, account_json(account, self._base()))
        elif path == "/api/v2/media" and method == "POST":
            self._upload(body)
        elif path.startswith("/api/v1/media/") and method == "GET":
            self._media_get(path.rsplit("/", 1)[1])
        elif path == "/api/v1/statuses" and method == "POST":
            self._create_status(account, body, drop=fault is not None and fault.kind == "drop-after-create")
        elif path.startswith("/api/v1/accounts/") and path.endswith("/statuses") and method == "GET":
            self._account_statuses(path.split("/")[4])
        elif path.startswith("/api/v1/statuses/") and path.endswith("/source") and method == "GET":
            self._status_get(path.split("/")[4], source=True)
        elif path.startswith("/api/v1/statuses/") and method == "GET":
            self._status_get(path.rsplit("/", 1)[1])
        else:
            self._json(404, {"error": "Record not found"})

    def _oauth(self, method: str, path: str, body: bytes) -> bool:
        """Answer the sign-in endpoints (no token needed); False for any other request."""
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        content_type = self.headers.get("Content-Type", "")
        state = self.app.state
        with self.app.lock:
            if (method, path) == ("POST", "/api/v1/apps"):
                reply = mastodon_oauth.register_app(state.oauth, parse_params(content_type, body))
            elif (method, path) == ("GET", "/oauth/authorize"):
                reply = mastodon_oauth.authorize(
                    state.oauth, query, next(iter(state.tokens.values()), "studio")
                )
            elif (method, path) == ("GET", "/oauth/authorize/native"):
                reply = mastodon_oauth.native_page(query)
            elif (method, path) == ("POST", "/oauth/token"):
                params = parse_params(content_type, body)
                reply, _ = mastodon_oauth.token(
                    state.oauth, params, self.headers.get("Authorization", ""), state.tokens
                )
            else:
                return False
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)
        return True

    def _account(self) -> str | None:
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Bearer "):
            return None
        with self.app.lock:
            return self.app.state.tokens.get(auth.removeprefix("Bearer "))

    def _base(self) -> str:
        return self.app.url

    def _json(
        self,
        status: int,
        payload: object,
        *,
        reset: datetime | None = None,
        remaining: int | None = None,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        if self._overlay is not None and status < 300:
            payload = _laid_over(payload, self._overlay)
            self._overlay = None
        data = json.dumps(payload).encode()
        limit = self.app.state.rate_limit
        reset = reset or (datetime.now(UTC) + timedelta(minutes=5))
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-RateLimit-Limit", str(limit))
        self.send_header("X-RateLimit-Remaining", str(limit - 1 if remaining is None else remaining))
        self.send_header("X-RateLimit-Reset", reset.isoformat(timespec="milliseconds").replace("+00:00", "Z"))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _huge(self, fault: Fault) -> None:
        """A valid JSON object of `fault.size` bytes, written in 64 KiB pieces until the client hangs up."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        for name, value in fault.headers:
            self.send_header(name, value)
        chunked = "content-length" not in {name.lower() for name, _ in fault.headers}
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for piece in _json_of_size(fault.size):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            return  # the client stopped reading, as a client that caps its reads does

    def _hang_up(self) -> None:
        """The client was killed: close without an answer (its socket may be gone already)."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(2)

    def _drop(self) -> None:
        self.close_connection = True
        self.connection.shutdown(2)  # socket.SHUT_RDWR: the client sees the connection close, no answer

    # --- endpoints ---------------------------------------------------------------------------------------
    def _instance(self) -> None:
        state = self.app.state
        self._json(
            200,
            {
                "domain": "127.0.0.1",
                "title": "Studio test server",
                "version": "4.3.0 (compatible; Studio test server)",
                "configuration": {
                    "statuses": {
                        "max_characters": state.max_characters,
                        "max_media_attachments": state.max_media,
                        "characters_reserved_per_url": 23,
                    },
                    "media_attachments": {
                        "supported_mime_types": ["image/jpeg", "image/png", "image/webp"],
                        "image_size_limit": 16_777_216,
                        "image_matrix_limit": 33_177_600,
                        "description_limit": 1500,
                    },
                },
            },
        )

    def _upload(self, body: bytes) -> None:
        fields, files = parse_multipart(self.headers.get("Content-Type", ""), body)
        if "file" not in files:
            self._json(422, {"error": "Validation failed: File can't be blank"})
            return
        data, content_type = files["file"]
        focus = None
        if fields.get("focus"):
            x, y = (float(v) for v in fields["focus"].split(","))
            focus = (x, y)
        with self.app.lock:
            state = self.app.state
            state.next_id += 1
            media = Media(
                str(state.next_id),
                data,
                content_type,
                fields.get("description", ""),
                focus,
                state.processing_polls,
            )
            state.media[media.id] = media
        ready = media.polls_left == 0
        self._json(200 if ready else 202, media_json(media, self._base(), ready=ready))

    def _media_get(self, media_id: str) -> None:
        with self.app.lock:
            media = self.app.state.media.get(media_id)
            if media is not None and media.polls_left > 0:
                media.polls_left -= 1
                ready = False
            else:
                ready = media is not None and media.polls_left == 0
        if media is None:
            self._json(404, {"error": "Record not found"})
            return
        self._json(200 if ready else 206, media_json(media, self._base(), ready=ready))

    def _create_status(self, account: str, body: bytes, *, drop: bool) -> None:
        params = parse_params(self.headers.get("Content-Type", ""), body)
        text = str(params.get("status") or "")
        media_ids = [str(m) for m in params.get("media_ids", [])]
        key = self.headers.get("Idempotency-Key")
        now = time.monotonic()
        with self.app.lock:
            state = self.app.state
            if key:
                seen = state.idempotency.get((account, key))
                if seen is not None and now - seen[0] < state.idempotency_ttl:
                    existing = next(s for s in state.statuses if s.id == seen[1])
                    payload: dict[str, Any] | None = status_json(existing, state, self._base())
                else:
                    payload = None
            else:
                payload = None
            if payload is None:
                error = validate_status(state, text, media_ids, params)
                if error is not None:
                    status_code, message = error
                else:
                    state.next_id += 1
                    status = Status(
                        id=str(state.next_id),
                        account=account,
                        text=text,
                        spoiler_text=str(params.get("spoiler_text") or ""),
                        visibility=str(params.get("visibility") or "public"),
                        language=opt(params.get("language")),
                        in_reply_to_id=opt(params.get("in_reply_to_id")),
                        quote_id=opt(params.get("quoted_status_id")),
                        media_ids=media_ids,
                        idempotency_key=key,
                        created_at=datetime.now(UTC)
                        .isoformat(timespec="milliseconds")
                        .replace("+00:00", "Z"),
                    )
                    state.statuses.append(status)
                    mastodon_listen.on_new_status(state, status)
                    if key:
                        state.idempotency[(account, key)] = (now, status.id)
                    payload = status_json(status, state, self._base())
        if payload is None:
            self._json(status_code, {"error": message})
            return
        if drop:
            self._drop()
            return
        if self.app.tripwires.trip("POST", "/api/v1/statuses", body, "committed"):
            self._hang_up()  # the status exists; the killed client never hears of it
            return
        if self.app.state.answer_delay:
            time.sleep(self.app.state.answer_delay)  # made, but the client does not know yet
        self._json(200, payload)

    def _account_statuses(self, account_id: str) -> None:
        limit = int(dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)).get("limit", 20))
        with self.app.lock:
            state = self.app.state
            mine = [s for s in reversed(state.statuses) if s.account == account_id][: min(limit, 40)]
            payload = [status_json(s, state, self._base()) for s in mine]
        self._json(200, payload)

    def _status_get(self, status_id: str, *, source: bool = False) -> None:
        with self.app.lock:
            state = self.app.state
            found = next((s for s in state.statuses if s.id == status_id), None)
            payload: dict[str, Any] | None
            if found is None:
                payload = None
            elif source:
                payload = {"id": found.id, "text": found.text, "spoiler_text": found.spoiler_text}
            else:
                payload = status_json(found, state, self._base())
        if payload is None:
            self._json(404, {"error": "Record not found"})
        else:
            self._json(200, payload)


def _json_of_size(size: int) -> Iterator[bytes]:
    head, tail = b'{"id": "1", "acct": "studio", "padding": "', b'"}'
    yield head
    left = size - len(head) - len(tail)
    while left > 0:
        piece = b"x" * min(left, 65536)
        left -= len(piece)
        yield piece
    yield tail


def _laid_over(payload: object, overlay: dict[str, Any]) -> object:
    if isinstance(payload, dict):
        return {**payload, **overlay}
    if isinstance(payload, list):
        return [_laid_over(item, overlay) for item in payload]
    return payload


def _take_fault(faults: list[Fault], method: str, path: str) -> Fault | None:
    for i, fault in enumerate(faults):
        if fault.method == method and path.startswith(fault.path):
            if fault.after:
                faults[i] = replace(fault, after=fault.after - 1)
                return None
            return faults.pop(i)
    return None
