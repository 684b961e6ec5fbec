"""A hub over TLS, as a team's IT gives it: `sslmode=verify-full` with the team's root certificate.

The test makes a throwaway certificate authority and a server certificate for 127.0.0.1 and localhost (the
openssl command line), starts a PostgreSQL of its own with `ssl=on`, and runs create, join and a sync through
URLs that say `sslmode=verify-full&sslrootcert=...`. A root certificate that did not sign the server's is
refused with the one-line HubError, before any password is sent.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from studio.store import NewPost, PostStatus, Store
from studio.team import HubError, create_team, join_team, parse_hub, sync_round
from tests.integration.team.postgres import PostgresServer, missing
from tests.keyring_helpers import KEYRING

Laptop = Callable[[str], Store]


@dataclass(frozen=True)
class TlsHub:
    server: PostgresServer
    ca: Path  # the root certificate that signed the server's
    stranger: Path  # a root certificate that did not

    def url(self, database: str, root: Path) -> str:
        return f"{self.server.url(database)}?sslmode=verify-full&sslrootcert={root}"


def _openssl(folder: Path, *args: str) -> None:
    subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=60)


def _authority(folder: Path, name: str) -> Path:
    _openssl(
        folder, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
        "-keyout", f"{name}.key", "-out", f"{name}.crt",
    )  # fmt: skip
    return folder / f"{name}.crt"


def _server_cert(folder: Path, ca: str) -> tuple[Path, Path]:
    (folder / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    _openssl(
        folder, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", "server.key", "-out", "server.csr",
    )  # fmt: skip
    _openssl(
        folder, "x509", "-req", "-in", "server.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.crt",
    )  # fmt: skip
    return folder / "server.crt", folder / "server.key"


@pytest.fixture(scope="module")
def tls_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsHub]:
    reason = missing()
    if reason:
        pytest.fail(reason)
    folder = tmp_path_factory.mktemp("tls")
    ca = _authority(folder, "team-ca")
    stranger = _authority(folder, "stranger-ca")
    server = PostgresServer(tls=_server_cert(folder, "team-ca"))
    try:
        yield TlsHub(server.start(), ca, stranger)
    finally:
        server.stop()


@pytest.fixture
def database(tls_hub: TlsHub) -> Iterator[str]:
    name = tls_hub.server.create_database()
    try:
        yield name
    finally:
        KEYRING.delete(parse_hub(tls_hub.url(name, tls_hub.ca))[0].key)
        tls_hub.server.drop_database(name)


def test_verify_full_with_the_teams_root_certificate_creates_joins_and_syncs(
    tls_hub: TlsHub, database: str, laptop: Laptop
) -> None:
    url = tls_hub.url(database, tls_hub.ca)
    with psycopg.connect(url) as conn:  # the same URL libpq is given: it really is TLS, verified
        row = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
        assert row == (True,)
    alice = laptop("alice")
    alice.posts.create(NewPost("Patch Tuesday"), PostStatus.DRAFT)
    create_team(alice, KEYRING, url, "IT comms", "alice")
    bob = laptop("bob")
    join_team(bob, KEYRING, url, "bob")
    assert [p.body for p in bob.posts.page(limit=10)] == ["Patch Tuesday"]
    bob.posts.create(NewPost("The VPN is back"), PostStatus.DRAFT)
    sync_round(bob, KEYRING)
    sync_round(alice, KEYRING)
    assert sorted(p.body for p in alice.posts.page(limit=10)) == ["Patch Tuesday", "The VPN is back"]


def test_a_root_certificate_that_did_not_sign_the_hubs_is_refused_in_one_line(
    tls_hub: TlsHub, database: str, laptop: Laptop
) -> None:
    alice = laptop("alice")
    with pytest.raises(HubError) as refused:
        create_team(alice, KEYRING, tls_hub.url(database, tls_hub.stranger), "IT comms", "alice")
    message = str(refused.value)
    assert "\n" not in message
    assert "cannot be reached" in message
    assert "certificate verify failed" in message
    assert "hub-test-" not in message  # never the password
