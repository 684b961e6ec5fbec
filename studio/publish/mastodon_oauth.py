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
import secrets
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import httpx

from studio.errors import FinalError, RetryableError
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
from studio.publish.oauth_receiver import (
    MAX_FIELD,
    LoopbackReceiver,
    checked_code,
    same,
    wrong_state,
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
            "code": checked_code(code),
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
        if expected_state is not None and state is not None and not same(state, expected_state):
            raise wrong_state()
        text = query.get("code", "")
    return checked_code(text)


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
    if isinstance(value, str) and 0 < len(value) <= MAX_FIELD and all(" " < ch <= "~" for ch in value):
        return Secret(value)
    raise bad_answer(what, host, f"its {name} is missing or not one Studio can use")
