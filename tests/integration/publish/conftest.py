"""Real servers for the publishing tests: the Bluesky PDS (once per run) and the Mastodon-API server."""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from PIL import Image

from studio.secrets import CredentialStore
from studio.store import Account, Delivery, NewAccount, NewPost, PostStatus, Store, open_store
from tests.keyring_helpers import KEYRING, delete_secret, forget_session, set_secret
from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import PdsInfo


@dataclass(frozen=True)
class PdsAccount:
    handle: str
    did: str
    password: str  # the account password (only for setting up)
    app_password: str  # what Studio is given


@pytest.fixture
def pds_account(pds: PdsInfo) -> Callable[[str], PdsAccount]:
    """Make a fresh account (and an app password for Studio) on the PDS."""

    def make(name: str = "studio") -> PdsAccount:
        handle = f"{name}-{secrets.token_hex(3)}.test"
        password = secrets.token_urlsafe(12)
        with httpx.Client(base_url=pds.url, timeout=30) as client:
            made = client.post(
                "/xrpc/com.atproto.server.createAccount",
                json={"handle": handle, "password": password, "email": f"{handle}@example.com"},
            )
            made.raise_for_status()
            access = made.json()["accessJwt"]
            app = client.post(
                "/xrpc/com.atproto.server.createAppPassword",
                json={"name": "studio"},
                headers={"Authorization": f"Bearer {access}"},
            )
            app.raise_for_status()
        return PdsAccount(handle, made.json()["did"], password, app.json()["password"])

    return make


@pytest.fixture
def jpeg() -> Callable[..., bytes]:
    """Real JPEG bytes of the given size and colour."""

    def make(width: int = 64, height: int = 48, colour: tuple[int, int, int] = (200, 60, 30)) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=85)
        return buffer.getvalue()

    return make


@dataclass
class Workspace:
    """A real workspace (SQLite store + keyring secrets) with a Mastodon and a Bluesky account."""

    store: Store
    masto: Account
    bsky: Account
    home: Path
    secrets: tuple[str, ...]  # every credential handed to Studio, for the leak checks
    credentials: CredentialStore = KEYRING  # the real OS keyring, as the composition roots build it

    def add_post(
        self,
        *texts: str,
        accounts: tuple[Account, ...] = (),
        at: datetime | None = None,
        images: tuple[tuple[bytes, str], ...] = (),
        template: str = "",
        caption: str = "",
    ) -> int:
        """Queue a scheduled post (a thread when several texts are given) for the accounts; its id.

        Pictures are attached with `template` and `caption` ("" = no template, as `queue add --image` does).
        """
        chosen = accounts or (self.masto, self.bsky)
        media = []
        for n, (data, alt) in enumerate(images):
            path = self.home / f"upload-{secrets.token_hex(4)}-{n}.jpg"
            path.write_bytes(data)
            with Image.open(path) as image:
                size = image.size
            item = self.store.media.add(path, width=size[0], height=size[1], mime="image/jpeg", alt_text=alt)
            media.append((item.id, template, caption))
        parts = {a.network: tuple(texts) for a in chosen}
        new = NewPost(texts[0], tuple(a.id for a in chosen), parts, at, tuple(media))
        return self.store.posts.create(new, PostStatus.SCHEDULED).id

    def deliveries(self, post_id: int) -> dict[str, Delivery]:
        return {d.network: d for d in self.store.posts.get(post_id).deliveries}


@pytest.fixture
def workspace(
    studio_home: Path, mastodon: MastodonServer, pds: PdsInfo, pds_account: Callable[[str], PdsAccount]
) -> Iterator[Workspace]:
    """A store with `it-masto` (token in the keyring) on the Mastodon server and `it-bsky` on the PDS."""
    studio_home.mkdir(parents=True, exist_ok=True)
    account = pds_account("runner")
    with open_store(studio_home) as store:
        masto = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
        bsky = store.accounts.add(
            NewAccount("bluesky", "it-bsky", handle=account.handle, instance_url=pds.url)
        )
        set_secret(masto.id, "test-token")
        set_secret(bsky.id, account.app_password)
        try:
            yield Workspace(store, masto, bsky, studio_home, ("test-token", account.app_password))
        finally:
            for acc in (masto, bsky):
                delete_secret(acc.id)
            forget_session(bsky.id)
