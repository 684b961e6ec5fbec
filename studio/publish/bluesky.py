"""Bluesky publisher over XRPC: app-password session, blobs, `app.bsky.feed.post` records with fixed keys.

Lexicons used: com.atproto.server.createSession / refreshSession, com.atproto.repo.uploadBlob / createRecord /
getRecord, com.atproto.identity.resolveHandle, app.bsky.feed.post, app.bsky.embed.images,
app.bsky.richtext.facet. Each part's record key is a TID fixed when the delivery was made (`record_key`), so
after a crash the runner asks for that record first and, when it is there, counts the part as sent instead
of posting it twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import httpx
import regex

from studio.errors import FinalError, RetryableError
from studio.platforms import network_by_id
from studio.publish._facets import Facet, bluesky_facets  # to become studio.text's once merged
from studio.publish.base import (
    AccountHealth,
    PartInput,
    PostInput,
    Problem,
    ReconnectNeeded,
    Secret,
    SentPart,
)
from studio.publish.http import check_server_url, host_of, make_client, reset_wait, transport_errors

__all__ = ["BlueskyPublisher", "BlueskySession", "SessionStore", "record_key"]

POST = "app.bsky.feed.post"
_NETWORK = network_by_id("bluesky")
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_EXPIRED = {"ExpiredToken", "InvalidToken"}


def record_key(created_at: datetime, index: int, key: str) -> str:
    """The TID record key of part `index` of a delivery made at `created_at` with stable key `key`.

    A TID is 53 bits of microseconds since 1970 and a 10-bit clock id, in sortable base32. The time is the
    delivery's (plus the part number, so a thread's parts sort in order) and the clock id comes from the key,
    so the same delivery always gets the same keys and two deliveries made the same microsecond do not clash.
    """
    micros = int(created_at.astimezone(UTC).timestamp() * 1_000_000) + index
    clock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:2], "big") % 1024
    number = ((micros & ((1 << 53) - 1)) << 10) | clock
    chars = []
    for _ in range(13):
        chars.append(_TID_ALPHABET[number & 31])
        number >>= 5
    return "".join(reversed(chars))


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


class _MemorySessions:
    def __init__(self) -> None:
        self.session: BlueskySession | None = None

    def load(self) -> BlueskySession | None:
        return self.session

    def save(self, session: BlueskySession) -> None:
        self.session = session


class BlueskyPublisher:
    """Publishes to one Bluesky account with an app password."""

    network = "bluesky"
    needs_confirmation = False

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
        self.service = check_server_url(service, field="PDS URL")
        self._host = host_of(self.service)
        self.handle = handle.removeprefix("@")
        self._password = app_password
        self._sessions: SessionStore = sessions or _MemorySessions()
        self._session: BlueskySession | None = None
        self._client = client or make_client()
        self._label = (
            f"Bluesky account {account_name!r} (@{self.handle})" if account_name else f"@{self.handle}"
        )

    def close(self) -> None:
        self._client.close()

    # --- account -----------------------------------------------------------------------------------------
    def verify(self) -> AccountHealth:
        """Check that the session (or the app password) still works."""
        what = f"Checking the {self._label}"
        try:
            data = self._xrpc("GET", "com.atproto.server.getSession", what=what)
        except ReconnectNeeded as error:
            return AccountHealth(False, error.why, needs_reconnect=True)
        return AccountHealth(True, f"signed in as @{data.get('handle', self.handle)} on {self._host}")

    # --- checking ----------------------------------------------------------------------------------------
    def check(self, post: PostInput) -> list[Problem]:
        """What Bluesky would refuse (or change) in `post`; nothing is sent."""
        problems: list[Problem] = []
        if post.content_warning:
            problems.append(
                Problem(
                    0,
                    "content warning",
                    "Bluesky has no content warnings for text",
                    "it is posted as the first line of the first post; check that this reads well",
                    blocking=False,
                )
            )
        for index, part in enumerate(post.parts):
            text = _compose(post, index, part)
            graphemes = len(regex.findall(r"\X", text))
            size = len(text.encode("utf-8"))
            if graphemes > _NETWORK.limit:
                problems.append(
                    Problem(
                        index,
                        "text",
                        f"{graphemes} characters, Bluesky allows {_NETWORK.limit}",
                        "shorten it or split it into a thread",
                    )
                )
            if _NETWORK.byte_limit is not None and size > _NETWORK.byte_limit:
                problems.append(
                    Problem(
                        index,
                        "text",
                        f"{size} bytes, Bluesky allows {_NETWORK.byte_limit}",
                        "shorten it or split it into a thread",
                    )
                )
            if not text.strip() and not part.images:
                problems.append(
                    Problem(index, "text", "the post is empty", "write something or add an image")
                )
            if len(part.images) > _NETWORK.max_images:
                problems.append(
                    Problem(
                        index,
                        "images",
                        f"{len(part.images)} images, Bluesky allows {_NETWORK.max_images}",
                        "move some images to another part of the thread",
                    )
                )
            for n, image in enumerate(part.images, 1):
                if not image.alt.strip():
                    problems.append(
                        Problem(
                            index,
                            f"alt text of image {n}",
                            "missing",
                            "describe the image for people who cannot see it",
                        )
                    )
                elif _NETWORK.alt_text_limit and len(image.alt) > _NETWORK.alt_text_limit:
                    problems.append(
                        Problem(
                            index,
                            f"alt text of image {n}",
                            f"{len(image.alt)} characters, Bluesky allows {_NETWORK.alt_text_limit}",
                            "shorten the description",
                        )
                    )
                if _NETWORK.max_image_bytes and len(image.data) > _NETWORK.max_image_bytes:
                    problems.append(
                        Problem(
                            index,
                            f"image {n}",
                            f"{len(image.data):,} bytes, Bluesky takes {_NETWORK.max_image_bytes:,}",
                            "render it for the bluesky format",
                        )
                    )
        return problems

    # --- publishing --------------------------------------------------------------------------------------
    def publish(
        self, post: PostInput, done: Sequence[SentPart], on_sent: Callable[[SentPart], None]
    ) -> list[SentPart]:
        """Create the records not yet sent, in order, each replying to the one before."""
        sent = {part.index: part for part in done}
        result: list[SentPart] = []
        for index, part in enumerate(post.parts):
            if index in sent:
                result.append(self._with_cid(sent[index], post))
                continue
            current = self._post_part(post, index, part, result)
            on_sent(current)
            result.append(current)
        return result

    def _post_part(self, post: PostInput, index: int, part: PartInput, before: list[SentPart]) -> SentPart:
        what = (
            f"Posting part {index + 1} to the {self._label}"
            if len(post.parts) > 1
            else (f"Posting to the {self._label}")
        )
        rkey = part.record_key or record_key(post.created_at, index, part.key)
        existing = self._get_record(rkey, what)
        if existing is not None:  # made by an attempt that died before it could record it
            return self._sent(index, existing["uri"], existing["cid"])
        text = _compose(post, index, part)
        record: dict[str, Any] = {
            "$type": POST,
            "text": text,
            "createdAt": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        }
        if post.language:
            record["langs"] = [post.language]
        facets = self._facets(text, what)
        if facets:
            record["facets"] = facets
        if part.images:
            record["embed"] = {
                "$type": "app.bsky.embed.images",
                "images": [
                    {
                        "alt": image.alt,
                        "image": self._upload(image.data, image.mime, f"{what} (uploading image {n})"),
                        "aspectRatio": {"width": image.width, "height": image.height},
                    }
                    for n, image in enumerate(part.images, 1)
                ],
            }
        if before:
            root, parent = before[0], before[-1]
            record["reply"] = {
                "root": {"uri": root.remote_id, "cid": root.cid},
                "parent": {"uri": parent.remote_id, "cid": parent.cid},
            }
        session = self._ensure_session(what)
        body = {"repo": session.did, "collection": POST, "rkey": rkey, "record": record}
        try:
            data = self._xrpc("POST", "com.atproto.repo.createRecord", what=what, json_body=body)
        except FinalError:
            # A record with this key may exist already (a half-finished attempt): then the part was sent.
            existing = self._get_record(rkey, what)
            if existing is None:
                raise
            data = existing
        return self._sent(index, str(data["uri"]), str(data["cid"]))

    def _sent(self, index: int, uri: str, cid: str) -> SentPart:
        did, _, rkey = uri.removeprefix("at://").partition(f"/{POST}/")
        return SentPart(index, uri, f"https://bsky.app/profile/{did}/post/{rkey}", cid)

    def _with_cid(self, part: SentPart, post: PostInput) -> SentPart:
        if part.cid:
            return part
        rkey = part.remote_id.rsplit("/", 1)[-1]
        found = self._get_record(rkey, f"Reading part {part.index + 1} back from the {self._label}")
        return SentPart(part.index, part.remote_id, part.url, str(found["cid"])) if found else part

    def _get_record(self, rkey: str, what: str) -> dict[str, Any] | None:
        session = self._ensure_session(what)
        params = {"repo": session.did, "collection": POST, "rkey": rkey}
        try:
            return self._xrpc("GET", "com.atproto.repo.getRecord", what=what, params=params, missing_ok=True)
        except _NotFound:
            return None

    def _upload(self, data: bytes, mime: str, what: str) -> dict[str, Any]:
        answer = self._xrpc("POST", "com.atproto.repo.uploadBlob", what=what, content=data, content_type=mime)
        blob = answer.get("blob")
        if not isinstance(blob, dict):
            raise RetryableError(what, f"{self._host} did not confirm the upload", "Studio will try again")
        return blob

    def _facets(self, text: str, what: str) -> list[dict[str, Any]]:
        result = []
        for facet in bluesky_facets(text):
            feature = self._feature(facet, what)
            if feature is not None:
                result.append(
                    {
                        "index": {"byteStart": facet.byte_start, "byteEnd": facet.byte_end},
                        "features": [feature],
                    }
                )
        return result

    def _feature(self, facet: Facet, what: str) -> dict[str, str] | None:
        if facet.kind == "link":
            return {"$type": "app.bsky.richtext.facet#link", "uri": facet.value}
        if facet.kind == "tag":
            return {"$type": "app.bsky.richtext.facet#tag", "tag": facet.value}
        if facet.kind == "mention":
            try:
                answer = self._xrpc(
                    "GET",
                    "com.atproto.identity.resolveHandle",
                    what=what,
                    params={"handle": facet.value},
                    missing_ok=True,
                )
            except (_NotFound, FinalError):
                return None  # an unknown handle stays plain text, as in Bluesky's own app
            return {"$type": "app.bsky.richtext.facet#mention", "did": str(answer["did"])}
        return None

    # --- session and requests ----------------------------------------------------------------------------
    def _ensure_session(self, what: str) -> BlueskySession:
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
        session = _session_from(data)
        self._sessions.save(session)
        return session

    def _renew(self, what: str) -> BlueskySession:
        old = self._session
        data = None
        if old is not None:
            data = self._request("POST", "com.atproto.server.refreshSession", what=what, token=old.refresh)
        if isinstance(data, dict):
            session = _session_from(data)
            self._sessions.save(session)
        else:
            session = self._login(what)  # the refresh token is gone too: sign in again with the app password
        self._session = session
        return session

    def _xrpc(
        self,
        method: str,
        nsid: str,
        *,
        what: str,
        params: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None,
        content: bytes | None = None,
        content_type: str | None = None,
        missing_ok: bool = False,
    ) -> dict[str, Any]:
        for attempt in range(2):
            session = self._ensure_session(what)
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
                raise _NotFound
            if missing_ok and nsid == "com.atproto.identity.resolveHandle" and data.status_code == 400:
                raise _NotFound
            raise self._error(what, data)
        raise ReconnectNeeded(what, f"{self._host} keeps refusing the session", _RECONNECT_FIX)

    def _request(
        self,
        method: str,
        nsid: str,
        *,
        what: str,
        token: Secret | None,
        params: dict[str, str] | None = None,
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
        with transport_errors(what, self._host):
            response = self._client.request(
                method,
                f"{self.service}/xrpc/{nsid}",
                params=params,
                json=json_body,
                content=content,
                headers=headers,
            )
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
        if status == 401 or name in {
            "AuthenticationRequired",
            "AccountTakedown",
            "InvalidToken",
            "ExpiredToken",
        }:
            return ReconnectNeeded(
                what, f"Bluesky no longer accepts the app password of @{self.handle}", _RECONNECT_FIX
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


_RECONNECT_FIX = (
    "make a new app password in Bluesky (Settings → Privacy and security → App passwords) "
    "and add the account again with `studio accounts add bluesky`"
)


class _NotFound(Exception):
    """A record or handle that does not exist (an answer, not a failure)."""


def _compose(post: PostInput, index: int, part: PartInput) -> str:
    if index == 0 and post.content_warning:
        return f"CW: {post.content_warning}\n\n{part.text}"
    return part.text


def _session_from(data: dict[str, Any]) -> BlueskySession:
    return BlueskySession(
        str(data["did"]), str(data["handle"]), Secret(str(data["accessJwt"])), Secret(str(data["refreshJwt"]))
    )


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
