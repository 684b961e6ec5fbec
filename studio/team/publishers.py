"""Which laptops can publish for each account (docs/TEAM.md): filled from each laptop's keyring.

Credentials never enter the hub: a laptop says only which accounts it holds a credential for (or needs
none for: handoff networks). It replaces its own `studio.account_publishers` rows at every round and every
hub claim, then keeps the team's whole answer in `team_shared` ('publishers', JSON) so `team status` and the
Accounts view read it without the network.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from studio.errors import SecretStoreError
from studio.platforms import network_by_id
from studio.secrets import CredentialStore, account_key
from studio.store import Store
from studio.team.hub import mapped
from studio.team.link import TeamLink, set_shared_value, shared_value

if TYPE_CHECKING:
    import psycopg

__all__ = ["cached_publishers", "fresh_publishers", "publishable", "read_publishers", "record_publishers"]

_KEY = "publishers"


def publishable(store: Store, credentials: CredentialStore) -> list[str]:
    """The accounts this laptop can publish for: a credential in its keyring, or a handoff network."""
    names = []
    for account in store.accounts.list():
        if not network_by_id(account.network).has_api:
            names.append(account.name)
            continue
        try:
            if credentials.get(account_key(account.id)):
                names.append(account.name)
        except SecretStoreError:
            continue  # no keyring here: this laptop cannot sign in to that account
    return names


def record_publishers(
    store: Store, conn: psycopg.Connection[Any], link: TeamLink, accounts: list[str]
) -> dict[str, list[str]]:
    """Replace this laptop's rows with `accounts`, then read and cache the team's answer."""
    import psycopg

    try:
        with conn.transaction():
            conn.execute("DELETE FROM studio.account_publishers WHERE copy_id = %s", (link.copy_id,))
            conn.cursor().executemany(
                "INSERT INTO studio.account_publishers (account_name, copy_id, member) VALUES (%s, %s, %s)",
                [(name, link.copy_id, link.member) for name in sorted(set(accounts))],
            )
        return read_publishers(store, conn)
    except psycopg.Error as error:
        raise mapped(link.hub, error) from None


def read_publishers(store: Store, conn: psycopg.Connection[Any]) -> dict[str, list[str]]:
    """Every hub account with the members whose laptops can publish for it (maybe none); cached here."""
    found: dict[str, list[str]] = {}
    for name, member in conn.execute(
        "SELECT a.name, p.member FROM studio.accounts a LEFT JOIN studio.account_publishers p "
        "ON p.account_name = a.name ORDER BY a.name, p.member"
    ):
        members = found.setdefault(str(name), [])
        if member is not None and str(member) not in members:
            members.append(str(member))
    with store.db.write() as local:
        set_shared_value(local, _KEY, json.dumps(found))
    return found


def cached_publishers(store: Store) -> dict[str, list[str]] | None:
    """The answer of the last round (no network); None before the first one."""
    kept = shared_value(store, _KEY)
    if kept is None:
        return None
    value = json.loads(kept)
    return {str(k): [str(m) for m in v] for k, v in value.items()} if isinstance(value, dict) else None


def fresh_publishers(store: Store, conn: psycopg.Connection[Any]) -> dict[str, list[str]]:
    """The hub's answer when it can give one (a hub not migrated yet cannot), else the last round's."""
    import psycopg

    try:
        return read_publishers(store, conn)
    except psycopg.Error:
        return cached_publishers(store) or {}
