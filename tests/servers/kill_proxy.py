"""A loopback HTTP proxy in front of the real PDS that kills the client at a chosen request (tripwire.py).

The PDS is a real @atproto/pds in Node; rather than teach it to kill, Studio's Bluesky account points at this
proxy. Every request goes through unchanged; an armed `committed` wire lets the PDS answer (the record is
written) and then kills the client instead of passing the answer on.
"""

from __future__ import annotations

import contextlib
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from tests.servers.tripwire import Tripwires

__all__ = ["KillProxy"]

_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "content-encoding"}


class KillProxy:
    """Forwards to `upstream`; use as a context manager."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.tripwires = Tripwires()
        self._client = httpx.Client(timeout=60)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="kill-proxy", daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> KillProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)
        self._client.close()


def _handler_for(proxy: KillProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        app = proxy

    return Handler


class _Handler(BaseHTTPRequestHandler):
    app: KillProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._forward("GET")

    def do_POST(self) -> None:
        self._forward("POST")

    def _forward(self, method: str) -> None:
        path = urllib.parse.urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        wires = self.app.tripwires
        if wires.trip(method, path, body, "received"):
            self._hang_up()
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        answer = self.app._client.request(
            method, self.app.upstream + self.path, headers=headers, content=body
        )
        if wires.trip(method, path, body, "committed"):
            self._hang_up()  # the PDS wrote it; the killed client never hears of it
            return
        self.send_response(answer.status_code)
        for name, value in answer.headers.items():
            if name.lower() not in _HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def _hang_up(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(2)
