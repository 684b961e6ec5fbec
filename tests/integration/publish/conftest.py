"""Real servers for the publishing tests: the Bluesky PDS (once per run) and the Mastodon-API server."""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest
from PIL import Image

from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import PdsInfo, PdsProcess, missing


@pytest.fixture(scope="session")
def pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PdsInfo]:
    """A real @atproto/pds with an in-memory PLC on 127.0.0.1, started once per test run."""
    reason = missing()
    if reason:
        pytest.fail(reason)
    process = PdsProcess(tmp_path_factory.mktemp("pds"))
    try:
        yield process.start()
    finally:
        process.stop()


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
def mastodon() -> Iterator[MastodonServer]:
    """A Mastodon-API server on 127.0.0.1 with token `test-token` for user `studio`."""
    with MastodonServer() as server:
        yield server


@pytest.fixture
def jpeg() -> Callable[..., bytes]:
    """Real JPEG bytes of the given size and colour."""

    def make(width: int = 64, height: int = 48, colour: tuple[int, int, int] = (200, 60, 30)) -> bytes:
        buffer = io.BytesIO()
        Image.new("RGB", (width, height), colour).save(buffer, "JPEG", quality=85)
        return buffer.getvalue()

    return make
