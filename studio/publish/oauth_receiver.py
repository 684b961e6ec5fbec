"""The loopback end of a browser sign-in: one request on 127.0.0.1 brings the code back (RFC 8252 §7.3).

Also the checks a sign-in code and its `state` get wherever they come from (the redirect or a paste).
"""

from __future__ import annotations

import hmac
import socketserver
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler
from typing import Any

from studio.errors import InputError
from studio.publish.http import shown

__all__ = ["CALLBACK", "MAX_FIELD", "LoopbackReceiver", "checked_code", "same", "wrong_state"]

CALLBACK = "/callback"
MAX_FIELD = 512  # client ids, secrets, codes and tokens are a few dozen characters


class LoopbackReceiver:
    """Waits on 127.0.0.1 (a random port) for the one browser request that brings the code back.

    Exactly one request is taken: it must be for `/callback` with this sign-in's `state`; it gets a small
    page saying whether the person can close the tab, and then the receiver stops. It also stops after
    `timeout` seconds, or soon after `cancel` is set.
    """

    def __init__(self, *, timeout: float = 300.0) -> None:
        self.timeout = timeout
        self._server = _Server(("127.0.0.1", 0), _Answer)
        self._closed = threading.Lock()

    @property
    def redirect_uri(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}{CALLBACK}"

    def wait(self, expected_state: str, *, cancel: threading.Event | None = None) -> str:
        """The code from the browser's redirect; `InputError` for a wrong state, a refusal or no answer."""
        deadline = time.monotonic() + self.timeout
        box = self._server.result
        self._server.expected_state = expected_state
        try:
            while not box:
                if cancel is not None and cancel.is_set():
                    raise InputError("sign-in", "cancelled", "")
                if time.monotonic() > deadline:
                    minutes = (
                        f"{self.timeout / 60:g} minutes"
                        if self.timeout >= 120
                        else f"{self.timeout:g} seconds"
                    )
                    raise InputError(
                        "sign-in",
                        f"no answer came back from the browser within {minutes}",
                        "sign in again, or paste the code the server shows instead",
                    )
                try:
                    self._server.handle_request()
                except (OSError, ValueError):
                    if self.closed:  # closed from another thread: the person pasted the code instead
                        raise InputError("sign-in", "cancelled", "") from None
                    raise
        finally:
            self.close()
        error = box.get("error")
        if isinstance(error, Exception):
            raise error
        return str(box["code"])

    def close(self) -> None:
        """Stop listening (safe to call more than once)."""
        if self._closed.acquire(blocking=False):
            self._server.server_close()

    @property
    def closed(self) -> bool:
        return self._closed.locked()


class _Server(socketserver.TCPServer):
    """The listening socket, what the sign-in expects, and the outcome of its one request."""

    timeout = 0.2  # how often `wait` looks at `cancel` and the deadline

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.expected_state = ""
        self.result: dict[str, Any] = {}

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # a browser that hangs up mid-answer is no error of the sign-in; nothing is logged


class _Answer(BaseHTTPRequestHandler):
    """The receiver's one request: check it, answer a small page, hand the outcome to `wait`."""

    server: _Server
    timeout = 5  # a connection that sends nothing (a browser's pre-connect) does not hold the receiver
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        box = self.server.result
        parts = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(parts.query))
        state = query.get("state", "")
        if parts.path != CALLBACK or not same(state, self.server.expected_state):
            box["error"] = wrong_state()
            self._page(400, "Studio did not start this sign-in", "Go back to Studio and sign in again.")
        elif "error" in query:
            box["error"] = InputError(
                "sign-in",
                f"the server did not authorize Studio ({shown(query['error'])})",
                "sign in again and press Authorize on the server's page",
            )
            self._page(200, "Studio was not authorized", "You can close this tab and go back to Studio.")
        else:
            try:
                box["code"] = checked_code(query.get("code", ""))
            except InputError as error:
                box["error"] = error
                self._page(400, "The answer had no usable code", "Go back to Studio and sign in again.")
            else:
                self._page(200, "Signed in to Studio", "You can close this tab and go back to Studio.")

    def do_POST(self) -> None:
        self.server.result["error"] = wrong_state()
        self._page(405, "Studio did not start this sign-in", "Go back to Studio and sign in again.")

    def _page(self, status: int, title: str, text: str) -> None:
        body = (
            '<!doctype html><html lang="en"><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width"><title>{title}</title>'
            '<body style="font:16px/1.5 system-ui,sans-serif;max-width:32em;margin:4em auto;padding:0 1em">'
            f"<h1 style='font-size:1.4em'>{title}</h1><p>{text}</p></body></html>"
        ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # the request line holds the code: never log it
        return


def checked_code(code: str) -> str:
    code = code.strip()
    if not code:
        raise InputError("sign-in code", "is empty", "paste the code the server's page shows")
    if len(code) > MAX_FIELD or not all(" " < ch <= "~" for ch in code):
        raise InputError(
            "sign-in code",
            "is not a code (codes are letters, digits and punctuation, without spaces)",
            "copy the code again from the server's page",
        )
    return code


def same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def wrong_state() -> InputError:
    return InputError(
        "sign-in",
        "the answer that came back does not belong to the sign-in Studio started (its state does not match), "
        "so it was refused",
        "sign in again from Studio; if this keeps happening, close other sign-in tabs",
    )
