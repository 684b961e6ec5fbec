"""The loopback Mastodon server's OAuth part: app registration, the authorize page and the token endpoint.

As Mastodon documents them (docs.joinmastodon.org: methods/apps, methods/oauth, spec/oauth; Mastodon runs
Doorkeeper underneath):

- `POST /api/v1/apps`: `client_name` (required), `redirect_uris` (one string, newline-separated, or a list;
  absolute URIs or `urn:ietf:wg:oauth:2.0:oob`), `scopes` (space-separated, default `read`) → a
  CredentialApplication; 422 `Validation failed: …` otherwise. A server that lets no app register answers 404.
- `GET /oauth/authorize`: no person is here to press Authorize, so the server does it at once for the
  account `authorize_as` (or refuses, with `approve = False`) and redirects to `redirect_uri` with `code`
  and `state`; for the out-of-band URI it redirects to `/oauth/authorize/native`, the page showing the code.
  An unknown client or a redirect URI not registered gets an error page, not a redirect (as Doorkeeper does).
- `POST /oauth/token` (`grant_type=authorization_code`): `invalid_client` (401) for a wrong client id or
  secret; `invalid_grant` (400) for a wrong, used or expired code, another redirect URI, or a PKCE verifier
  that does not match the S256 challenge. Success gives a new token that the API then accepts.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

__all__ = ["OAuthState", "Reply", "authorize", "native_page", "register_app", "token"]

OOB = "urn:ietf:wg:oauth:2.0:oob"
KNOWN_SCOPES = frozenset(
    {"read", "write", "follow", "push", "profile", "read:accounts", "read:statuses", "write:media"}
    | {"write:statuses", "write:accounts", "read:notifications", "write:favourites"}
)
_INVALID_GRANT = (
    "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used "
    "in the authorization request, or was issued to another client."
)
_INVALID_CLIENT = (
    "Client authentication failed due to unknown client, no client authentication included, or unsupported "
    "authentication method."
)


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class OAuthApp:
    client_id: str
    client_secret: str
    name: str
    redirect_uris: list[str]
    scopes: list[str]


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    scopes: str
    challenge: str | None
    username: str
    issued: float
    used: bool = False


@dataclass
class OAuthState:
    apps_enabled: bool = True  # False: `POST /api/v1/apps` answers 404, as on a server that allows none
    approve: bool = True  # False: the "person" presses Deny on the authorize page
    authorize_as: str = ""  # the account that authorizes; "" = the server's first account
    code_lifetime: float = 600.0  # Doorkeeper's default: 10 minutes
    apps: dict[str, OAuthApp] = field(default_factory=dict)
    grants: dict[str, Grant] = field(default_factory=dict)
    issued_tokens: list[str] = field(default_factory=list)


def register_app(oauth: OAuthState, params: dict[str, Any]) -> Reply:
    if not oauth.apps_enabled:
        return _json(404, {"error": "Record not found"})
    name = str(params.get("client_name") or "").strip()
    if not name:
        return _json(422, {"error": "Validation failed: Application name can't be blank"})
    raw = params.get("redirect_uris") or ""
    uris = [u.strip() for u in (raw if isinstance(raw, list) else str(raw).split("\n")) if u.strip()]
    if not uris or not all(_absolute(u) for u in uris):
        return _json(422, {"error": "Validation failed: Redirect URI must be an absolute URI."})
    scopes = str(params.get("scopes") or "read").split()
    if not set(scopes) <= KNOWN_SCOPES:
        return _json(422, {"error": "Validation failed: Scopes must be a valid list of scopes"})
    app = OAuthApp(secrets.token_urlsafe(32), secrets.token_urlsafe(32), name, uris, scopes)
    oauth.apps[app.client_id] = app
    return _json(
        200,
        {
            "id": str(len(oauth.apps)),
            "name": name,
            "website": params.get("website"),
            "scopes": scopes,
            "redirect_uri": "\n".join(uris),
            "redirect_uris": uris,
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "client_secret_expires_at": 0,
        },
    )


def authorize(oauth: OAuthState, query: dict[str, str], default_user: str) -> Reply:
    app = oauth.apps.get(query.get("client_id", ""))
    if app is None:
        return _page(401, "invalid_client", _INVALID_CLIENT)
    redirect = query.get("redirect_uri", "")
    if redirect not in app.redirect_uris:
        return _page(400, "invalid_redirect_uri", "The redirect uri included is not valid.")
    state = query.get("state")
    scope = query.get("scope") or "read"
    challenge = query.get("code_challenge")
    error = None
    if query.get("response_type") != "code":
        error = ("unsupported_response_type", "The authorization server does not support this response type.")
    elif not set(scope.split()) <= set(app.scopes):
        error = ("invalid_scope", "The requested scope is invalid, unknown, or malformed.")
    elif challenge is not None and query.get("code_challenge_method") != "S256":
        error = ("invalid_request", "The code challenge method must be S256.")
    elif not oauth.approve:
        error = ("access_denied", "The resource owner or authorization server denied the request.")
    if error is not None:
        return _redirect_to(redirect, {"error": error[0], "error_description": error[1]}, state)
    code = secrets.token_urlsafe(32)
    user = oauth.authorize_as or default_user
    oauth.grants[code] = Grant(app.client_id, redirect, scope, challenge, user, time.monotonic())
    if redirect == OOB:
        return Reply(302, headers=(("Location", f"/oauth/authorize/native?code={code}"),))
    return _redirect_to(redirect, {"code": code}, state)


def native_page(query: dict[str, str]) -> Reply:
    """The page a person sees for the out-of-band redirect: the code, to copy into the app."""
    code = html.escape(query.get("code", ""))
    body = (
        "<!doctype html><title>Authorization code</title><h1>Copy this authorization code</h1>"
        f'<input class="oauth-code" readonly type="text" value="{code}">'
    )
    return Reply(200, body.encode(), "text/html; charset=utf-8")


def token(
    oauth: OAuthState, params: dict[str, Any], authorization: str, tokens: dict[str, str]
) -> tuple[Reply, str | None]:
    """The token answer, and the new token (already accepted by the API) when one was issued."""
    client_id, client_secret = _client_credentials(params, authorization)
    app = oauth.apps.get(client_id)
    if app is None or not secrets.compare_digest(app.client_secret, client_secret):
        return _json(401, {"error": "invalid_client", "error_description": _INVALID_CLIENT}), None
    if params.get("grant_type") != "authorization_code":
        return _json(
            400, {"error": "unsupported_grant_type", "error_description": "Unsupported grant type."}
        ), None
    grant = oauth.grants.get(str(params.get("code") or ""))
    verifier = str(params.get("code_verifier") or "")
    if (
        grant is None
        or grant.used
        or grant.client_id != client_id
        or time.monotonic() - grant.issued > oauth.code_lifetime
        or grant.redirect_uri != params.get("redirect_uri")
        or (grant.challenge is not None and _s256(verifier) != grant.challenge)
    ):
        return _json(400, {"error": "invalid_grant", "error_description": _INVALID_GRANT}), None
    grant.used = True
    access = secrets.token_urlsafe(32)
    tokens[access] = grant.username
    oauth.issued_tokens.append(access)
    answer = {
        "access_token": access,
        "token_type": "Bearer",
        "scope": grant.scopes,
        "created_at": int(time.time()),
    }
    return _json(200, answer), access


def _client_credentials(params: dict[str, Any], authorization: str) -> tuple[str, str]:
    if authorization.startswith("Basic "):
        try:
            pair = base64.b64decode(authorization.removeprefix("Basic ")).decode()
        except ValueError:
            return "", ""
        client_id, _, client_secret = pair.partition(":")
        return urllib.parse.unquote(client_id), urllib.parse.unquote(client_secret)
    return str(params.get("client_id") or ""), str(params.get("client_secret") or "")


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _absolute(uri: str) -> bool:
    if uri == OOB:
        return True
    parts = urllib.parse.urlsplit(uri)
    return bool(parts.scheme) and bool(parts.netloc) and parts.scheme.lower() not in ("javascript", "data")


def _redirect_to(uri: str, params: dict[str, str], state: str | None) -> Reply:
    if state is not None:
        params = {**params, "state": state}
    separator = "&" if urllib.parse.urlsplit(uri).query else "?"
    return Reply(302, headers=(("Location", f"{uri}{separator}{urllib.parse.urlencode(params)}"),))


def _json(status: int, payload: object) -> Reply:
    return Reply(status, json.dumps(payload).encode())


def _page(status: int, error: str, description: str) -> Reply:
    text = html.escape(description)
    body = f"<!doctype html><title>An error has occurred</title><h1>{error}</h1><p>{text}</p>"
    return Reply(status, body.encode(), "text/html; charset=utf-8")
