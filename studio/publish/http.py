"""The HTTP boundary shared by the publishers: allowed server URLs, the client, and error mapping.

httpx exceptions stop here; above this module only `RetryableError`/`FinalError` exist. No message built here
contains a request header or body, so no credential can leak through an error. What a server answers is not
trusted either: a link or id from an answer passes `checked_link` / `checked_id` before Studio keeps it.
"""

from __future__ import annotations

import ipaddress
import re
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from studio import __version__
from studio.errors import FinalError, InputError, PublishError, RetryableError

__all__ = [
    "MAX_ANSWER_BYTES",
    "bad_answer",
    "check_server_url",
    "checked_id",
    "checked_link",
    "host_of",
    "make_client",
    "read_answer",
    "request_problem",
    "reset_wait",
    "shown",
    "transport_errors",
]

USER_AGENT = f"Studio/{__version__} (+offline-first content studio)"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
_MAX_LINK = 2048
# Every answer Studio needs is a few kilobytes (40 statuses are well under 1 MB); a larger one is refused
# unread instead of filling memory.
MAX_ANSWER_BYTES = 4 * 1024 * 1024
_DROPPED_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}  # the body is already decoded
# A server that asks Studio to come back later; HTTP's 3xx are handled as redirects.
_TRY_AGAIN = {408: "did not get the whole request in time", 425: "asks Studio to repeat the request later"}
# What the server refused is the shape of Studio's request (its headers, method or address), not the post.
_REQUEST_REFUSED = {
    405: "does not allow this request here",
    406: "cannot answer in a form Studio reads",
    411: "wants a length Studio did not send",
    414: "found the request's address too long",
    415: "does not take the request's format",
    417: "does not meet the request's expectation",
    421: "says the request reached the wrong server",
    426: "wants another protocol",
    428: "wants a conditional request",
    431: "found the request's headers too large",
}
# Safe as one segment of a request path: no `/`, `?`, `#`, `%` or space, and not `.` or `..`.
_ID = re.compile(r"(?!\.+\Z)[A-Za-z0-9._~-]{1,100}")


def check_server_url(url: str, *, field: str = "instance URL") -> str:
    """The server's base URL without a trailing slash; only https, or http on a loopback address."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError):
        raise InputError(field, "this is not a web address", "give it as https://example.social") from None
    if parsed.userinfo:  # checked first, so a password in the URL is never repeated in a message
        raise InputError(field, "the URL contains a user name or password", "give the address without them")
    host = parsed.host
    if parsed.scheme not in ("https", "http") or not host:
        raise InputError(field, f"{url!r} is not a web address", "give it as https://example.social")
    if parsed.scheme == "http" and not _is_loopback(host):
        raise InputError(
            field,
            f"{url!r} uses plain http, which would send the account's credential unencrypted",
            "use the https:// address of the server (plain http is only allowed for servers on this machine)",
        )
    return str(parsed.copy_with(path=parsed.path.rstrip("/"), query=None, fragment=None)).rstrip("/")


def checked_link(value: object, *, server: str, what: str) -> str:
    """A post's web address from `server`'s answer: https, or http when `server` is on this machine.

    Anything else (javascript:, data:, a relative path, a number, null) is a bad answer: `RetryableError`.
    """
    host = host_of(server)
    allowed = ("https", "http") if _is_loopback(host) else ("https",)
    if isinstance(value, str) and len(value) <= _MAX_LINK and value.isprintable() and " " not in value:
        try:
            parts = urllib.parse.urlsplit(value)
            usable = parts.scheme in allowed and bool(parts.hostname) and "@" not in parts.netloc
        except ValueError:
            usable = False
        if usable:
            return value
    only = "https://, or http:// from a server on this machine" if len(allowed) > 1 else "https://"
    raise bad_answer(what, host, f"{shown(value)} is not a web address Studio can link to (only {only})")


def checked_id(value: object, *, server: str, what: str, name: str = "id") -> str:
    """An id from `server`'s answer that Studio can keep and put in a request path; else `RetryableError`."""
    if isinstance(value, str) and _ID.fullmatch(value):
        return value
    raise bad_answer(
        what,
        host_of(server),
        f"the {name} {shown(value)} is one Studio cannot use "
        "(it expects up to 100 letters, digits, '.', '_', '~' or '-')",
    )


def bad_answer(what: str, host: str, why: str) -> RetryableError:
    """An answer Studio cannot trust or use: retryable, since a sound server answers well the next time."""
    return RetryableError(
        what,
        f"{host} sent a bad answer: {why}",
        "Studio will try again later and keeps nothing from this answer; "
        "if it keeps happening, tell the server's admin",
    )


def shown(value: object) -> str:
    """A value from a server as a message may show it: quoted, control characters escaped, cut short."""
    text = "null" if value is None else repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def read_answer(
    client: httpx.Client, method: str, url: str, *, what: str, host: str, **options: Any
) -> httpx.Response:
    """Send one request and read its answer whole, but never more than `MAX_ANSWER_BYTES` of it.

    `options` are `httpx.Client.build_request`'s. Network errors become `RetryableError`s, as in
    `transport_errors`; an answer too large (announced or counted) or not decodable is a bad answer.
    """
    with transport_errors(what, host):
        request = client.build_request(method, url, **options)
        response = client.send(request, stream=True)
        try:
            body = _capped_body(response, what, host)
        finally:
            response.close()
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _DROPPED_HEADERS]
    return httpx.Response(response.status_code, headers=headers, content=body, request=request)


def _capped_body(response: httpx.Response, what: str, host: str) -> bytes:
    too_large = bad_answer(
        what, host, f"its answer is larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MB, the most Studio reads"
    )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
        raise too_large
    body = bytearray()
    try:
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > MAX_ANSWER_BYTES:
                raise too_large
    except httpx.DecodingError:
        raise bad_answer(what, host, "its compressed answer could not be unpacked") from None
    return bytes(body)


def request_problem(what: str, host: str, response: httpx.Response) -> PublishError | None:
    """The error for an answer that is about Studio's request rather than the post, or None.

    A redirect is an unexpected answer (Studio never follows one: a post must not be sent twice), so it is
    tried again later; 408 and 425 ask for that too. The 4xx codes in `_REQUEST_REFUSED` refuse the request's
    form, which retrying cannot change and editing the post cannot fix.
    """
    status = response.status_code
    if 300 <= status < 400 or status < 200:
        target = _redirect_host(response.headers.get("Location", ""))
        kind = "a redirect" if status >= 300 else "an interim answer"
        where = f" to {target}" if target else ""
        return bad_answer(
            what,
            host,
            f"it answered with {kind} (HTTP {status}{where}) instead of doing the request; "
            "if it keeps happening, check the account's server address",
        )
    if status in _TRY_AGAIN:
        return RetryableError(
            what,
            f"{host} {_TRY_AGAIN[status]} (HTTP {status})",
            "Studio will try again later; nothing is lost",
        )
    if status in _REQUEST_REFUSED:
        return FinalError(
            what,
            f"{host} {_REQUEST_REFUSED[status]} (HTTP {status}); this is about Studio's request, "
            "not the post's text",
            "try again with `studio queue retry`; if it happens again, reconnect the account (a damaged "
            "credential can make the request too large) or ask the server's admin",
        )
    return None


def _redirect_host(location: str) -> str:
    """The host a redirect points to, for a message; "" when there is none or it is not readable."""
    try:
        return shown(httpx.URL(location).host) if location else ""
    except (httpx.InvalidURL, TypeError):
        return ""


def host_of(url: str) -> str:
    """The host name of a checked URL, for messages."""
    return httpx.URL(url).host


def make_client(timeout: float = 30.0) -> httpx.Client:
    """A sync client with Studio's user agent; redirects are not followed (a POST must not be replayed)."""
    return httpx.Client(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        headers={"User-Agent": USER_AGENT},
        follow_redirects=False,
    )


@contextmanager
def transport_errors(what: str, host: str) -> Iterator[None]:
    """Turn httpx's network errors into `RetryableError` with a message a person understands."""
    try:
        yield
    except httpx.TimeoutException:
        raise RetryableError(
            what,
            f"{host} did not answer in time",
            "Studio will try again later; if it keeps happening, check the server's status page",
        ) from None
    except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
        raise RetryableError(
            what,
            f"the connection to {host} broke off before the answer arrived",
            "Studio will try again; it will not post twice",
        ) from None
    except httpx.TransportError:
        raise RetryableError(
            what,
            f"could not reach {host} (offline, or the server is down)",
            "Studio will try again when the connection is back",
        ) from None


def reset_wait(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a reset header: ISO 8601 time, HTTP date, epoch seconds or a delta."""
    if not value:
        return None
    now = time.time() if now is None else now
    text = value.strip()
    try:
        number = float(text)
    except ValueError:
        number = None
    if number is not None:
        # Epoch seconds (Bluesky's RateLimit-Reset) are far larger than any sensible delta (Retry-After).
        return max(0.0, number - now) if number > 1_000_000_000 else max(0.0, number)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    if moment.tzinfo is None:
        return None
    return max(0.0, moment.timestamp() - now)


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
