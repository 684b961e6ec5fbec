"""Accounts that act on the loopback Bluesky network (tests/servers/bsky_network.py) as another person's app
would: plain XRPC writes to the PDS (`com.atproto.repo.createRecord` / `deleteRecord`) of posts, replies,
mentions (with their facet), quotes, likes and reposts. The AppView sees them after `process_all()`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

POST = "app.bsky.feed.post"


@dataclass(frozen=True)
class Ref:
    """A record's strong reference."""

    uri: str
    cid: str

    def as_json(self) -> dict[str, str]:
        return {"uri": self.uri, "cid": self.cid}


class BskyActor:
    """One account on the network's PDS, signed in with its password; `app_password` is what Studio gets."""

    def __init__(self, pds: str, name: str) -> None:
        self.handle = f"{name}-{secrets.token_hex(3)}.test"
        self.password = secrets.token_urlsafe(12)
        self._client = httpx.Client(base_url=pds, timeout=30)
        made = self._client.post(
            "/xrpc/com.atproto.server.createAccount",
            json={"handle": self.handle, "password": self.password, "email": f"{self.handle}@example.com"},
        )
        made.raise_for_status()
        self.did: str = made.json()["did"]
        self._client.headers["Authorization"] = f"Bearer {made.json()['accessJwt']}"
        app = self._client.post("/xrpc/com.atproto.server.createAppPassword", json={"name": "studio"})
        app.raise_for_status()
        self.app_password: str = app.json()["password"]

    def close(self) -> None:
        self._client.close()

    def _create(self, collection: str, record: dict[str, Any]) -> Ref:
        record = {"$type": collection, "createdAt": _now(), **record}
        answer = self._client.post(
            "/xrpc/com.atproto.repo.createRecord",
            json={"repo": self.did, "collection": collection, "record": record},
        )
        answer.raise_for_status()
        return Ref(answer.json()["uri"], answer.json()["cid"])

    def post(
        self,
        text: str,
        *,
        reply_to: Ref | None = None,
        root: Ref | None = None,
        quote: Ref | None = None,
        mention: BskyActor | None = None,
    ) -> Ref:
        """A post; a reply to `reply_to` (in the thread of `root`, by default `reply_to`), a quote of `quote`;
        `@<mention's handle>` in `text` becomes a mention facet (what notifies that account)."""
        record: dict[str, Any] = {"text": text}
        if reply_to is not None:
            record["reply"] = {"root": (root or reply_to).as_json(), "parent": reply_to.as_json()}
        if quote is not None:
            record["embed"] = {"$type": "app.bsky.embed.record", "record": quote.as_json()}
        if mention is not None:
            tag = f"@{mention.handle}".encode()
            start = text.encode().index(tag)
            record["facets"] = [
                {
                    "index": {"byteStart": start, "byteEnd": start + len(tag)},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": mention.did}],
                }
            ]
        return self._create(POST, record)

    def like(self, subject: Ref) -> Ref:
        return self._create("app.bsky.feed.like", {"subject": subject.as_json()})

    def repost(self, subject: Ref) -> Ref:
        return self._create("app.bsky.feed.repost", {"subject": subject.as_json()})

    def delete(self, uri: str) -> None:
        collection, rkey = uri.split("/")[-2:]
        answer = self._client.post(
            "/xrpc/com.atproto.repo.deleteRecord",
            json={"repo": self.did, "collection": collection, "rkey": rkey},
        )
        answer.raise_for_status()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
