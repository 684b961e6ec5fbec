"""Reads the engagement of a Mastodon account's statuses: `GET /api/v1/statuses/:id`, one status a call.

Follows Mastodon's documented API (docs.joinmastodon.org: methods/statuses, entities/Status, api/rate-limits):
a status carries `favourites_count`, `reblogs_count`, `replies_count` (from Mastodon 4.5 `quotes_count`).
A deleted status answers 404 (or 410): its counts are None. Every answer says how many calls are left in the
window (`X-RateLimit-Remaining`, 300 per 5 minutes by default) and when it resets (`X-RateLimit-Reset`): when
only `reserve` calls are left the reader waits for the reset (so publishing keeps some room), or, when that is
further than `max_wait`, raises `RateLimited` as a 429 does.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from studio.errors import FinalError, RetryableError
from studio.listen.access import stored_secret
from studio.listen.model import Counts, RateLimited
from studio.publish.base import ReconnectNeeded
from studio.publish.http import check_server_url, host_of, make_client, read_answer, reset_wait
from studio.secrets import CredentialStore
from studio.store import Account

__all__ = ["MastodonCounts"]

_GONE = (404, 410)
_DEFAULT_WINDOW = 300.0  # Mastodon's window: a 429 without a readable reset waits this long


class MastodonCounts:
    """The counts of one Mastodon account's statuses, read with its stored access token."""

    def __init__(
        self,
        account: Account,
        credentials: CredentialStore,
        workspace: Path,
        *,
        client: httpx.Client | None = None,
        reserve: int = 5,
        max_wait: float = 330.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        del workspace  # the contract's signature; nothing of the workspace is needed here
        self.instance = check_server_url(account.instance_url)
        self._host = host_of(self.instance)
        self._what = f"Reading the counts of Mastodon account {account.name!r}"
        self._token = stored_secret(account, credentials, self._what)
        self._name = account.name
        self._client = client or make_client()
        self._reserve = reserve
        self._max_wait = max_wait
        self._sleep = sleep
        self._clock = clock
        self._remaining: int | None = None
        self._reset_in: float | None = None  # seconds from the last answer to the window's reset
        self.calls = 0  # requests made (the bench counts them)
        self.waited = 0.0  # seconds spent pacing

    def close(self) -> None:
        self._client.close()

    def counts(self, remote_ids: Sequence[str]) -> dict[str, Counts | None]:
        """Each status's counts, None for one the server no longer has; `RateLimited` on a 429."""
        return {status_id: self._one(status_id) for status_id in remote_ids}

    def _one(self, status_id: str) -> Counts | None:
        self._pace()
        what = f"{self._what} (status {status_id})"
        if not status_id.isascii() or not status_id.isalnum():
            return None  # not a status id this server could have made: as good as gone
        self.calls += 1
        response = read_answer(
            self._client, "GET", f"{self.instance}/api/v1/statuses/{status_id}", what=what, host=self._host,
            headers={"Authorization": f"Bearer {self._token}"},
        )  # fmt: skip
        self._note_limits(response)
        status = response.status_code
        if status == 200:
            return _counts(response, what, self._host)
        if status in _GONE:
            return None
        if status == 429:
            wait = reset_wait(response.headers.get("X-RateLimit-Reset"), now=self._clock())
            if wait is None:
                wait = reset_wait(response.headers.get("Retry-After"), now=self._clock())
            raise RateLimited(what, _utc(self._clock() + (_DEFAULT_WINDOW if wait is None else wait)))
        if status in (401, 403):
            raise ReconnectNeeded(
                what,
                f"{self._host} no longer accepts Studio's access token (it expired or was revoked)",
                f"reconnect the account: `studio accounts reconnect {self._name} --secret-stdin`",
            )
        if status >= 500:
            raise RetryableError(what, f"{self._host} had a problem of its own (HTTP {status})", "try later")
        raise FinalError(what, f"{self._host} refused to show the status (HTTP {status})", "try again later")

    def _note_limits(self, response: httpx.Response) -> None:
        remaining = response.headers.get("X-RateLimit-Remaining", "")
        self._remaining = int(remaining) if remaining.isdigit() else None
        self._reset_in = reset_wait(response.headers.get("X-RateLimit-Reset"), now=self._clock())

    def _pace(self) -> None:
        """Before a call: when the window is (nearly) spent, wait for its reset or give up until then."""
        if self._remaining is None or self._remaining > self._reserve:
            return
        wait = _DEFAULT_WINDOW if self._reset_in is None else self._reset_in
        if wait > self._max_wait:
            raise RateLimited(self._what, _utc(self._clock() + wait))
        self._sleep(wait)
        self.waited += wait
        self._remaining = None


def _counts(response: httpx.Response, what: str, host: str) -> Counts:
    try:
        data: Any = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise RetryableError(what, f"{host} sent an answer Studio could not read", "try again later")
    numbers = [_count(data.get(k)) for k in ("favourites_count", "reblogs_count", "replies_count")]
    likes, reposts, replies = numbers
    if likes is None or reposts is None or replies is None:
        raise RetryableError(what, f"{host} sent a status without its counts", "try again later")
    return Counts(likes, reposts, replies, _count(data.get("quotes_count")), datetime.now(UTC))


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC) + timedelta(0)
