"""E-mail alerts from `studio publish-due`, received by a real SMTP server (aiosmtpd) on loopback.

The post fails for good on the loopback Mastodon-API server (an injected 422, or a revoked token); the
workspace is real SQLite and the SMTP password sits in the real OS keyring (scripts/with-keyring.sh).
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from studio.alerts import SMTP_PASSWORD_KEY
from studio.store import Account, DeliveryState, NewAccount, NewPost, PostStatus, Store, open_store
from tests.keyring_helpers import KEYRING, delete_secret, set_secret
from tests.servers.mastodon_server import Fault, MastodonServer
from tests.servers.pds_process import REPO

TO = "it-team@example.edu"
TOO_LONG = Fault(
    "answer", status=422, payload={"error": "Validation failed: Text character limit of 500 exceeded"}
)


class Inbox:
    """What the SMTP server received: each message parsed, and each login it accepted."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []
        self.logins: list[tuple[str, str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.raw.append(envelope.content)
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def body(self, n: int) -> str:
        return str(self.messages[n].get_content())


class SmtpServer:
    """aiosmtpd's Controller on 127.0.0.1 at a given port; `stop()` (or the fixture) ends it."""

    def __init__(self, port: int, **options: Any) -> None:
        self.inbox = Inbox()
        self.port = port
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=port, **options)

    def start(self) -> SmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def servers() -> Iterator[list[SmtpServer]]:
    """SMTP servers a test starts; every one still running is stopped at the end."""
    started: list[SmtpServer] = []
    yield started
    for server in started:
        server.stop()


@pytest.fixture
def masto(studio_home: Path, mastodon: MastodonServer) -> Iterator[tuple[Store, Account]]:
    studio_home.mkdir(parents=True, exist_ok=True)
    with open_store(studio_home) as store:
        account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
        set_secret(account.id, "test-token")
        try:
            yield store, account
        finally:
            delete_secret(account.id)
            KEYRING.delete(SMTP_PASSWORD_KEY)


def _post(store: Store, account: Account, text: str) -> int:
    new = NewPost(text, (account.id,), {"mastodon": (text,)})
    return store.posts.create(new, PostStatus.SCHEDULED).id


def _studio(
    home: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        input=stdin,
        cwd=REPO,
        env={**os.environ, "STUDIO_HOME": str(home), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_failure_and_a_reconnect_are_each_emailed_once(
    masto: tuple[Store, Account], mastodon: MastodonServer, servers: list[SmtpServer], studio_home: Path
) -> None:
    store, account = masto
    smtp = SmtpServer(_free_port()).start()
    servers.append(smtp)
    setup = _studio(studio_home, "alerts", "email", "--to", TO, "--smtp", f"127.0.0.1:{smtp.port}")
    assert setup.returncode == 0, setup.stderr

    first = _post(store, account, "Exam results are out today\nCheck the portal.")
    mastodon.fail_next(TOO_LONG)
    run = _studio(studio_home, "publish-due")

    assert run.returncode == 1  # the post failed: the same status as without alerts
    assert f"sent an alert e-mail to {TO}: 1 failed post" in run.stderr
    [mail] = smtp.inbox.messages
    assert mail["To"] == TO
    assert mail["Subject"] == "Studio: 1 failed post"
    body = smtp.inbox.body(0)
    assert f'Post {first} ("Exam results are out today") failed for good on it-masto (mastodon).' in body
    assert "Validation failed: Text character limit of 500 exceeded" in body  # the reason
    assert f"`studio queue retry {first}`" in body  # the fix
    assert b"test-token" not in smtp.inbox.raw[0]

    again = _studio(studio_home, "publish-due")
    assert (again.returncode, again.stderr.strip()) == (0, "nothing due")
    assert len(smtp.inbox.messages) == 1  # once, not every run

    # The token is revoked: the next post fails and the account needs reconnecting.
    mastodon.revoke("test-token")
    second = _post(store, account, "Wi-Fi maintenance tonight")
    broke = _studio(studio_home, "publish-due")
    assert broke.returncode == 1
    assert "1 failed post, 1 account to reconnect" in broke.stderr
    assert smtp.inbox.messages[1]["Subject"] == "Studio: 1 failed post, 1 account to reconnect"
    body = smtp.inbox.body(1)
    assert f"Post {second} " in body
    assert f"Post {first} " not in body
    assert "Account it-masto (mastodon) needs reconnecting" in body
    assert "no longer accepts Studio's access token" in body
    assert "`studio accounts reconnect it-masto --secret-stdin`" in body

    # A third post fails while the account is still broken: news about the post, not the account again.
    third = _post(store, account, "Printer queue cleared")
    _studio(studio_home, "publish-due")
    assert len(smtp.inbox.messages) == 3
    body = smtp.inbox.body(2)
    assert f"Post {third} " in body
    assert "needs reconnecting:" not in body
    for raw in smtp.inbox.raw:
        assert b"test-token" not in raw

    shown = _studio(studio_home, "alerts", "show")
    assert shown.returncode == 0, shown.stderr
    assert f"to\t{TO}\n" in shown.stdout
    assert f"smtp\t127.0.0.1:{smtp.port}\n" in shown.stdout
    assert "waiting\tnothing\n" in shown.stdout


def test_a_failing_smtp_server_never_changes_the_run_and_the_alert_comes_later(
    masto: tuple[Store, Account], mastodon: MastodonServer, servers: list[SmtpServer], studio_home: Path
) -> None:
    store, account = masto
    port = _free_port()  # nothing listens there yet
    setup = _studio(studio_home, "alerts", "email", "--to", TO, "--smtp", f"127.0.0.1:{port}")
    assert setup.returncode == 0, setup.stderr

    failed = _post(store, account, "Library opening hours change")
    mastodon.fail_next(TOO_LONG)
    run = _studio(studio_home, "publish-due")
    assert run.returncode == 1  # as without alerts: a post failed
    assert f"warning: alert e-mail to {TO}: could not reach 127.0.0.1:{port}" in run.stderr
    assert "the alert is tried again on the next run" in run.stderr
    assert "Traceback" not in run.stderr
    [delivery] = store.posts.get(failed).deliveries
    assert delivery.state is DeliveryState.FAILED

    fine = _post(store, account, "Help desk open until 6")
    ok = _studio(studio_home, "publish-due")
    assert ok.returncode == 0, ok.stderr  # the post went out; the unsent alert does not make it fail
    assert ok.stdout.startswith("sent\t")
    assert "warning: alert e-mail" in ok.stderr
    assert [d.state for d in store.posts.get(fine).deliveries] == [DeliveryState.SENT]

    smtp = SmtpServer(port).start()
    servers.append(smtp)
    later = _studio(studio_home, "publish-due")
    assert later.returncode == 0, later.stderr
    assert f"sent an alert e-mail to {TO}: 1 failed post" in later.stderr
    [_mail] = smtp.inbox.messages
    assert f"Post {failed} " in smtp.inbox.body(0)
    assert f"Post {fine} " not in smtp.inbox.body(0)
    _studio(studio_home, "publish-due")
    assert len(smtp.inbox.messages) == 1


def _files_hold(text: str, folder: Path) -> list[str]:
    """Files under `folder` whose bytes hold `text`, read by another process: opening the database file
    here and closing it would drop this process's SQLite locks on it (POSIX locks are per process)."""
    script = (
        "import pathlib, sys\n"
        "needle = sys.argv[2].encode()\n"
        "for p in pathlib.Path(sys.argv[1]).rglob('*'):\n"
        "    if p.is_file() and needle in p.read_bytes(): print(p)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder), text],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.splitlines()


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl comes with ca-certificates on Debian)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


@pytest.mark.expect_log  # aiosmtpd's own AUTH code logs that a field it reads is deprecated
def test_starttls_and_login_with_the_password_from_the_keyring(
    masto: tuple[Store, Account],
    mastodon: MastodonServer,
    servers: list[SmtpServer],
    studio_home: Path,
    tmp_path: Path,
) -> None:
    store, account = masto
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    password = "correct horse battery"
    logins: list[tuple[str, str]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=data.password.decode() == password)

    smtp = SmtpServer(
        _free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
    ).start()
    servers.append(smtp)
    setup = _studio(
        studio_home,
        *("alerts", "email", "--to", TO, "--smtp", f"127.0.0.1:{smtp.port}", "--starttls"),
        *("--user", "alerts-bot", "--password-stdin"),
        stdin=password + "\n",
    )
    assert setup.returncode == 0, setup.stderr
    assert password not in setup.stdout + setup.stderr
    assert KEYRING.get(SMTP_PASSWORD_KEY) == password
    assert _files_hold("alerts-bot", studio_home)  # the search finds what the settings do keep
    assert not _files_hold(password, studio_home)

    post = _post(store, account, "New VPN client for staff")
    mastodon.fail_next(TOO_LONG)
    trusted = {"SSL_CERT_FILE": str(cert)}  # the test's own certificate authority
    run = _studio(studio_home, "publish-due", env=trusted)

    assert run.returncode == 1
    assert "sent an alert e-mail" in run.stderr, run.stderr
    assert logins == [("alerts-bot", password)]
    assert f"Post {post} " in smtp.inbox.body(0)
    assert password.encode() not in smtp.inbox.raw[0]
    shown = _studio(studio_home, "alerts", "show")
    assert "user\talerts-bot (password in the OS keyring)" in shown.stdout
    assert password not in shown.stdout

    # A server whose certificate is not trusted is refused, and said so; the run's status is unchanged.
    _post(store, account, "Another post that fails")
    mastodon.fail_next(TOO_LONG)
    untrusted = _studio(studio_home, "publish-due")
    assert untrusted.returncode == 1
    assert f"warning: alert e-mail to {TO}: the TLS connection to 127.0.0.1 failed" in untrusted.stderr
    assert len(smtp.inbox.messages) == 1

    off = _studio(studio_home, "alerts", "off")
    assert off.returncode == 0, off.stderr
    assert KEYRING.get(SMTP_PASSWORD_KEY) is None
    assert _studio(studio_home, "alerts", "show").stdout.startswith("alerts: off")


def test_alerts_email_refuses_bad_settings(studio_home: Path) -> None:
    bad_to = _studio(studio_home, "alerts", "email", "--to", "it team", "--smtp", "smtp.example.edu:587")
    assert bad_to.returncode == 1
    assert "error: --to: 'it team' is not an e-mail address" in bad_to.stderr
    bad_smtp = _studio(studio_home, "alerts", "email", "--to", TO, "--smtp", "smtp.example.edu")
    assert bad_smtp.returncode == 1
    assert "is not HOST:PORT" in bad_smtp.stderr
    no_user = _studio(
        studio_home, "alerts", "email", "--to", TO, "--smtp", "smtp.example.edu:25", "--password-stdin"
    )
    assert no_user.returncode == 1
    assert "error: --password-stdin: needs --user" in no_user.stderr
    assert _studio(studio_home, "alerts", "show").stdout.startswith("alerts: off")


def test_alerts_test_sends_one_now_and_says_when_it_cannot(
    servers: list[SmtpServer], studio_home: Path
) -> None:
    smtp = SmtpServer(_free_port()).start()
    servers.append(smtp)
    assert (
        _studio(studio_home, "alerts", "email", "--to", TO, "--smtp", f"127.0.0.1:{smtp.port}").returncode
        == 0
    )

    sent = _studio(studio_home, "alerts", "test")
    assert (sent.returncode, sent.stdout) == (0, f"sent a test e-mail to {TO}\n")
    [mail] = smtp.inbox.messages
    assert (mail["Subject"], mail["To"], mail["From"]) == ("Studio: test alert", TO, TO)

    smtp.stop()
    servers.remove(smtp)
    down = _studio(studio_home, "alerts", "test")
    assert down.returncode == 1
    assert down.stderr.startswith(f"error: alert e-mail to {TO}: could not reach 127.0.0.1:{smtp.port}")
    assert "Traceback" not in down.stderr
