"""`studio accounts`: add, list and remove accounts (secrets go to the OS keyring), and the handover sheet."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ORDER = 30


def register(subparsers: Any) -> None:
    """Add `accounts` and its subcommands."""
    parser = subparsers.add_parser("accounts", help="the team's accounts and where their credentials live")
    sub = parser.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="add an account; the credential is read from stdin into the OS keyring")
    add.add_argument("network", metavar="NETWORK", help="mastodon, bluesky, x, instagram, ...")
    add.add_argument("--name", required=True, help="a short name you will use, like it-mastodon")
    add.add_argument("--instance", default="", help="the server, for Mastodon: https://example.social")
    add.add_argument("--handle", default="", help="the account's handle, like @it@example.social")
    add.add_argument("--owner", default="", help="who is responsible for it")
    add.add_argument("--notes", default="", help="anything the next team should know")
    add.add_argument(
        "--secret-stdin",
        action="store_true",
        help="read the access token or app password from stdin (never give it on the command line)",
    )
    add.add_argument(
        "--sign-in",
        action="store_true",
        help="Mastodon: sign in with a browser; prints the address to open, then reads the code from stdin",
    )
    add.set_defaults(run=_add)

    listing = sub.add_parser("list", help="list the accounts")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    listing.set_defaults(run=_list)

    remove = sub.add_parser("remove", help="remove an account and its keyring entry")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(run=_remove)

    check = sub.add_parser("check", help="check each credential with its network (all, or the NAMEs given)")
    check.add_argument("names", nargs="*", metavar="NAME")
    check.set_defaults(run=_check)

    reconnect = sub.add_parser("reconnect", help="give an account a new token or app password (from stdin)")
    reconnect.add_argument("name", metavar="NAME")
    reconnect.add_argument("--secret-stdin", action="store_true", help="read the new credential from stdin")
    reconnect.set_defaults(run=_reconnect)

    handover = sub.add_parser("handover", help="write the handover sheet (Markdown, or HTML for .html)")
    handover.add_argument("--out", required=True, type=Path, metavar="FILE", help="FILE.md or FILE.html")
    handover.add_argument(
        "--team-notes-file",
        type=Path,
        metavar="FILE",
        help="save these team notes first (kept)",
    )
    handover.set_defaults(run=_handover)


def _read_secret() -> str:
    import getpass

    from studio.errors import InputError

    if sys.stdin.isatty():  # typed by hand: no echo, so it never shows on screen or in a terminal log
        secret = getpass.getpass("Token or app password (not shown): ").strip()
    else:
        secret = sys.stdin.readline().strip()
    if not secret:
        raise InputError(
            "--secret-stdin", "nothing was read from stdin", "pipe the token in: ... < token.txt"
        )
    return secret


def _add(args: argparse.Namespace) -> int:
    from studio.store import NewAccount, open_store
    from studio.workflows.accounts import add_account

    if args.sign_in:
        return _sign_in(args)
    secret = _read_secret() if args.secret_stdin else None
    with open_store() as store:
        account = add_account(
            store,
            args.credentials,
            NewAccount(args.network.lower(), args.name, args.handle, args.instance, args.owner, args.notes),
            secret,
        )
    from studio.secrets import SERVICE

    where = f" (credential in the OS keyring as {SERVICE}/{account.secret_name})" if secret else ""
    print(f"added {account.network} account {account.name}{where}")
    return 0


def _sign_in(args: argparse.Namespace) -> int:
    """Register Studio on the server, print the authorize address, read the code, keep the token."""
    import shlex

    from studio.errors import InputError
    from studio.publish.mastodon_oauth import SCOPES, RegistrationRefused
    from studio.secrets import SERVICE
    from studio.store import NewAccount, open_store
    from studio.workflows.accounts import begin_sign_in, finish_sign_in

    if args.network.lower() != "mastodon":
        raise InputError(
            "--sign-in",
            f"only Mastodon accounts sign in with a browser, not {args.network}",
            "pipe the app password in with --secret-stdin instead",
        )
    if args.secret_stdin:
        raise InputError("--sign-in", "cannot go with --secret-stdin", "use one of the two")
    new = NewAccount("mastodon", args.name, args.handle, args.instance, args.owner, args.notes)
    with open_store() as store:
        try:
            pending = begin_sign_in(store, new, loopback=False)
        except RegistrationRefused as error:
            again = shlex.join(["studio", "accounts", "add", "mastodon", "--name", args.name])
            raise RegistrationRefused(
                error.what,
                error.why,
                f"add it with an access token instead: on the server, Preferences > Development > New "
                f"application with the scopes {SCOPES}; then `{again} --instance "
                f"{shlex.quote(args.instance)} --secret-stdin < token.txt`",
            ) from None
        print(
            f"Open this address in a browser, sign in to {pending.new.instance_url} and press Authorize:\n"
            f"  {pending.browser_url}\n"
            "Then paste the code the page shows here and press Enter:",
            file=sys.stderr,
            flush=True,
        )
        code = sys.stdin.readline()
        if not code.strip():
            pending.close()
            raise InputError(
                "sign-in code",
                "nothing was read from stdin",
                "run the command again and paste the code the server's page shows",
            )
        added = finish_sign_in(store, args.credentials, pending, code)
    account = added.account
    who = f" {account.handle}" if account.handle else ""
    where = f"{SERVICE}/{account.secret_name}"
    print(f"added mastodon account {account.name}{who} (token in the OS keyring as {where})")
    print(f"{account.name}\tmastodon\t{'ok' if added.verified else 'unchecked'}\t{added.detail}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from studio.store import open_store

    with open_store() as store:
        accounts = store.accounts.list()
        zone_name = store.settings.get().display_timezone
    credentials = _credential_states(args.credentials, [a.id for a in accounts])
    if args.json:
        print(json.dumps([_account_json(a, credentials[a.id]) for a in accounts], indent=2))
        return 0
    if not accounts:
        print("no accounts yet: add one with `studio accounts add NETWORK --name NAME --secret-stdin`")
        return 0
    from studio.store.zones import show_time, user_zone

    zone = user_zone(zone_name)
    for a in accounts:
        cred = {True: "credential ok", False: "credential MISSING", None: "keyring unavailable"}[
            credentials[a.id]
        ]
        flags = f", needs reconnecting: {a.reconnect_reason}" if a.needs_reconnect else ""
        published = show_time(a.last_published_at, zone) or "never"
        checked = show_time(a.last_checked_at, zone) or "never (`studio accounts check`)"
        print(f"{a.name}\t{a.network}\t{a.handle or '-'}\t{a.instance_url or '-'}\towner: {a.owner or '-'}")
        print(f"\t{cred}, last published: {published}, last checked: {checked}{flags}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from studio.commands._account_health import run_check

    return run_check(args)


def _reconnect(args: argparse.Namespace) -> int:
    from studio.commands._account_health import run_reconnect
    from studio.errors import InputError

    if not args.secret_stdin:
        raise InputError("--secret-stdin", "is required", "pipe the new credential in: ... < token.txt")
    return run_reconnect(args, _read_secret())


def _credential_states(credentials: Any, ids: list[int]) -> dict[int, bool | None]:
    """Whether the keyring holds each credential; None for all when the keyring cannot be asked."""
    from studio.errors import SecretStoreError
    from studio.secrets import account_key

    try:
        return {i: credentials.get(account_key(i)) is not None for i in ids}
    except SecretStoreError:
        return dict.fromkeys(ids)


def _account_json(account: Any, has_credential: bool | None) -> dict[str, Any]:
    from studio.secrets import SERVICE
    from studio.store.times import to_db_opt

    return {
        "id": account.id,
        "name": account.name,
        "network": account.network,
        "handle": account.handle,
        "instance_url": account.instance_url,
        "owner": account.owner,
        "notes": account.notes,
        "credential": f"keyring service {SERVICE}, user {account.secret_name}",
        "has_credential": has_credential,
        "needs_reconnect": account.needs_reconnect,
        "reconnect_reason": account.reconnect_reason,
        "last_checked_at": to_db_opt(account.last_checked_at),
        "last_published_at": to_db_opt(account.last_published_at),
    }


def _remove(args: argparse.Namespace) -> int:
    from studio.store import open_store
    from studio.workflows.accounts import remove_account

    with open_store() as store:
        account, removed = remove_account(store, args.credentials, args.name)
    note = " and its keyring entry" if removed else " (it had no keyring entry)"
    print(f"removed account {account.name}{note}")
    return 0


def _handover(args: argparse.Namespace) -> int:
    from studio.errors import InputError, WorkspaceError
    from studio.store import open_store
    from studio.store.handover import HandoverSheet, render_html, render_markdown
    from studio.store.times import now_utc
    from studio.store.zones import user_zone
    from studio.team.members import local_members

    with open_store() as store:
        if args.team_notes_file is not None:
            try:
                notes = args.team_notes_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise InputError(
                    f"--team-notes-file {args.team_notes_file}", str(error), "check the file"
                ) from None
            store.settings.update(team_notes=notes)
        settings = store.settings.get()
        accounts = store.accounts.list()
        members = [(m.name, m.role) for m in local_members(store)]  # a team's, as last synced; solo: none
    sheet = HandoverSheet(
        accounts=accounts,
        has_credential=_credential_states(args.credentials, [a.id for a in accounts]),
        team_notes=settings.team_notes,
        generated_at=now_utc(),
        zone=user_zone(settings.display_timezone),
        members=members,
    )
    out: Path = args.out
    text = render_html(sheet) if out.suffix.lower() in (".html", ".htm") else render_markdown(sheet)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except OSError as error:
        raise WorkspaceError(
            f"--out {out}", f"cannot write it ({error.strerror or error})", "pick another path"
        ) from None
    print(out)
    return 0
