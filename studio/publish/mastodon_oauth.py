"""Sign in to a Mastodon server with the browser: register Studio, authorize, take the code back, get a token.

Follows Mastodon's documented OAuth API (docs.joinmastodon.org: methods/apps, methods/oauth, spec/oauth):

- `POST /api/v1/apps` (`client_name`, `redirect_uris`, `scopes`, `website`) gives `client_id`/`client_secret`.
  Redirect URIs go as one newline-separated string, which servers before 4.3 (one string) and after (string
  or list) both read.
- `GET /oauth/authorize` (`response_type=code`, `client_id`, `redirect_uri`, `scope`, `state`,
  `code_challenge`, `code_challenge_method=S256`) shows the person the authorize page; it redirects to
  `redirect_uri?code=…&state=…`, or shows the code for the out-of-band `urn:ietf:wg:oauth:2.0:oob`.
  PKCE is Mastodon 4.3+; an older server ignores the challenge and the verifier.
- `POST /oauth/token` (`grant_type=authorization_code`, `code`, `client_id`, `client_secret`,
  `redirect_uri`, `code_verifier`) gives the `access_token`; `invalid_grant` for a wrong, used or old code.

The code comes back to a `LoopbackReceiver` on 127.0.0.1 (a random port, one request, `state` checked), or is
pasted by the person when the browser runs elsewhere. Client secret, PKCE verifier, code and token are
never put in a message, a repr or a log: requests are logged by nobody, and errors name things, not values.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import socketserver
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx

from studio.errors import FinalError, InputError, RetryableError
from studio.publish.base import Secret
from studio.publish.http import (
    bad_answer,
    check_server_url,
    checked_id,
    host_of,
    make_client,
    read_answer,
    request_problem,
    shown,
)

__all__ = [
    "OOB",
    "SCOPES",
    "TOKEN_INSTEAD",
    "App",
    "LoopbackReceiver",
    "RegistrationRefused",
    "SignIn",
    "code_from_paste",
    "register_app",
    "signed_in_handle",
]

OOB = "urn:ietf:wg:oauth:2.0:oob"
SCOPES = "read write:media write:statuses"
CLIENT_NAME = "Studio"
TOKEN_INSTEAD = (
    "use an access token instead: on the server, Preferences > Development > New application with the "
    f"scopes {SCOPES}, then copy its access token into Studio"
)
_CALLBACK = "/callback"
_MAX_FIELD = 512  # client ids, secrets, codes and tokens are a few dozen characters


class RegistrationRefused(FinalError):
    """The server does not let Studio register itself (`POST /api/v1/apps`): the token-paste path remains."""


@dataclass(frozen=True)
class App:
    """Studio as registered on one server, for one sign-in."""

    instance: str
    client_id: str
    client_secret: Secret = field(repr=False)
    redirect_uris: tuple[str, ...]


def register_app(instance: str, redirect_uris: list[str]) -> App:
    """Register Studio on `instance` with these redirect URIs and the scopes Studio needs."""
    base = check_server_url(instance)
    host = host_of(base)
    for uri in redirect_uris:
        if uri != OOB:
            check_server_url(uri, field="redirect address")  # only loopback http or https
    what = f"Registering Studio on {host}"
    data = {"client_name": CLIENT_NAME, "redirect_uris": "\n".join(redirect_uris), "scopes": SCOPES}
    with make_client() as http:
        response = read_answer(http, "POST", f"{base}/api/v1/apps", what=what, host=host, data=data)
    if response.status_code in (400, 401, 403, 404, 405, 410, 422, 501):
        raise RegistrationRefused(
            what,
            f"{host} does not let apps register themselves (HTTP {response.status_code}"
            f"{_said(response)}), so Studio cannot open its sign-in page",
            TOKEN_INSTEAD,
        )
    answer = _answer(what, host, response)
    client_id = checked_id(answer.get("client_id"), server=base, what=what, name="client_id")
    client_secret = _secret_field(answer.get("client_secret"), what, host, "client_secret")
    return App(base, client_id, client_secret, tuple(redirect_uris))


class SignIn:
    """One sign-in attempt: the app, a fresh `state` and a PKCE verifier (kept here, never shown)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.state = secrets.token_urlsafe(24)
        self._verifier = Secret(secrets.token_urlsafe(48))  # 64 characters, within PKCE's 43..128

    def __repr__(self) -> str:
        return f"SignIn(instance={self.app.instance!r})"

    def url(self, redirect_uri: str) -> str:
        """The authorize page's address for one of the app's redirect URIs."""
        if redirect_uri not in self.app.redirect_uris:
            raise ValueError("redirect_uri was not registered with the app")
        digest = hashlib.sha256(self._verifier.reveal().encode("ascii")).digest()
        query = {
            "response_type": "code",
            "client_id": self.app.client_id,
            "redirect_uri": redirect_uri,
            "scope": SCOPES,
            "state": self.state,
            "code_challenge": base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii"),
            "code_challenge_method": "S256",
        }
        return f"{self.app.instance}/oauth/authorize?{urllib.parse.urlencode(query)}"

    def exchange(self, code: str, redirect_uri: str) -> Secret:
        """Trade the code for an access token (`POST /oauth/token`)."""
        host = host_of(self.app.instance)
        what = f"Signing in to {host}"
        data = {
            "grant_type": "authorization_code",
            "code": _checked_code(code),
            "client_id": self.app.client_id,
            "client_secret": self.app.client_secret.reveal(),
            "redirect_uri": redirect_uri,
            "code_verifier": self._verifier.reveal(),
        }
        url = f"{self.app.instance}/oauth/token"
        with make_client() as http:
            response = read_answer(http, "POST", url, what=what, host=host, data=data)
        if response.status_code in (400, 401):
            raise _token_refused(what, host, response)
        answer = _answer(what, host, response)
        return _secret_field(answer.get("access_token"), what, host, "access_token")


def signed_in_handle(instance: str, token: Secret) -> str:
    """The account the token belongs to, as `@user@host` (`verify_credentials`); refused: `FinalError`."""
    base = check_server_url(instance)
    host = host_of(base)
    what = f"Checking the new token with {host}"
    headers = {"Authorization": f"Bearer {token.reveal()}"}
    url = f"{base}/api/v1/accounts/verify_credentials"
    with make_client() as http:
        response = read_answer(http, "GET", url, what=what, host=host, headers=headers)
    if response.status_code in (401, 403):
        raise FinalError(
            what, f"{host} refused the token it has just given out{_said(response)}", "sign in again"
        )
    answer = _answer(what, host, response)
    acct = checked_id(answer.get("username"), server=base, what=what, name="username")
    return f"@{acct}@{host}"


def code_from_paste(text: str, expected_state: str | None = None) -> str:
    """The code from what the person pasted: the code itself, or the whole address the browser ended on."""
    text = text.strip()
    if "code=" in text and ("?" in text or "&" in text):
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(text).query or text))
        state = query.get("state")
        if expected_state is not None and state is not None and not _same(state, expected_state):
            raise _wrong_state()
        text = query.get("code", "")
    return _checked_code(text)


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
        return f"http://127.0.0.1:{port}{_CALLBACK}"

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
        if parts.path != _CALLBACK or not _same(state, self.server.expected_state):
            box["error"] = _wrong_state()
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
                box["code"] = _checked_code(query.get("code", ""))
            except InputError as error:
                box["error"] = error
                self._page(400, "The answer had no usable code", "Go back to Studio and sign in again.")
            else:
                self._page(200, "Signed in to Studio", "You can close this tab and go back to Studio.")

    def do_POST(self) -> None:
        self.server.result["error"] = _wrong_state()
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


def _answer(what: str, host: str, response: httpx.Response) -> dict[str, Any]:
    """The JSON object of a 200 answer; anything else is the matching `studio.errors` error."""
    problem = request_problem(what, host, response)
    if problem is not None:
        raise problem
    status = response.status_code
    if status == 429 or status >= 500:
        raise RetryableError(
            what, f"{host} is busy or having trouble (HTTP {status})", "try again in a minute"
        )
    if status != 200:
        raise FinalError(what, f"{host} refused (HTTP {status}{_said(response)})", TOKEN_INSTEAD)
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise bad_answer(what, host, "its answer is not the JSON object Mastodon sends")
    return data


def _token_refused(what: str, host: str, response: httpx.Response) -> FinalError:
    code = _json_field(response, "error")
    if code == "invalid_grant":
        why = (
            f"{host} did not accept the sign-in code (invalid_grant): it is mistyped, used already, "
            "more than 10 minutes old, or came from another sign-in"
        )
        return FinalError(what, why, "sign in again")
    if code == "invalid_client":
        return FinalError(
            what, f"{host} no longer knows Studio's registration (invalid_client)", "sign in again"
        )
    return FinalError(
        what, f"{host} refused the sign-in (HTTP {response.status_code}{_said(response)})", "sign in again"
    )


def _said(response: httpx.Response) -> str:
    """`: <what the server said>` for a message, from Mastodon's `error` / `error_description`."""
    said = _json_field(response, "error_description") or _json_field(response, "error")
    return f": {shown(said)}" if said else ""


def _json_field(response: httpx.Response, name: str) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def _secret_field(value: object, what: str, host: str, name: str) -> Secret:
    """A secret from an answer: printable ASCII without spaces; a bad one is named, never shown."""
    if isinstance(value, str) and 0 < len(value) <= _MAX_FIELD and all(" " < ch <= "~" for ch in value):
        return Secret(value)
    raise bad_answer(what, host, f"its {name} is missing or not one Studio can use")


def _checked_code(code: str) -> str:
    code = code.strip()
    if not code:
        raise InputError("sign-in code", "is empty", "paste the code the server's page shows")
    if len(code) > _MAX_FIELD or not all(" " < ch <= "~" for ch in code):
        raise InputError(
            "sign-in code",
            "is not a code (codes are letters, digits and punctuation, without spaces)",
            "copy the code again from the server's page",
        )
    return code


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _wrong_state() -> InputError:
    return InputError(
        "sign-in",
        "the answer that came back does not belong to the sign-in Studio started (its state does not match), "
        "so it was refused",
        "sign in again from Studio; if this keeps happening, close other sign-in tabs",
    )
