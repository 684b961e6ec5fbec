"""Mastodon publisher: media via /api/v2/media, statuses with an Idempotency-Key, threads by in_reply_to_id.

Follows Mastodon's documented REST API (docs.joinmastodon.org: methods/media, methods/statuses,
methods/instance, api/rate-limits). The delivery's stable per-part key goes out as the `Idempotency-Key`, so a
part sent again after a dropped connection returns the status the server already made instead of a second one.
Mastodon keeps those keys for an hour only, so a delivery resumed after a crash first looks for the status.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from studio.errors import FinalError, RetryableError
from studio.publish.base import (
    AccountHealth,
    ImageInput,
    PartInput,
    PostInput,
    Problem,
    ReconnectNeeded,
    Secret,
    SentPart,
)
from studio.publish.http import (
    check_server_url,
    checked_id,
    checked_link,
    host_of,
    make_client,
    read_answer,
    request_problem,
    reset_wait,
)
from studio.publish.mastodon_rules import InstanceLimits, check_post, mastodon_length

__all__ = ["InstanceLimits", "MastodonPublisher"]


class MastodonPublisher:
    """Publishes to one Mastodon account with an access token (scopes read, write:media, write:statuses)."""

    network = "mastodon"
    needs_confirmation = False

    def __init__(
        self,
        instance: str,
        token: Secret,
        *,
        account_name: str = "",
        limits: InstanceLimits | None = None,
        client: httpx.Client | None = None,
        poll_interval: float = 0.5,
        processing_timeout: float = 60.0,
    ) -> None:
        self.instance = check_server_url(instance)
        self._host = host_of(self.instance)
        self._token = token
        self._name = account_name
        self._label = f"Mastodon account {account_name!r} on {self._host}" if account_name else self._host
        self.limits = limits or InstanceLimits()
        self._client = client or make_client()
        self._poll_interval = poll_interval
        self._processing_timeout = processing_timeout

    def close(self) -> None:
        self._client.close()

    # --- account -----------------------------------------------------------------------------------------
    def fetch_limits(self) -> InstanceLimits:
        """Read the instance's limits (no token needed) and keep them for `check`."""
        data = self._call("GET", "/api/v2/instance", what=f"Reading the limits of {self._host}", auth=False)
        config = data.get("configuration") or {}
        statuses = config.get("statuses") or {}
        media = config.get("media_attachments") or {}
        default = InstanceLimits()
        try:
            self.limits = InstanceLimits(
                max_characters=int(statuses.get("max_characters", default.max_characters)),
                max_media=int(statuses.get("max_media_attachments", default.max_media)),
                url_length=int(statuses.get("characters_reserved_per_url", default.url_length)),
                image_size_limit=int(media.get("image_size_limit", default.image_size_limit)),
                image_matrix_limit=int(media.get("image_matrix_limit", default.image_matrix_limit)),
                description_limit=int(media.get("description_limit", default.description_limit)),
            )
        except (AttributeError, TypeError, ValueError):
            raise self._unreadable(f"Reading the limits of {self._host}") from None
        return self.limits

    def verify(self) -> AccountHealth:
        """Check the token with `verify_credentials`; network trouble is raised as `RetryableError`."""
        try:
            data = self._call(
                "GET", "/api/v1/accounts/verify_credentials", what=f"Checking the {self._label}"
            )
        except ReconnectNeeded as error:
            return AccountHealth(False, error.why, needs_reconnect=True)
        return AccountHealth(True, f"signed in as @{data.get('acct', '?')}@{self._host}")

    # --- checking ----------------------------------------------------------------------------------------
    def check(self, post: PostInput) -> list[Problem]:
        """Problems this instance would refuse, using its limits (call `fetch_limits` first when online)."""
        return check_post(post, self.limits, self._host)

    def length(self, text: str) -> int:
        """The length Mastodon counts for `text` on this instance."""
        return mastodon_length(text, self.limits)

    # --- publishing --------------------------------------------------------------------------------------
    def publish(
        self,
        post: PostInput,
        done: Sequence[SentPart],
        on_sent: Callable[[SentPart], None],
        on_sending: Callable[[int], None] | None = None,
    ) -> list[SentPart]:
        """Post the parts not yet sent, each replying to the one before; `on_sent` records each at once."""
        sent = {part.index: part for part in done}
        result: list[SentPart] = []
        previous: SentPart | None = post.reply_to  # an earlier update of the same thread, if any
        maybe_there = post.resumed  # only the first unsent part can be out there unrecorded
        for index, part in enumerate(post.parts):
            if index in sent:
                previous = sent[index]
                result.append(previous)
                continue
            current = self._post_part(post, index, part, previous, maybe_there, on_sending)
            maybe_there = False
            on_sent(current)
            result.append(current)
            previous = current
        return result

    def _post_part(
        self,
        post: PostInput,
        index: int,
        part: PartInput,
        previous: SentPart | None,
        maybe_there: bool,
        on_sending: Callable[[int], None] | None,
    ) -> SentPart:
        what = (
            f"Posting part {index + 1} to the {self._label}"
            if len(post.parts) > 1
            else (f"Posting to the {self._label}")
        )
        media_ids = [self._upload(image, n, what) for n, image in enumerate(part.images, 1)]
        body: dict[str, Any] = {"status": part.text, "visibility": post.visibility}
        if media_ids:
            body["media_ids"] = media_ids
        if post.content_warning:
            body["spoiler_text"] = post.content_warning
        if post.language:
            body["language"] = post.language
        reply_to = previous.remote_id if previous is not None else None
        if reply_to is not None:
            body["in_reply_to_id"] = reply_to
        if maybe_there:
            # Mastodon forgets an Idempotency-Key after an hour; a laptop that died mid-post may come back
            # later than that, so look for the status an earlier attempt may have made before sending again.
            found = self._find_sent(part.text, reply_to, post.not_before, what)
            if found is not None:
                return self._sent(index, found, what)
        if on_sending is not None:
            on_sending(index)
        data = self._call(
            "POST", "/api/v1/statuses", what=what, json_body=body, headers={"Idempotency-Key": part.key}
        )
        return self._sent(index, data, what)

    def _sent(self, index: int, status: dict[str, Any], what: str) -> SentPart:
        """The part as the server made it; an id or link Studio cannot trust is a bad answer, never kept."""
        remote_id = checked_id(status.get("id"), server=self.instance, what=what, name="status id")
        link = status.get("url")
        if link is None:  # Mastodon may leave `url` out; `uri` is then the status's address
            link = status.get("uri")
        return SentPart(index, remote_id, checked_link(link, server=self.instance, what=what))

    def _find_sent(
        self, text: str, reply_to: str | None, not_before: datetime | None, what: str
    ) -> dict[str, Any] | None:
        """The account's recent status with this text, replying to `reply_to`, made after `not_before`."""
        # A few minutes of slack for the server's clock; an identical older post is never taken for this one.
        earliest = not_before - timedelta(minutes=5) if not_before is not None else None
        me = self._call("GET", "/api/v1/accounts/verify_credentials", what=what)
        account_id = checked_id(me.get("id"), server=self.instance, what=what, name="account id")
        recent = self._call_list(
            "GET", f"/api/v1/accounts/{account_id}/statuses", what=what, params={"limit": "40"}
        )
        for status in recent:
            if not isinstance(status, dict) or status.get("in_reply_to_id") != reply_to:
                continue
            if earliest is not None and _created(status) < earliest:
                continue
            status_id = checked_id(status.get("id"), server=self.instance, what=what, name="status id")
            # The rendered HTML differs from what was sent (links, mentions); the source is the text itself.
            source = self._call("GET", f"/api/v1/statuses/{status_id}/source", what=what)
            if source.get("text") == text:
                return status
        return None

    def _upload(self, image: ImageInput, n: int, what: str) -> str:
        x, y = image.focus
        # Mastodon's focus runs from -1 to 1, with y pointing up.
        focus = f"{max(-1.0, min(1.0, 2 * x - 1)):.2f},{max(-1.0, min(1.0, 1 - 2 * y)):.2f}"
        extension = "png" if image.mime == "image/png" else "jpg"
        data = self._call(
            "POST",
            "/api/v2/media",
            what=f"{what} (uploading image {n})",
            files={"file": (f"image-{n}.{extension}", image.data, image.mime)},
            form={"description": image.alt, "focus": focus},
        )
        media_id = checked_id(data.get("id"), server=self.instance, what=what, name="media id")
        deadline = time.monotonic() + self._processing_timeout
        while not data.get("url"):
            # 202 on upload / 206 on GET: still processing; attaching it now would be refused.
            if time.monotonic() > deadline:
                raise RetryableError(
                    what,
                    f"{self._host} is still processing image {n}",
                    "Studio will try again later; a busy server can take a few minutes",
                    retry_after=60.0,
                )
            time.sleep(self._poll_interval)
            data = self._call("GET", f"/api/v1/media/{media_id}", what=f"{what} (waiting for image {n})")
        return media_id

    # --- one request ---------------------------------------------------------------------------------------
    def _call(self, method: str, path: str, *, what: str, **options: Any) -> dict[str, Any]:
        data = self._send(method, path, what=what, **options)
        if isinstance(data, dict):
            return data
        raise self._unreadable(what)

    def _call_list(self, method: str, path: str, *, what: str, **options: Any) -> list[Any]:
        data = self._send(method, path, what=what, **options)
        if isinstance(data, list):
            return data
        raise self._unreadable(what)

    def _send(
        self,
        method: str,
        path: str,
        *,
        what: str,
        auth: bool = True,
        params: dict[str, str] | None = None,
        json_body: dict[str, Any] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> object:
        sent_headers = dict(headers or {})
        if auth:
            sent_headers["Authorization"] = f"Bearer {self._token.reveal()}"
        response = read_answer(
            self._client, method, self.instance + path, what=what, host=self._host, params=params,
            json=json_body, files=files, data=form, headers=sent_headers,
        )  # fmt: skip
        if response.status_code in (200, 202, 206):
            try:
                return response.json()
            except ValueError:
                raise self._unreadable(what) from None
        raise self._error(what, response)

    def _unreadable(self, what: str) -> RetryableError:
        return RetryableError(
            what, f"{self._host} sent an answer Studio could not read", "Studio will try again later"
        )

    def _error(self, what: str, response: httpx.Response) -> Exception:
        status = response.status_code
        message = _server_message(response)
        problem = request_problem(what, self._host, response)
        if problem is not None:
            return problem
        if status in (401, 403):
            return ReconnectNeeded(
                what,
                f"{self._host} no longer accepts Studio's access token (it expired or was revoked)",
                "reconnect the account: make a new access token on the server (Preferences → Development) "
                f"and give it to `studio accounts reconnect {self._name or 'NAME'} --secret-stdin`",
            )
        if status == 429:
            wait = reset_wait(response.headers.get("X-RateLimit-Reset")) or reset_wait(
                response.headers.get("Retry-After")
            )
            return RetryableError(
                what,
                f"{self._host} asks Studio to slow down (rate limit reached)",
                "Studio waits until the server allows posting again; nothing is lost",
                retry_after=wait,
            )
        if status >= 500:
            return RetryableError(
                what,
                f"{self._host} had a problem of its own (HTTP {status})",
                "Studio will try again later",
                retry_after=reset_wait(response.headers.get("Retry-After")),
            )
        if status == 422 and "processing" in message.lower():
            return RetryableError(
                what,
                f"{self._host} is still processing an image",
                "Studio will try again in a moment",
                retry_after=5.0,
            )
        if status == 404:
            return FinalError(
                what,
                f"{self._host} could not find what this post refers to ({message or 'not found'}); "
                "the post it replies to may have been deleted",
                "check the thread on the server, then edit the post and schedule it again",
            )
        if status == 413:
            return FinalError(
                what,
                f"{self._host} refused an image as too large",
                "render the image for the mastodon format and try again",
            )
        return FinalError(
            what,
            f"{self._host} refused the post: {message or f'HTTP {status}'}",
            "edit the post to fix this and schedule it again",
        )


def _created(status: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(str(status.get("created_at", "")).replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


def _json(response: httpx.Response) -> dict[str, Any] | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _server_message(response: httpx.Response) -> str:
    data = _json(response)
    if data is None:
        return ""
    message = data.get("error") or data.get("error_description") or ""
    return str(message)[:300]
