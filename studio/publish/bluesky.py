"""Bluesky publisher: blobs, `app.bsky.feed.post` records with fixed keys, facets, images, reply refs.

Lexicons: com.atproto.repo.uploadBlob / createRecord / getRecord, com.atproto.identity.resolveHandle,
app.bsky.feed.post, app.bsky.embed.images, app.bsky.richtext.facet (the session is `studio.publish.xrpc`'s).
Each part's record key is a TID fixed when the delivery was made, so after a crash the publisher asks for
that record first and, when it is there, counts the part as sent instead of posting it twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from studio.errors import FinalError, RetryableError
from studio.platforms import network_by_id
from studio.publish.base import (
    AccountHealth,
    PartInput,
    PostInput,
    Problem,
    ReconnectNeeded,
    Secret,
    SentPart,
)
from studio.publish.guardrails import picture_problems
from studio.publish.http import bad_answer, check_server_url, host_of, shown
from studio.publish.xrpc import NotFound, SessionStore, XrpcClient, checked_did
from studio.text import Facet, bluesky_facets, count
from studio.workflows.scheduling import Target

__all__ = ["BlueskyPublisher", "record_key"]

POST = "app.bsky.feed.post"
_NETWORK = network_by_id("bluesky")
_TARGET = Target("bluesky", "")
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
# What a post's address is made of: at://<DID>/app.bsky.feed.post/<record key>, and a CID (base32/58 text).
_POST_URI = re.compile(r"at://([^/]+)/app\.bsky\.feed\.post/([A-Za-z0-9._:~-]{1,512})")
_CID = re.compile(r"[A-Za-z0-9]{8,200}")


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
        self._xrpc_client = XrpcClient(
            self.service,
            self.handle,
            app_password,
            account_name=account_name,
            sessions=sessions,
            client=client,
        )
        self._xrpc = self._xrpc_client.call
        self._label = (
            f"Bluesky account {account_name!r} (@{self.handle})" if account_name else f"@{self.handle}"
        )

    def close(self) -> None:
        self._xrpc_client.close()

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
            counted = count(text, "bluesky")
            graphemes, size = counted.length, counted.byte_length or len(text.encode("utf-8"))
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
            # How many pictures and their alt text: the guardrails' rules and words.
            problems += picture_problems(index, part.images, _TARGET)
            for n, image in enumerate(part.images, 1):
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
        self,
        post: PostInput,
        done: Sequence[SentPart],
        on_sent: Callable[[SentPart], None],
        on_sending: Callable[[int], None] | None = None,
    ) -> list[SentPart]:
        """Create the records not yet sent, in order, each replying to the one before.

        `on_sending` is not needed: every part's record is looked up by its fixed key before it is made.
        """
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
            return self._sent(index, existing, what)
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
        parent = before[-1] if before else post.reply_to
        root = post.thread_root or (before[0] if before else post.reply_to)
        if parent is not None and root is not None:
            record["reply"] = {
                "root": {"uri": root.remote_id, "cid": root.cid},
                "parent": {"uri": parent.remote_id, "cid": parent.cid},
            }
        session = self._xrpc_client.session(what)
        body = {"repo": session.did, "collection": POST, "rkey": rkey, "record": record}
        try:
            data = self._xrpc("POST", "com.atproto.repo.createRecord", what=what, json_body=body)
        except FinalError:
            # A record with this key may exist already (a half-finished attempt): then the part was sent.
            existing = self._get_record(rkey, what)
            if existing is None:
                raise
            data = existing
        return self._sent(index, data, what)

    def _sent(self, index: int, record: dict[str, Any], what: str) -> SentPart:
        """The part as the PDS made it; an at:// URI or CID Studio cannot use is a bad answer, never kept."""
        uri = record.get("uri")
        found = _POST_URI.fullmatch(uri) if isinstance(uri, str) else None
        if found is None:
            raise bad_answer(what, self._host, f"{shown(uri)} is not the address of a Bluesky post")
        did = checked_did(found[1], host=self._host, what=what)
        return SentPart(
            index, str(uri), f"https://bsky.app/profile/{did}/post/{found[2]}", self._cid(record, what)
        )

    def _cid(self, record: dict[str, Any], what: str) -> str:
        cid = record.get("cid")
        if isinstance(cid, str) and _CID.fullmatch(cid):
            return cid
        raise bad_answer(what, self._host, f"{shown(cid)} is not a record's content id (CID)")

    def _with_cid(self, part: SentPart, post: PostInput) -> SentPart:
        if part.cid:
            return part
        rkey = part.remote_id.rsplit("/", 1)[-1]
        what = f"Reading part {part.index + 1} back from the {self._label}"
        found = self._get_record(rkey, what)
        return SentPart(part.index, part.remote_id, part.url, self._cid(found, what)) if found else part

    def _get_record(self, rkey: str, what: str) -> dict[str, Any] | None:
        session = self._xrpc_client.session(what)
        params = {"repo": session.did, "collection": POST, "rkey": rkey}
        try:
            return self._xrpc("GET", "com.atproto.repo.getRecord", what=what, params=params, missing_ok=True)
        except NotFound:
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
        try:  # a mention: Bluesky wants the DID, not the handle
            answer = self._xrpc(
                "GET",
                "com.atproto.identity.resolveHandle",
                what=what,
                params={"handle": facet.value},
                missing_ok=True,
            )
        except (NotFound, FinalError):
            return None  # an unknown handle stays plain text, as in Bluesky's own app
        did = checked_did(answer.get("did"), host=self._host, what=what)
        return {"$type": "app.bsky.richtext.facet#mention", "did": did}


def _compose(post: PostInput, index: int, part: PartInput) -> str:
    if index == 0 and post.content_warning:
        return f"CW: {post.content_warning}\n\n{part.text}"
    return part.text
