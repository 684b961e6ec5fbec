"""E-mail alerts from unattended publishing: what a person must hear of, and sending it with smtplib.

`publish-due` calls `send_alerts` after each run. It gathers what is new since the last alert (`pending`):
deliveries that failed for good after alerts were turned on and have no `alert_sent` line in their audit
after their latest failure, and accounts flagged for reconnecting that were not alerted yet (their ids are
kept in the workspace setting `alert_reconnect_ids` until the account is fixed, so a second break is news
again). All of it goes in one e-mail; only once the SMTP server accepted it are the items marked, so a
server that is down means the same items are tried again on the next run, and nothing is ever sent twice.

The message names each post, account and network, the reason and the fix. It is built only from stored names
and error lines, which never hold a credential; the SMTP password lives in the OS keyring under
`SMTP_PASSWORD_KEY` and is only ever handed to `smtplib`. Qt-free, like the rest of the core.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from studio.errors import InputError, UserError
from studio.secrets import CredentialStore
from studio.store import Store
from studio.store.settings import WorkspaceSettings
from studio.store.times import from_db, now_utc, to_db

__all__ = [
    "ALERT_EVENT",
    "SMTP_PASSWORD_KEY",
    "AlertError",
    "EmailSettings",
    "Failure",
    "Pending",
    "Reconnect",
    "check_address",
    "compose",
    "email_settings",
    "mark_alerted",
    "parse_server",
    "pending",
    "send",
    "send_alerts",
]

SMTP_PASSWORD_KEY = "alerts:smtp"  # the keyring entry (service `studio`) of the SMTP password
ALERT_EVENT = "alert_sent"  # the audit line that says a failure was e-mailed
_TIMEOUT = 20.0  # seconds for each SMTP step: a hung server must not hold up the next timer run


class AlertError(UserError):
    """The alert e-mail could not be sent (the server refused or could not be reached)."""


@dataclass(frozen=True, slots=True)
class EmailSettings:
    """Where alerts go and through which server (the password is in the keyring, not here)."""

    to: str
    sender: str
    host: str
    port: int
    starttls: bool
    user: str


@dataclass(frozen=True, slots=True)
class Failure:
    """A delivery that failed for good and was not alerted yet."""

    delivery_id: int
    post_id: int
    account: str
    network: str
    reason: str
    first_line: str  # the post's first line, so a person knows which post it is


@dataclass(frozen=True, slots=True)
class Reconnect:
    """An account that needs reconnecting and was not alerted yet."""

    account_id: int
    name: str
    network: str
    reason: str


@dataclass(frozen=True, slots=True)
class Pending:
    """What the next alert e-mail would say."""

    failures: tuple[Failure, ...] = ()
    reconnects: tuple[Reconnect, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.failures or self.reconnects)

    def summary(self) -> str:
        """`2 failed posts, 1 account to reconnect`."""
        parts = []
        if self.failures:
            n = len(self.failures)
            parts.append(f"{n} failed post{'s' if n != 1 else ''}")
        if self.reconnects:
            n = len(self.reconnects)
            parts.append(f"{n} account{'s' if n != 1 else ''} to reconnect")
        return ", ".join(parts)


def check_address(address: str, what: str) -> str:
    """A plain e-mail address (`name@host`), or InputError; no display names, spaces or line breaks."""
    address = address.strip()
    _name, parsed = parseaddr(address)
    local, _, host = parsed.rpartition("@")
    if parsed != address or not local or "." not in host or any(c.isspace() for c in address):
        raise InputError(what, f"{address!r} is not an e-mail address", "give one like it-team@example.edu")
    return address


def parse_server(text: str) -> tuple[str, int]:
    """`HOST:PORT` as (host, port); InputError naming the fix."""
    host, sep, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise InputError(
            f"SMTP server {text!r}", "is not HOST:PORT", "give it like smtp.example.edu:587 (or :25)"
        )
    return host, int(port)


def email_settings(settings: WorkspaceSettings) -> EmailSettings | None:
    """The workspace's e-mail alert settings, or None when alerts are off."""
    if not settings.alert_email_to or not settings.alert_smtp:
        return None
    host, port = parse_server(settings.alert_smtp)
    return EmailSettings(
        to=settings.alert_email_to,
        sender=settings.alert_email_from or settings.alert_email_to,
        host=host,
        port=port,
        starttls=settings.alert_smtp_starttls,
        user=settings.alert_smtp_user,
    )


def pending(store: Store) -> Pending:
    """Failures and reconnects that happened since alerts were turned on and were not e-mailed yet."""
    settings = store.settings.get()
    since = settings.alert_since or to_db(now_utc())
    with store.db.read() as conn:
        rows = conn.execute(
            "SELECT d.id, d.post_id, d.account_name, d.network, d.last_error, p.body "
            "FROM deliveries d JOIN posts p ON p.id = d.post_id "
            "JOIN (SELECT delivery_id, max(id) AS last_id FROM delivery_events WHERE kind = 'failed' "
            "      GROUP BY delivery_id) f ON f.delivery_id = d.id "
            "JOIN delivery_events e ON e.id = f.last_id "
            "WHERE d.state = 'failed' AND e.at >= ? AND NOT EXISTS ("
            "  SELECT 1 FROM delivery_events a WHERE a.delivery_id = d.id AND a.kind = ? AND a.id > f.last_id"
            ") ORDER BY d.id",
            (since, ALERT_EVENT),
        ).fetchall()
    failures = tuple(
        Failure(int(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4]) or "no reason recorded", _first(r[5]))
        for r in rows
    )
    alerted = _ids(settings.alert_reconnect_ids)
    since_at = from_db(since)
    reconnects = tuple(
        Reconnect(a.id, a.name, a.network, a.reconnect_reason or "the network refused its credential")
        for a in store.accounts.list()
        if a.needs_reconnect
        and a.id not in alerted
        and a.last_checked_at is not None
        and a.last_checked_at >= since_at
    )
    return Pending(failures, reconnects)


def compose(items: Pending, settings: EmailSettings, *, workspace: str = "") -> EmailMessage:
    """The alert e-mail: one paragraph per failed post and per account, each with its fix."""
    message = EmailMessage()
    message["Subject"] = f"Studio: {items.summary()}"
    message["From"] = settings.sender
    message["To"] = settings.to
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=_domain(settings.sender))
    lines = [f"Unattended publishing on {socket.gethostname()} needs you: {items.summary()}."]
    if workspace:
        lines.append(f"Workspace: {workspace}")
    for failure in items.failures:
        lines += [
            "",
            f'Post {failure.post_id} ("{failure.first_line}") failed for good on {failure.account} '
            f"({failure.network}).",
            f"Reason: {failure.reason}",
            f"Fix: deal with the reason above, then send it again with `studio queue retry "
            f"{failure.post_id}` (or drop it with `studio queue cancel {failure.post_id}`).",
        ]
    for account in items.reconnects:
        lines += [
            "",
            f"Account {account.name} ({account.network}) needs reconnecting: its posts stop until then.",
            f"Reason: {account.reason}",
            f"Fix: make a new token or app password on {account.network}, give it to `studio accounts "
            f"reconnect {account.name} --secret-stdin`, then `studio queue retry POST` for its failed posts.",
        ]
    lines += ["", "Studio sends each of these once. `studio alerts off` stops these e-mails."]
    message.set_content("\n".join(lines) + "\n")
    return message


def send(message: EmailMessage, settings: EmailSettings, credentials: CredentialStore) -> None:
    """Hand the message to the SMTP server (STARTTLS and login when set); AlertError if it cannot."""
    what = f"alert e-mail to {settings.to}"
    password = credentials.get(SMTP_PASSWORD_KEY) if settings.user else None  # SecretStoreError as is
    if settings.user and not password:
        raise AlertError(
            what,
            f"the OS keyring has no SMTP password for {settings.user}",
            "give it again: studio alerts email ... --user USER --password-stdin",
        )
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=_TIMEOUT) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.user and password:
                smtp.login(settings.user, password)
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as error:
        raise AlertError(
            what,
            f"{settings.host} refused the user name or password (SMTP {error.smtp_code})",
            "set them again with `studio alerts email ... --user USER --password-stdin`",
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise AlertError(
            what,
            f"{settings.host} does not offer STARTTLS or login",
            "check the server and port, or leave out --starttls/--user",
        ) from None
    except smtplib.SMTPResponseException as error:
        raise AlertError(
            what, f"{settings.host} refused it (SMTP {error.smtp_code})", "check the alert settings"
        ) from None
    except ssl.SSLError as error:
        raise AlertError(
            what,
            f"the TLS connection to {settings.host} failed ({error.reason or type(error).__name__})",
            "check the server's certificate, or the port for STARTTLS (usually 587)",
        ) from None
    except UnicodeError:  # smtplib sends the user name and password as ASCII
        raise AlertError(
            what,
            "the SMTP user name or password has letters the server's login cannot carry (not ASCII)",
            "check them, then `studio alerts email ... --user USER --password-stdin`",
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        raise AlertError(
            what,
            f"could not reach {settings.host}:{settings.port} ({type(error).__name__})",
            "check the server name and port, and that it is up",
        ) from None


def mark_alerted(store: Store, items: Pending) -> None:
    """Remember what the e-mail said, so no run sends it again."""
    for failure in items.failures:
        store.deliveries.append_event(failure.delivery_id, ALERT_EVENT, "e-mailed")
    if items.reconnects:
        ids = _ids(store.settings.get().alert_reconnect_ids) | {r.account_id for r in items.reconnects}
        store.settings.update(alert_reconnect_ids=_joined(ids))


def send_alerts(store: Store, credentials: CredentialStore) -> str | None:
    """E-mail what is new (see the module doc); returns a line saying so, or None when there was nothing.

    Raises AlertError (or SecretStoreError for the SMTP password) when it could not be sent; nothing is
    marked then, so the next run tries again.
    """
    settings = email_settings(store.settings.get())
    if settings is None:
        return None
    _forget_fixed(store)
    items = pending(store)
    if not items:
        return None
    send(compose(items, settings, workspace=str(store.workspace)), settings, credentials)
    mark_alerted(store, items)
    return f"sent an alert e-mail to {settings.to}: {items.summary()}"


def _forget_fixed(store: Store) -> None:
    """Accounts reconnected since their alert leave the list: breaking again is news again."""
    alerted = _ids(store.settings.get().alert_reconnect_ids)
    if not alerted:
        return
    broken = {a.id for a in store.accounts.list() if a.needs_reconnect}
    if alerted - broken:
        store.settings.update(alert_reconnect_ids=_joined(alerted & broken))


def _ids(text: str) -> set[int]:
    return {int(part) for part in text.split(",") if part.strip().isdigit()}


def _joined(ids: set[int]) -> str:
    return ",".join(str(i) for i in sorted(ids))


def _first(body: object) -> str:
    line = next((s.strip() for s in str(body or "").splitlines() if s.strip()), "")
    return line if len(line) <= 80 else line[:79] + "…"


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "localhost"
