"""Accounts: who posts where, with per-account settings and reconnect state; never a secret."""

from __future__ import annotations

import ipaddress
import json
import unicodedata
from dataclasses import asdict, replace
from datetime import datetime
from urllib.parse import urlsplit

from studio.errors import InputError
from studio.platforms import NETWORKS
from studio.store import _rows
from studio.store._settle import settle_post
from studio.store.connection import Database
from studio.store.models import Account, AccountOptions, DeliveryState, NewAccount
from studio.store.times import now_utc, to_db

__all__ = ["AccountsRepo", "check_account_name", "check_instance_url"]

_NEEDS_INSTANCE = frozenset({"mastodon"})
_UNFINISHED = (
    DeliveryState.QUEUED,
    DeliveryState.RETRYING,
    DeliveryState.MISSED,
    DeliveryState.HELD,
    DeliveryState.HANDED_OFF,  # not confirmed: with the account gone, it will not be posted from it
)


_NAME_ALLOWED = "letters, digits, spaces and punctuation other than ;"


def check_account_name(name: str) -> str:
    """The name without surrounding spaces; InputError if it could break a listing, a CSV or a command line.

    Names are one line of visible text: no newline, tab or other control character, no invisible format or
    bidirectional control (which reorders what is shown), no space but the plain one, and no `;` (which
    separates accounts in a CSV's `accounts` column).
    """
    name = name.strip()
    if not name:
        raise InputError("--name", "is empty", "give the account a short name, like 'it-mastodon'")
    for ch in name:
        if ch == ";" or (unicodedata.category(ch)[0] in "CZ" and ch != " "):
            raise InputError(
                f"account name '{_shown(name)}'",
                f"contains {_described(ch)}; a name may use {_NAME_ALLOWED}",
                "choose a name like 'it-mastodon'",
            )
    return name


def _shown(name: str) -> str:
    """The name with what cannot be shown on one line written as escapes."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in name)


def _described(ch: str) -> str:
    known = {";": "';'", "\n": "a newline", "\r": "a carriage return", "\t": "a tab"}
    if ch in known:
        return known[ch]
    code = f"U+{ord(ch):04X}"
    category = unicodedata.category(ch)
    if unicodedata.bidirectional(ch) in _BIDI_CONTROLS:
        kind = "a bidirectional control"
    elif category == "Cc":
        kind = "a control"
    elif category[0] == "Z":
        kind = "a space-like"
    else:
        kind = "an invisible"
    name = unicodedata.name(ch, "")
    return f"{kind} character ({name + ', ' if name else ''}{code})"


_BIDI_CONTROLS = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})


def check_instance_url(url: str) -> str:
    """The URL normalised (no trailing slash); InputError unless https, or http on a loopback address."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InputError(f"instance URL {url!r}", "not a web address", "give it like https://mastodon.social")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise InputError(
            f"instance URL {url!r}", "only https is accepted (except on this computer)", "use https://"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise InputError(
            f"instance URL {url!r}", "has a path", "give only the server, like https://example.org"
        )
    return f"{parts.scheme}://{parts.netloc}"


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class AccountsRepo:
    """Add, find, update and remove accounts."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, new: NewAccount) -> Account:
        """Store a new account; the name must be new (case-insensitive) and the network known."""
        known = {n.id for n in NETWORKS}
        if new.network not in known:
            raise InputError(f"network {new.network!r}", "unknown", f"use one of: {', '.join(sorted(known))}")
        name = check_account_name(new.name)
        instance = new.instance_url.strip()
        if instance:
            instance = check_instance_url(instance)
        elif new.network in _NEEDS_INSTANCE:
            raise InputError(
                f"account {name}", f"a {new.network} account needs its server", "add --instance https://..."
            )
        with self._db.write() as conn:
            if conn.execute("SELECT 1 FROM accounts WHERE name = ?", (name,)).fetchone():
                raise InputError(
                    f"account {name}", "already exists", "choose another --name or remove it first"
                )
            cursor = conn.execute(
                "INSERT INTO accounts (network, name, handle, instance_url, owner, notes, options, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.network,
                    name,
                    new.handle.strip(),
                    instance,
                    new.owner.strip(),
                    new.notes,
                    _options_json(new.options),
                    to_db(now_utc()),
                ),
            )
            account_id = int(cursor.lastrowid or 0)
        return self.get(account_id)

    def get(self, account_id: int) -> Account:
        """The account with this id; InputError if there is none."""
        with self._db.read() as conn:
            row = conn.execute(
                f"SELECT {_rows.ACCOUNT_COLUMNS} FROM accounts WHERE id = ?", (account_id,)
            ).fetchone()
        if row is None:
            raise InputError(f"account {account_id}", "not found", "see `studio accounts list`")
        return _rows.account(row)

    def by_name(self, name: str) -> Account:
        """The account with this name (case-insensitive); InputError naming the known ones if none."""
        with self._db.read() as conn:
            row = conn.execute(
                f"SELECT {_rows.ACCOUNT_COLUMNS} FROM accounts WHERE name = ?", (name.strip(),)
            ).fetchone()
            if row is None:
                names = [r[0] for r in conn.execute("SELECT name FROM accounts ORDER BY name")]
        if row is None:
            fix = f"known accounts: {', '.join(names)}" if names else "add one with `studio accounts add`"
            raise InputError(f"account {name!r}", "not found", fix)
        return _rows.account(row)

    def list(self) -> list[Account]:
        """Every account, by network then name."""
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT {_rows.ACCOUNT_COLUMNS} FROM accounts ORDER BY network, name COLLATE NOCASE"
            ).fetchall()
        return [_rows.account(r) for r in rows]

    def remove(self, account_id: int, *, at: datetime | None = None) -> Account:
        """Delete the account; its unsent deliveries are cancelled, sent ones stay as history.

        Refused while one of its deliveries is being sent. The caller removes the keyring entry.
        """
        account = self.get(account_id)
        moment = to_db(at or now_utc())
        with self._db.write() as conn:
            sending = conn.execute(
                "SELECT count(*) FROM deliveries WHERE account_id = ? AND state = 'sending'", (account_id,)
            ).fetchone()[0]
            if sending:
                raise InputError(
                    f"account {account.name}",
                    "a post is being sent with it right now",
                    "try again in a minute",
                )
            marks = ",".join("?" * len(_UNFINISHED))
            ids = [
                r[0]
                for r in conn.execute(
                    f"SELECT id FROM deliveries WHERE account_id = ? AND state IN ({marks})",
                    (account_id, *[s.value for s in _UNFINISHED]),
                )
            ]
            conn.executemany(
                "UPDATE deliveries SET state = 'cancelled', updated_at = ? WHERE id = ?",
                [(moment, i) for i in ids],
            )
            conn.executemany(
                "INSERT INTO delivery_events (delivery_id, at, kind, detail) VALUES (?, ?, 'cancelled', ?)",
                [(i, moment, f"account {account.name} removed") for i in ids],
            )
            for (post_id,) in conn.execute(
                "SELECT DISTINCT post_id FROM deliveries WHERE account_id = ?", (account_id,)
            ).fetchall():
                settle_post(conn, post_id, moment)
            conn.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
        return account

    def update(
        self,
        account_id: int,
        *,
        handle: str | None = None,
        owner: str | None = None,
        notes: str | None = None,
        options: AccountOptions | None = None,
    ) -> Account:
        """Change the descriptive fields and settings of an account (None leaves a field as it is)."""
        old = self.get(account_id)
        new = replace(
            old,
            handle=old.handle if handle is None else handle.strip(),
            owner=old.owner if owner is None else owner.strip(),
            notes=old.notes if notes is None else notes,
            options=old.options if options is None else options,
        )
        with self._db.write() as conn:
            conn.execute(
                "UPDATE accounts SET handle = ?, owner = ?, notes = ?, options = ? WHERE id = ?",
                (new.handle, new.owner, new.notes, _options_json(new.options), account_id),
            )
        return new

    def set_reconnect(
        self, account_id: int, needed: bool, reason: str = "", *, at: datetime | None = None
    ) -> None:
        """Record a credential check: `needed` flags that the user must sign in again (and why)."""
        self.get(account_id)
        with self._db.write() as conn:
            conn.execute(
                "UPDATE accounts SET needs_reconnect = ?, reconnect_reason = ?, last_checked_at = ? "
                "WHERE id = ?",
                (int(needed), reason if needed else "", to_db(at or now_utc()), account_id),
            )


def _options_json(options: AccountOptions) -> str:
    return json.dumps({k: v for k, v in asdict(options).items() if v is not None}, sort_keys=True)
