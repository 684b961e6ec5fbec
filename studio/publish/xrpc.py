"""XRPC for one Bluesky account: the app-password session (kept, refreshed, renewed) and error mapping.

`createSession` signs in with the app password; the session is kept by a `SessionStore` (the keyring, in the
runner) and, when the PDS answers `ExpiredToken`, renewed with `refreshSession` — or, if that is refused too,
by signing in again. Errors become `RetryableError` / `FinalError` / `ReconnectNeeded` here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from studio.errors import FinalError, RetryableError
from studio.publish.base import ReconnectNeeded, Secret
from studio.publish.http import (
    bad_answer,
    host_of,
    make_client,
    read_answer,
    request_problem,
    reset_wait,
    shown,
)

__all__ = ["BlueskySession", "MemorySessions", "NotFound", "SessionStore", "XrpcClient", "checked_did"]

_EXPIRED = {"ExpiredToken", "InvalidToken"}
_DID = re.compile(r"did:[a-z]+:[A-Za-z0-9._:%-]{0,2000}[A-Za-z0-9._-]")  # atproto's DID syntax


@dataclass(frozen=True, slots=True)
class BlueskySession:
    """An XRPC session; the tokens are `Secret`s and the whole session lives in the keyring."""

    did: str
    handle: str
    access: Secret
    refresh: Secret

    def to_json(self) -> str:
        return json.dumps(
            {
                "did": self.did,
                "handle": self.handle,
                "access": self.access.reveal(),
                "refresh": self.refresh.reveal(),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> BlueskySession:
        data = json.loads(text)
        return cls(str(data["did"]), str(data["handle"]), Secret(data["access"]), Secret(data["refresh"]))


class SessionStore(Protocol):
    """Where the session is kept between runs (the runner backs it with the OS keyring)."""

    def load(self) -> BlueskySession | None: ...

    def save(self, session: BlueskySession) -> None: ...


class MemorySessions:
    """Sessions kept for the life of the object only."""

    def __init__(self) -> None:
        self.session: BlueskySession | None = None

    def load(self) -> BlueskySession | None:
        return self.session

    def save(self, session: BlueskySession) -> None:
        self.session = session


class NotFound(Exception):
    """A record or handle that does not exist (an answer, not a failure)."""


class XrpcClient:
    """Authenticated XRPC calls to one PDS for one account."""

    def __init__(
        self,
        service: str,
        handle: str,
        app_password: Secret,
        *,
        account_name: str = "",
        sessions: SessionStore | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        self.service = service
        self._name = account_name
        self._host = host_of(service)
        self.handle = handle
        self._password = app_password
        self._sessions: SessionStore = sessions or MemorySessions()
        self._session: BlueskySession | None = None
        self._client = client or make_client()

    def close(self) -> None:
        self._client.close()

    def session(self, what: str) -> BlueskySession:
        if self._session is None:
            self._session = self._sessions.load()
        if self._session is None:
            self._session = self._login(what)
        return self._session

    def _login(self, what: str) -> BlueskySession:
        data = self._request(
            "POST",
            "com.atproto.server.createSession",
            what=what,
            token=None,
            json_body={"identifier": self.handle, "password": self._password.reveal()},
        )
        if not isinstance(data, dict):
            raise self._error(what, data)
        session = self._session_from(data, what)
        self._sessions.save(session)
        return session

    def _renew(self, what: str) -> BlueskySession:
        old = self._session
        data = None
        if old is not None:
            data = self._request("POST", "com.atproto.server.refreshSession", what=what, token=old.refresh)
        if isinstance(data, dict):
            session = self._session_from(data, what)
            self._sessions.save(session)
        else:
            session = self._login(what)  # the refresh token is gone too: sign in again with the app password
        self._session = session
        return session

    def _session_from(self, data: dict[str, Any], what: str) -> BlueskySession:
        tokens = (data.get("accessJwt"), data.get("refreshJwt"))
        if not all(isinstance(t, str) and t for t in tokens):
            raise bad_answer(what, self._host, "the new session has no tokens")
        did = checked_did(data.get("did"), host=self._host, what=what)
        return BlueskySession(
            did, str(data.get("handle") or self.handle), Secret(str(tokens[0])), Secret(str(tokens[1]))
        )

    def call(
        self,
        method: str,
        nsid: str,
        *,
        what: str,
        params: dict[str, str] | list[tuple[str, str]] | None = None,  # a list for repeated (array) keys
        json_body: dict[str, Any] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
        missing_ok: bool = False,
    ) -> dict[str, Any]:
        for attempt in range(2):
            session = self.session(what)
            data = self._request(
                method,
                nsid,
                what=what,
                token=session.access,
                params=params,
                json_body=json_body,
                content=content,
                content_type=content_type,
            )
            if isinstance(data, dict):
                return data
            error = _error_name(data)
            if error in _EXPIRED and attempt == 0:
                self._renew(what)
                continue
            if missing_ok and (data.status_code == 404 or error in {"RecordNotFound", "NotFound"}):
                raise NotFound
            if missing_ok and nsid == "com.atproto.identity.resolveHandle" and data.status_code == 400:
                raise NotFound
            raise self._error(what, data)
        raise ReconnectNeeded(what, f"{self._host} keeps refusing the session", _reconnect_fix(self._name))

    def _request(
        self,
        method: str,
        nsid: str,
        *,
        what: str,
        token: Secret | None,
        params: dict[str, str] | list[tuple[str, str]] | None = None,  # a list for repeated (array) keys
        json_body: dict[str, Any] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> dict[str, Any] | httpx.Response:
        """The answer's JSON on success, else the response (for the caller to map)."""
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token.reveal()}"
        if content_type is not None:
            headers["Content-Type"] = content_type
        response = read_answer(
            self._client, method, f"{self.service}/xrpc/{nsid}", what=what, host=self._host, params=params,
            json=json_body, content=content, headers=headers,
        )  # fmt: skip
        if response.status_code == 200:
            data = _json(response)
            if data is not None:
                return data
            raise RetryableError(
                what, f"{self._host} sent an answer Studio could not read", "Studio will try again"
            )
        return response

    def _error(self, what: str, response: httpx.Response) -> Exception:
        status = response.status_code
        name = _error_name(response)
        message = _message(response)
        problem = request_problem(what, self._host, response)
        if problem is not None:
            return problem
        if status == 401 or name in {
            "AuthenticationRequired",
            "AccountTakedown",
            "InvalidToken",
            "ExpiredToken",
        }:
            return ReconnectNeeded(
                what,
                f"Bluesky no longer accepts the app password of @{self.handle}",
                _reconnect_fix(self._name),
            )
        if status == 429:
            return RetryableError(
                what,
                f"{self._host} asks Studio to slow down (rate limit reached)",
                "Studio waits until Bluesky allows posting again; nothing is lost",
                retry_after=reset_wait(response.headers.get("RateLimit-Reset"))
                or reset_wait(response.headers.get("Retry-After")),
            )
        if status >= 500:
            return RetryableError(
                what, f"{self._host} had a problem of its own (HTTP {status})", "Studio will try again later"
            )
        if status == 413 or name == "PayloadTooLarge":
            return FinalError(
                what,
                "Bluesky refused an image as too large",
                "render the image for the bluesky format and try again",
            )
        return FinalError(
            what,
            f"Bluesky refused the post: {message or name or f'HTTP {status}'}",
            "edit the post to fix this and schedule it again",
        )


def _reconnect_fix(name: str) -> str:
    return (
        "make a new app password in Bluesky (Settings → Privacy and security → App passwords) "
        f"and give it to `studio accounts reconnect {name or 'NAME'} --secret-stdin`"
    )


def checked_did(value: object, *, host: str, what: str) -> str:
    """A DID from `host`'s answer (an account's, a record's repo); anything else is a bad answer."""
    if isinstance(value, str) and _DID.fullmatch(value):
        return value
    raise bad_answer(what, host, f"{shown(value)} is not a DID Studio can use")


def _json(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _error_name(response: httpx.Response) -> str:
    data = _json(response) or {}
    return str(data.get("error") or "")


def _message(response: httpx.Response) -> str:
    data = _json(response) or {}
    return str(data.get("message") or "")[:300]
