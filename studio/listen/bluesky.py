"""Reads a Bluesky account's mentions, replies and quotes, and the counts of its posts, through its PDS.

Both are AppView endpoints that the account's PDS proxies to its AppView (no `atproto-proxy` header: the PDS's
own AppView answers, as for the official app). The session is the publisher's (`studio.publish.xrpc`): the app
password from the credential store, the kept session beside it.

- `app.bsky.notification.listNotifications` (`reasons` mention, reply, quote; `limit` 100, the most):
  newest first, paged back with `cursor`. The inbox cursor is the newest `indexedAt` seen; a fetch pages back
  until it reaches that time (items at exactly that time come again: the inbox keeps one row per post).
  Without a cursor, the newest page only. A reply's `in_reply_to` is its parent, a quote's the post it
  quotes; `thread_root` is the reply's root (a post that answers nothing is its own root), with the CIDs a
  reply's strong refs need.
- `app.bsky.feed.getPosts` (up to 25 URIs a call): `likeCount`, `repostCount`, `replyCount`, `quoteCount`. A
  URI the AppView does not return (deleted, or not a post's address) has None.
- HTTP 429: `RateLimited` until the `ratelimit-reset` header's time (epoch seconds).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from studio.errors import RetryableError
from studio.listen.access import stored_secret
from studio.listen.model import Counts, InboxPage, Mention, MentionKind, RateLimited
from studio.publish.base import Secret
from studio.publish.factory import BLUESKY_DEFAULT_PDS
from studio.publish.http import bad_answer, check_server_url, host_of, make_client, reset_wait
from studio.publish.sessions import StoredSessions
from studio.publish.xrpc import XrpcClient
from studio.secrets import CredentialStore
from studio.store import Account

__all__ = ["BATCH", "PAGE_SIZE", "BlueskyListener"]

PAGE_SIZE = 100  # listNotifications' most per call
BATCH = 25  # getPosts' most URIs per call
MAX_PAGES = 50  # one fetch reads at most this many pages back (5,000 notifications)
REASONS = ("mention", "reply", "quote")
_DEFAULT_WAIT = 300.0  # a 429 without a readable reset waits five minutes
_POST_URI = re.compile(r"at://(did:[a-z]+:[A-Za-z0-9._:%-]+)/app\.bsky\.feed\.post/([A-Za-z0-9._:~-]{1,512})")
_QUOTES = ("app.bsky.embed.record", "app.bsky.embed.recordWithMedia")


class BlueskyListener:
    """The inbox and the post counts of one Bluesky account, read with its stored app password."""

    network = "bluesky"

    def __init__(
        self,
        account: Account,
        credentials: CredentialStore,
        workspace: Path,
        *,
        client: httpx.Client | None = None,
        clock: Callable[[], float] = time.time,
        page_size: int = PAGE_SIZE,
    ) -> None:
        del workspace  # the contract's signature; nothing of the workspace is needed here
        self._what = f"Reading Bluesky account {account.name!r}"
        password = stored_secret(account, credentials, self._what, "app password")
        service = check_server_url(account.instance_url or BLUESKY_DEFAULT_PDS, field="PDS URL")
        self._host = host_of(service)
        self._clock = clock
        self._page_size = max(1, min(PAGE_SIZE, page_size))
        self._limited: list[str] = []  # the reset headers of the 429s seen during the current call
        http = client or make_client()
        http.event_hooks = {**http.event_hooks, "response": [*http.event_hooks["response"], self._note]}
        self._xrpc = XrpcClient(
            service, account.handle, Secret(password), account_name=account.name,
            sessions=StoredSessions(credentials, account.id), client=http,
        )  # fmt: skip
        self.calls = 0  # XRPC reads made, sign-ins aside (the bench counts them)

    def close(self) -> None:
        self._xrpc.close()

    # -- the inbox

    def fetch(self, since: str | None) -> InboxPage:
        """Mentions, replies and quotes indexed at or after `since` (an ISO time; None: the newest page)."""
        floor = _since(since)  # a damaged cursor (it is ours) reads as none: the newest page
        newest = (floor, str(since)) if floor is not None else None
        items: list[Mention] = []
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            notifications, cursor = self._notifications(cursor)
            reached = False
            for notification in notifications:
                indexed = str(notification.get("indexedAt") or "")
                moment = _time(indexed, self._what, self._host)
                if floor is not None and moment < floor:
                    reached = True
                    continue
                if newest is None or moment > newest[0]:
                    newest = (moment, indexed)
                mention = self._mention(notification)
                if mention is not None:
                    items.append(mention)
            if floor is None or reached or cursor is None or not notifications:
                break
        return InboxPage(tuple(items), newest[1] if newest else since)

    def _notifications(self, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """One page of notifications, newest first, and the cursor of the page before it (None: no more)."""
        params = [("limit", str(self._page_size)), *(("reasons", r) for r in REASONS)]
        if cursor:
            params.append(("cursor", cursor))
        data = self._call("app.bsky.notification.listNotifications", params)
        notifications = data.get("notifications")
        if not isinstance(notifications, list) or not all(isinstance(n, dict) for n in notifications):
            raise bad_answer(self._what, self._host, "the notifications are not a list of objects")
        found = data.get("cursor")
        return notifications, found if isinstance(found, str) and found else None

    def _mention(self, notification: dict[str, Any]) -> Mention | None:
        reason = notification.get("reason")
        record = notification.get("record")
        uri = notification.get("uri")
        if reason not in REASONS or not isinstance(record, dict) or not isinstance(uri, str):
            return None  # another reason (the filter is a request, not a promise)
        found = _POST_URI.fullmatch(uri)
        if found is None:
            raise bad_answer(self._what, self._host, f"{uri[:80]!r} is not a post's address")
        author = notification.get("author")
        who: dict[str, Any] = author if isinstance(author, dict) else {}
        handle = str(who.get("handle") or "")
        reply = record.get("reply")
        parent, root = _ref(reply, "parent"), _ref(reply, "root")
        quoted = _quoted(record.get("embed"))
        kind: MentionKind = "quote" if reason == "quote" else ("reply" if parent else "mention")
        cid = str(notification.get("cid") or "")
        in_reply_to = (quoted or parent) if kind == "quote" else parent
        return Mention(
            network="bluesky",
            kind=kind,
            remote_id=uri,
            url=f"https://bsky.app/profile/{found.group(1)}/post/{found.group(2)}",
            author_handle=handle,
            author_name=str(who.get("displayName") or handle),
            text=str(record.get("text") or ""),
            created_at=_time(
                record.get("createdAt") or notification.get("indexedAt"), self._what, self._host
            ),
            in_reply_to=in_reply_to[0] if in_reply_to else None,
            thread_root=root[0] if root else uri,  # a post that answers nothing starts its own thread
            cid=cid,
            root_cid=root[1] if root else cid,
        )

    # -- counts

    def counts(self, remote_ids: Sequence[str]) -> dict[str, Counts | None]:
        """Each post's counts, None for one the AppView no longer has; `RateLimited` on a 429."""
        result: dict[str, Counts | None] = dict.fromkeys(remote_ids)
        wanted = list(dict.fromkeys(uri for uri in remote_ids if _POST_URI.fullmatch(uri)))
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start : start + BATCH]
            data = self._call("app.bsky.feed.getPosts", [("uris", uri) for uri in batch])
            posts = data.get("posts")
            if not isinstance(posts, list):
                raise bad_answer(self._what, self._host, "the posts are not a list")
            now = datetime.fromtimestamp(self._clock(), UTC)
            for post in posts:
                if isinstance(post, dict) and post.get("uri") in result:
                    result[str(post["uri"])] = self._counts(post, now)
        return result

    def _counts(self, post: dict[str, Any], now: datetime) -> Counts:
        likes, reposts, replies = (
            _count(post.get(k)) or 0 for k in ("likeCount", "repostCount", "replyCount")
        )
        return Counts(likes, reposts, replies, _count(post.get("quoteCount")), now)

    # -- calls

    def _call(self, nsid: str, params: list[tuple[str, str]]) -> dict[str, Any]:
        self._limited.clear()
        self.calls += 1
        try:
            return self._xrpc.call("GET", nsid, what=self._what, params=params)
        except RetryableError:
            if not self._limited:
                raise
            now = self._clock()
            wait = reset_wait(self._limited[-1], now=now)
            until = now + (_DEFAULT_WAIT if wait is None else wait)
            raise RateLimited(self._what, datetime.fromtimestamp(until, UTC)) from None

    def _note(self, response: httpx.Response) -> None:
        """Every answer passes here (an httpx hook): keep a 429's reset time for `_call`."""
        if response.status_code == 429:
            headers = response.headers
            self._limited.append(headers.get("ratelimit-reset") or headers.get("retry-after") or "")


def _ref(reply: object, which: str) -> tuple[str, str] | None:
    """A reply's `parent` or `root` strong ref as (uri, cid)."""
    ref = reply.get(which) if isinstance(reply, dict) else None
    if isinstance(ref, dict) and isinstance(ref.get("uri"), str):
        return str(ref["uri"]), str(ref.get("cid") or "")
    return None


def _quoted(embed: object) -> tuple[str, str] | None:
    """The post a record embed quotes (alone, or beside pictures), as (uri, cid)."""
    if not isinstance(embed, dict) or embed.get("$type") not in _QUOTES:
        return None
    inner = embed.get("record")
    if embed.get("$type") == "app.bsky.embed.recordWithMedia" and isinstance(inner, dict):
        inner = inner.get("record")
    if isinstance(inner, dict) and isinstance(inner.get("uri"), str):
        return str(inner["uri"]), str(inner.get("cid") or "")
    return None


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _since(value: str | None) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment is not None and moment.tzinfo is not None else None


def _time(value: object, what: str, host: str) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise bad_answer(what, host, f"the time {str(value)[:40]!r} is not a date") from None
    if moment.tzinfo is None:
        raise bad_answer(what, host, f"the time {str(value)[:40]!r} has no time zone")
    return moment.astimezone(UTC)
