"""The loopback Mastodon server's data (in memory), request parsing, and Mastodon's JSON entities."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from tests.servers.mastodon_oauth import OAuthState

__all__ = [
    "Fault",
    "Media",
    "Notification",
    "State",
    "Status",
    "account_json",
    "media_json",
    "mentioned",
    "opt",
    "parse_multipart",
    "parse_params",
    "status_json",
    "validate_status",
]


@dataclass(frozen=True)
class Fault:
    """One injected fault.

    kind: "500" (server error), "429" (rate limited, reset `seconds` ahead), "slow" (answer after `seconds`),
    "expired" (401, as a revoked or expired token gets), "drop-after-create" (create the status, then
    close the connection without answering), "drop" (close the connection before doing anything).
    Hostile answers: "tamper" (do the request, then answer its JSON with `payload`'s keys laid over it, on
    every object of a list answer too), "answer" (answer `status` with `payload` as JSON and `headers`,
    doing nothing), "huge" (answer 200 with a valid JSON object of `size` bytes; `headers` may claim another
    length, and without Content-Length it is sent chunked).
    """

    kind: str
    method: str = "POST"
    path: str = "/api/v1/statuses"
    seconds: float = 0.0
    after: int = 0  # let this many matching requests through first
    payload: Any = None
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    size: int = 0


@dataclass
class Status:
    """A status as the server stored it."""

    id: str
    account: str
    text: str
    spoiler_text: str
    visibility: str
    language: str | None
    in_reply_to_id: str | None
    media_ids: list[str]
    idempotency_key: str | None
    created_at: str
    quote_id: str | None = None  # `quoted_status_id` (Mastodon 4.5 quote posts)
    favourited_by: set[str] = field(default_factory=set)
    reblogged_by: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Notification:
    """One notification as `GET /api/v1/notifications` lists it (mastodon_listen.py makes them)."""

    id: int
    recipient: str  # the account notified
    type: str  # "mention", "favourite", "reblog", "quote", ...
    account: str  # the account that caused it
    status_id: str
    created_at: str


@dataclass
class Media:
    id: str
    data: bytes
    content_type: str
    description: str
    focus: tuple[float, float] | None
    polls_left: int  # GETs answered 206 before the media is processed; -1 = stuck for ever


@dataclass
class State:
    tokens: dict[str, str] = field(default_factory=dict)  # token -> account username
    statuses: list[Status] = field(default_factory=list)
    media: dict[str, Media] = field(default_factory=dict)
    idempotency: dict[tuple[str, str], tuple[float, str]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    next_id: int = 110_000_000_000_000_000
    max_characters: int = 500
    max_media: int = 4
    processing_polls: int = 0  # how many 206 answers each new image gets before it is ready
    rate_limit: int = 300
    latency: float = 0.0  # seconds every request waits, like a server across the internet
    answer_delay: float = 0.0  # seconds between creating a status and answering: the risky moment
    idempotency_ttl: float = 3600.0  # Mastodon keeps idempotency keys for up to one hour
    oauth: OAuthState = field(default_factory=OAuthState)  # registered apps and codes (mastodon_oauth.py)
    notifications: list[Notification] = field(default_factory=list)
    next_notification_id: int = 1000


def mentioned(text: str, state: State) -> list[str]:
    """The server's own accounts a status's text names (`@kim` or `@kim@this.host`), in order, once each."""
    known = set(state.tokens.values())
    found = [m.group(1) for m in _MENTION.finditer(text) if m.group(1) in known]
    return list(dict.fromkeys(found))


_MENTION = re.compile(r"(?<![\w/])@([A-Za-z0-9_]+)(?:@[\w.:-]+)?")


def validate_status(
    state: State, text: str, media_ids: list[str], params: dict[str, Any]
) -> tuple[int, str] | None:
    if not text and not media_ids:
        return 422, "Validation failed: Text can't be blank"
    if len(text) + len(str(params.get("spoiler_text") or "")) > state.max_characters:
        return 422, f"Validation failed: Text character limit of {state.max_characters} exceeded"
    if len(media_ids) > state.max_media:
        return 422, "Validation failed: Media attachments can't be more than 4"
    for media_id in media_ids:
        media = state.media.get(media_id)
        if media is None:
            return 422, "Validation failed: Media attachments are invalid"
        if media.polls_left != 0:
            return 422, "Cannot attach files that have not finished processing. Try again in a moment!"
    reply = opt(params.get("in_reply_to_id"))
    if reply is not None and not any(s.id == reply for s in state.statuses):
        return 404, "Record not found"
    return None


def opt(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def parse_params(content_type: str, body: bytes) -> dict[str, Any]:
    if content_type.startswith("application/json"):
        loaded = json.loads(body or b"{}")
        return loaded if isinstance(loaded, dict) else {}
    params: dict[str, Any] = {}
    for name, value in urllib.parse.parse_qsl(body.decode(), keep_blank_values=True):
        if name.endswith("[]"):
            params.setdefault(name[:-2], []).append(value)
        else:
            params[name] = value
    return params


def parse_multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, tuple[bytes, str]]]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    fields: dict[str, str] = {}
    files: dict[str, tuple[bytes, str]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        if part.get_filename() is not None:
            files[name] = (payload, part.get_content_type())
        else:
            fields[name] = payload.decode()
    return fields, files


def account_json(username: str, base: str) -> dict[str, Any]:
    return {"id": username, "username": username, "acct": username, "url": f"{base}/@{username}"}


def media_json(media: Media, base: str, *, ready: bool) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if media.focus is not None:
        meta["focus"] = {"x": media.focus[0], "y": media.focus[1]}
    return {
        "id": media.id,
        "type": "image",
        "url": f"{base}/media/{media.id}" if ready else None,
        "preview_url": f"{base}/media/{media.id}/small",
        "description": media.description,
        "meta": meta,
    }


def status_json(status: Status, state: State, base: str) -> dict[str, Any]:
    return {
        "id": status.id,
        "uri": f"{base}/users/{status.account}/statuses/{status.id}",
        "url": f"{base}/@{status.account}/{status.id}",
        "created_at": status.created_at,
        "content": f"<p>{html.escape(status.text)}</p>",
        "spoiler_text": status.spoiler_text,
        "visibility": status.visibility,
        "language": status.language,
        "in_reply_to_id": status.in_reply_to_id,
        "in_reply_to_account_id": next(
            (s.account for s in state.statuses if s.id == status.in_reply_to_id), None
        ),
        "replies_count": sum(1 for s in state.statuses if s.in_reply_to_id == status.id),
        "reblogs_count": len(status.reblogged_by),
        "favourites_count": len(status.favourited_by),
        "quotes_count": sum(1 for s in state.statuses if s.quote_id == status.id),
        "mentions": [account_json(name, base) for name in mentioned(status.text, state)],
        # Mastodon 4.5: a quote post carries its quote as a ShallowQuote (the quoted status's id)
        "quote": None
        if status.quote_id is None
        else {"state": "accepted", "quoted_status_id": status.quote_id},
        "account": account_json(status.account, base),
        "media_attachments": [
            media_json(state.media[m], base, ready=True) for m in status.media_ids if m in state.media
        ],
    }
