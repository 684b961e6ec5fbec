"""`studio alerts email|show|test|off`: e-mail a person when unattended publishing needs them."""

from __future__ import annotations

import argparse
import sys
from typing import Any

ORDER = 52


def register(subparsers: Any) -> None:
    """Add `alerts` and its subcommands."""
    parser = subparsers.add_parser(
        "alerts",
        help="e-mail someone when a post fails for good or an account needs reconnecting",
        description="`studio publish-due` (a timer, cron) e-mails what went wrong in one message per run, "
        "each failed post and account once. The SMTP password is kept in the OS keyring.",
    )
    sub = parser.add_subparsers(dest="alerts_command", metavar="ACTION", required=True)

    email = sub.add_parser("email", help="send alerts to this address through this SMTP server")
    email.add_argument(
        "--to", required=True, metavar="ADDR", help="who hears of it, like it-team@example.edu"
    )
    email.add_argument(
        "--smtp", required=True, metavar="HOST:PORT", help="the SMTP server, like smtp.example.edu:587"
    )
    email.add_argument("--starttls", action="store_true", help="switch to TLS with STARTTLS before sending")
    email.add_argument("--user", default="", metavar="U", help="log in to the server as this user")
    email.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the SMTP password from stdin into the OS keyring (with --user; never on the command line)",
    )
    email.add_argument("--from", dest="sender", default="", metavar="ADDR", help="sender (default: --to)")
    email.set_defaults(run=_email)

    show = sub.add_parser("show", help="show the alert settings (never the password)")
    show.set_defaults(run=_show)

    test = sub.add_parser("test", help="send a test e-mail now with the saved settings")
    test.set_defaults(run=_test)

    off = sub.add_parser("off", help="stop the e-mails and forget the SMTP password")
    off.set_defaults(run=_off)


def _email(args: argparse.Namespace) -> int:
    from studio.alerts import SMTP_PASSWORD_KEY, check_address, parse_server
    from studio.errors import InputError
    from studio.store import open_store
    from studio.store.times import now_utc, to_db

    to = check_address(args.to, "--to")
    sender = check_address(args.sender, "--from") if args.sender else ""
    host, port = parse_server(args.smtp)
    user = args.user.strip()
    if args.password_stdin and not user:
        raise InputError("--password-stdin", "needs --user", "give the SMTP user name with --user")
    if user and not args.password_stdin:
        raise InputError("--user", "needs --password-stdin", "pipe the SMTP password in: ... < password.txt")
    if any(c.isspace() for c in user):
        raise InputError("--user", "has spaces or line breaks", "give the SMTP user name alone")
    with open_store() as store:
        if user:
            args.credentials.set(SMTP_PASSWORD_KEY, _read_password())
        else:
            _forget_password(args.credentials)
        old = store.settings.get()
        store.settings.update(
            alert_email_to=to,
            alert_email_from=sender,
            alert_smtp=f"{host}:{port}",
            alert_smtp_starttls=bool(args.starttls),
            alert_smtp_user=user,
            # Turned on now: failures from before are not news. Changing the address keeps the start.
            alert_since=old.alert_since or to_db(now_utc()),
        )
    login = f", as {user} (password in the OS keyring)" if user else ""
    tls = " with STARTTLS" if args.starttls else ""
    print(f"alerts go to {to} through {host}:{port}{tls}{login}; `studio alerts test` sends one now")
    return 0


def _show(args: argparse.Namespace) -> int:
    from studio.alerts import email_settings, pending
    from studio.store import open_store

    with open_store() as store:
        settings = store.settings.get()
        chosen = email_settings(settings)
        if chosen is None:
            print("alerts: off (turn them on with `studio alerts email --to ADDR --smtp HOST:PORT`)")
            return 0
        waiting = pending(store)
    print(f"to\t{chosen.to}")
    print(f"from\t{chosen.sender}")
    print(f"smtp\t{chosen.host}:{chosen.port}{' (STARTTLS)' if chosen.starttls else ''}")
    if chosen.user:
        print(f"user\t{chosen.user} (password in the OS keyring)")
    print(f"since\t{settings.alert_since}")
    print(f"waiting\t{waiting.summary() or 'nothing'}")
    return 0


def _test(args: argparse.Namespace) -> int:
    from email.message import EmailMessage

    from studio.alerts import email_settings, send
    from studio.errors import InputError
    from studio.store import open_store

    with open_store() as store:
        chosen = email_settings(store.settings.get())
    if chosen is None:
        raise InputError(
            "alerts", "are off", "turn them on with `studio alerts email --to ADDR --smtp HOST:PORT`"
        )
    message = EmailMessage()
    message["Subject"] = "Studio: test alert"
    message["From"] = chosen.sender
    message["To"] = chosen.to
    message.set_content("This is a test from `studio alerts test`: alerts from publish-due reach you.\n")
    send(message, chosen, args.credentials)
    print(f"sent a test e-mail to {chosen.to}")
    return 0


def _off(args: argparse.Namespace) -> int:
    from studio.store import open_store

    with open_store() as store:
        store.settings.update(
            alert_email_to="",
            alert_email_from="",
            alert_smtp="",
            alert_smtp_starttls=False,
            alert_smtp_user="",
            alert_since="",
            alert_reconnect_ids="",
        )
    _forget_password(args.credentials)
    print("alerts: off")
    return 0


def _forget_password(credentials: Any) -> None:
    from studio.alerts import SMTP_PASSWORD_KEY
    from studio.errors import SecretStoreError

    try:
        credentials.delete(SMTP_PASSWORD_KEY)
    except SecretStoreError as error:  # nothing to forget can be there without a keyring either
        print(f"warning: {error.line()}", file=sys.stderr)


def _read_password() -> str:
    import getpass

    from studio.errors import InputError

    if sys.stdin.isatty():  # typed by hand: no echo
        password = getpass.getpass("SMTP password (not shown): ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InputError("--password-stdin", "nothing was read from stdin", "pipe it in: ... < password.txt")
    return password
