"""Reads a Mastodon account's mentions, replies and quotes: `GET /api/v1/notifications`.

Follows Mastodon's documented API (docs.joinmastodon.org: methods/notifications, entities/Notification,
entities/Status, api/guidelines#pagination, api/rate-limits):

- `types[]=mention` (a reply to the account mentions it, so replies come as mentions too) and
  `types[]=quote` (Mastodon 4.5; a server that does not know the type leaves it out of the filter).
- Pages: without a cursor, the newest page; with one, `min_id=<cursor>` gives the notifications immediately
  newer than it (the same page the `Link` header's `rel="prev"` names), so each call walks forward in time
  and the inbox workflow calls again until nothing is new. `limit=80`, the most the server gives.
- A status with an `in_reply_to_id` is a reply, else a mention; a `quote` notification is a quote, and what
  it answers is the status it quotes (`quote.quoted_status_id`, or `quote.quoted_status.id`). The status's
  HTML `content` becomes plain text (paragraphs and line breaks kept, links as their text).
- 429: `RateLimited` until `X-RateLimit-Reset`; 401/403: reconnect the account; offline: `RetryableError`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx

from studio.errors import FinalError, RetryableError
from studio.listen.access import stored_secret
from studio.listen.model import InboxPage, Mention, MentionKind, RateLimited
from studio.publish.base import ReconnectNeeded
from studio.publish.http import (
    bad_answer,
    check_server_url,
    checked_id,
    checked_link,
    host_of,
    make_client,
    read_answer,
    reset_wait,
)
from studio.secrets import CredentialStore
from studio.store import Account

__all__ = ["PAGE_SIZE", "MastodonInbox", "html_to_text"]

PAGE_SIZE = 80  # Mastodon's most notifications per call
TYPES = ("mention", "quote")
_DEFAULT_WINDOW = 300.0  # a 429 without a readable reset waits Mastodon's window


class MastodonInbox:
    """The mentions, replies and quotes of one Mastodon account, read with its stored access token."""

    def __init__(
        self,
        account: Account,
        credentials: CredentialStore,
        workspace: Path,
        *,
        client: httpx.Client | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        del workspace  # the contract's signature; nothing of the workspace is needed here
        self.instance = check_server_url(account.instance_url)
        self._host = host_of(self.instance)
        self._what = f"Reading the mentions of Mastodon account {account.name!r}"
        self._token = stored_secret(account, credentials, self._what)
        self._name = account.name
        self._client = client or make_client()
        self._clock = clock
        self.calls = 0  # requests made (the bench counts them)

    def close(self) -> None:
        self._client.close()

    def fetch(self, since: str | None) -> InboxPage:
        """The notifications newer than `since` (a notification id; None: the newest page)."""
        params: list[tuple[str, str | int]] = [("types[]", t) for t in TYPES]
        params.append(("limit", PAGE_SIZE))
        if since is not None:
            params.append(("min_id", since))
        self.calls += 1
        response = read_answer(
            self._client, "GET", f"{self.instance}/api/v1/notifications", what=self._what, host=self._host,
            params=params, headers={"Authorization": f"Bearer {self._token}"},
        )  # fmt: skip
        status = response.status_code
        if status == 429:
            wait = reset_wait(response.headers.get("X-RateLimit-Reset"), now=self._clock())
            if wait is None:
                wait = reset_wait(response.headers.get("Retry-After"), now=self._clock())
            until = datetime.fromtimestamp(self._clock() + (_DEFAULT_WINDOW if wait is None else wait), UTC)
            raise RateLimited(self._what, until + timedelta(0))
        if status in (401, 403):
            raise ReconnectNeeded(
                self._what,
                f"{self._host} no longer accepts Studio's access token (it expired, was revoked, or lacks "
                "the read:notifications permission)",
                f"reconnect the account: `studio accounts reconnect {self._name} --secret-stdin`",
            )
        if status >= 500:
            raise RetryableError(
                self._what, f"{self._host} had a problem of its own (HTTP {status})", "try later"
            )
        if status != 200:
            raise FinalError(
                self._what,
                f"{self._host} refused to list the notifications (HTTP {status})",
                "try again later",
            )
        try:
            data: Any = response.json()
        except ValueError:
            data = None
        if not isinstance(data, list):
            raise bad_answer(self._what, self._host, "the notifications are not a list")
        items: list[Mention] = []
        newest = since
        for notification in data:
            if not isinstance(notification, dict):
                raise bad_answer(self._what, self._host, "a notification is not an object")
            nid = checked_id(
                notification.get("id"), server=self.instance, what=self._what, name="notification id"
            )
            if newest is None or _later(nid, newest):
                newest = nid
            mention = self._mention(notification)
            if mention is not None:
                items.append(mention)
        return InboxPage(tuple(items), newest)

    def _mention(self, notification: dict[str, Any]) -> Mention | None:
        kind = notification.get("type")
        status = notification.get("status")
        if kind not in TYPES or not isinstance(status, dict):
            return None  # another type (the filter is a request, not a promise) or a status since deleted
        server, what = self.instance, self._what
        status_id = checked_id(status.get("id"), server=server, what=what, name="status id")
        link = status.get("url") or status.get("uri")
        found = status.get("account")
        account: dict[str, Any] = found if isinstance(found, dict) else {}
        acct = str(account.get("acct") or account.get("username") or "").strip()
        reply_to = status.get("in_reply_to_id")
        if kind == "quote":  # what it answers is the status it quotes (a Quote or a ShallowQuote)
            reply_to = _quoted_id(status.get("quote"))
        in_reply_to = None if reply_to in (None, "") else checked_id(reply_to, server=server, what=what)
        mention_kind: MentionKind = "quote" if kind == "quote" else ("reply" if in_reply_to else "mention")
        text = html_to_text(str(status.get("content") or ""))
        warning = str(status.get("spoiler_text") or "").strip()
        return Mention(
            network="mastodon",
            kind=mention_kind,
            remote_id=status_id,
            url=checked_link(link, server=server, what=what),
            author_handle=f"@{acct}" if acct else "",
            author_name=str(account.get("display_name") or account.get("username") or acct),
            text=f"CW: {warning}\n\n{text}" if warning else text,
            created_at=_time(status.get("created_at") or notification.get("created_at"), what, self._host),
            in_reply_to=in_reply_to,
            visibility=_visibility(status.get("visibility")),
        )


def _visibility(found: object) -> str:
    """The status's visibility; anything unknown is taken as the most private, so a reply never widens it."""
    return found if found in ("public", "unlisted", "private", "direct") else "direct"


def _quoted_id(quote: object) -> object:
    """The quoted status's id from Mastodon 4.5's `quote` (a ShallowQuote's id, or a Quote's Status)."""
    if not isinstance(quote, dict):
        return None
    inner = quote.get("quoted_status")
    return quote.get("quoted_status_id") or (inner.get("id") if isinstance(inner, dict) else None)


def _later(a: str, b: str) -> bool:
    """Is notification id `a` newer than `b`? Mastodon's ids are numbers sent as strings."""
    if a.isdigit() and b.isdigit():
        return int(a) > int(b)
    return (len(a), a) > (len(b), b)


def _time(value: object, what: str, host: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise bad_answer(what, host, f"the time {value!r} is not a date") from None
    if moment.tzinfo is None:
        raise bad_answer(what, host, f"the time {value!r} has no time zone")
    return moment.astimezone(UTC)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.out.append("\n")
        elif tag == "p" and self.out:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def html_to_text(content: str) -> str:
    """A status's HTML as plain text: paragraphs as blank lines, `<br>` as new lines, tags dropped."""
    parser = _Text()
    parser.feed(content)
    parser.close()
    return "".join(parser.out).strip()  # entities were decoded by the parser
