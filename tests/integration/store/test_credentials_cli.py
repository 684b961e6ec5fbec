"""Issue 12: credentials through the CLI, against the real keyring and the loopback Mastodon server.

A new credential replaces the working one only once the server takes it (item 5); a token that cannot travel
in an HTTP header and an unusable `PYTHON_KEYRING_BACKEND` are refused when given, with nothing half-made
(item 10).
"""

from __future__ import annotations

import json

import pytest

from tests.integration.store.conftest import Cli
from tests.servers.mastodon_server import MastodonServer

OLD, NEW = "old-token-1b9e-do-not-leak", "new-token-7c2d-do-not-leak"


def _add(cli: Cli, url: str, token: str = OLD, name: str = "it-masto") -> None:
    added = cli(
        "accounts", "add", "mastodon", "--name", name, "--instance", url, "--secret-stdin", stdin=token
    )  # fmt: skip
    assert added.returncode == 0, added.stderr


def _names(cli: Cli) -> list[str]:
    listed = cli("accounts", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return [a["name"] for a in json.loads(listed.stdout)]


def _remove_all(cli: Cli) -> None:
    for name in _names(cli):
        assert cli("accounts", "remove", name).returncode == 0


def _one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in stderr
    assert "internal error" not in stderr
    return lines[0]


def test_a_refused_credential_never_replaces_the_working_one(cli: Cli) -> None:
    with MastodonServer(token=OLD) as server:
        _add(cli, server.url)
        try:
            refused = cli("accounts", "reconnect", "it-masto", "--secret-stdin", stdin=NEW)
            assert refused.returncode == 1
            line = _one_error_line(refused.stderr)
            assert "refused the new credential" in line
            assert "the one before it is kept" in line
            assert NEW not in refused.stdout + refused.stderr
            # The old token still works: the account is not broken by the attempt.
            check = cli("accounts", "check", "it-masto")
            assert check.returncode == 0, check.stdout + check.stderr
            assert "\tok\t" in check.stdout
            # A token the server takes replaces it.
            server.add_token(NEW, "studio")
            server.revoke(OLD)
            taken = cli("accounts", "reconnect", "it-masto", "--secret-stdin", stdin=NEW)
            assert taken.returncode == 0, taken.stderr
            assert "\tok\t" in taken.stdout
            assert cli("accounts", "check", "it-masto").returncode == 0
        finally:
            _remove_all(cli)


def test_offline_a_new_credential_waits_beside_the_old_one_until_verified(cli: Cli) -> None:
    server = MastodonServer(token=OLD).start()
    port = int(server.url.rsplit(":", 1)[1])
    _add(cli, server.url)
    try:
        server.stop()  # offline
        waiting = cli("accounts", "reconnect", "it-masto", "--secret-stdin", stdin=NEW)
        assert waiting.returncode == 0, waiting.stderr
        assert "not verified yet (offline)" in waiting.stdout
        # Back online, the server still knows only the old token: the new one is refused, the old one kept.
        with MastodonServer(token=OLD, port=port):
            refused = cli("accounts", "check", "it-masto")
            assert refused.returncode == 1
            assert "refused the new credential" in refused.stdout
            again = cli("accounts", "check", "it-masto")
            assert again.returncode == 0, again.stdout  # the refused one is gone; the old one works
        # Offline again (that server stopped at the end of its block): the next try waits too.
        waiting = cli("accounts", "reconnect", "it-masto", "--secret-stdin", stdin=NEW)
        assert "not verified yet (offline)" in waiting.stdout
        with MastodonServer(token=NEW, port=port):  # the old one was revoked meanwhile; the new one works
            check = cli("accounts", "check", "it-masto")
            assert check.returncode == 0, check.stdout
            assert "\tok\t" in check.stdout
            assert cli("accounts", "check", "it-masto").returncode == 0  # the new one is the one in use now
    finally:
        _remove_all(cli)


@pytest.mark.parametrize("token", ["tök-en-1234", "tok\u200ben", "tok\x07en"])
def test_a_token_that_cannot_travel_in_a_header_is_refused_when_added(cli: Cli, token: str) -> None:
    with MastodonServer(token=token.encode("ascii", "replace").decode()) as server:
        added = cli(
            "accounts", "add", "mastodon", "--name", "it-masto", "--instance", server.url, "--secret-stdin",
            stdin=token,
        )  # fmt: skip
        assert added.returncode == 1
        line = _one_error_line(added.stderr)
        assert "printable ASCII" in line
        assert token not in line
        assert _names(cli) == []


def test_an_unknown_keyring_backend_is_one_clear_error_and_no_account(cli: Cli) -> None:
    import os

    env = dict(os.environ, PYTHON_KEYRING_BACKEND="no.such.Backend")
    added = cli(
        "accounts", "add", "mastodon", "--name", "it-masto", "--instance", "https://uni.example",
        "--secret-stdin", stdin=OLD, env=env,
    )  # fmt: skip
    assert added.returncode == 1
    line = _one_error_line(added.stderr)
    assert "PYTHON_KEYRING_BACKEND" in line
    assert "unset PYTHON_KEYRING_BACKEND" in line
    assert _names(cli) == []  # no half-made account row
    listed = cli("accounts", "list", env=env)
    assert listed.returncode == 0  # listing still works; the credential state says the keyring is unusable


def test_a_non_ascii_token_stored_before_the_refusal_asks_for_reconnecting(cli: Cli) -> None:
    from tests.keyring_helpers import delete_secret, set_secret

    with MastodonServer(token=OLD) as server:
        _add(cli, server.url)
        [account] = json.loads(cli("accounts", "list", "--json").stdout)
        set_secret(account["id"], "tök-en-1234")  # as an older Studio stored it
        try:
            check = cli("accounts", "check")
            assert check.returncode == 1
            assert "Traceback" not in check.stderr
            assert "RECONNECT" in check.stdout
            assert "tök" not in check.stdout + check.stderr
        finally:
            delete_secret(account["id"])
            _remove_all(cli)
