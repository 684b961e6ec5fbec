"""Adding and removing an account with its credential: the store row and the keyring entry go together.

Shared by `studio accounts add/remove` and the app's Accounts view. The credential goes straight to the OS
keyring; it is never stored, logged or put in an error message.
"""

from __future__ import annotations

from studio import secrets
from studio.errors import InputError, SecretStoreError
from studio.platforms import NETWORKS
from studio.store import Account, NewAccount, Store

__all__ = ["add_account", "needs_secret", "remove_account"]


def needs_secret(network: str) -> bool:
    """Whether accounts of `network` need a token or app password (handoff networks need none)."""
    return any(n.id == network and n.has_api for n in NETWORKS)  # unknown ids: the store names them


def add_account(store: Store, new: NewAccount, secret: str | None) -> Account:
    """Add the account and put its credential in the keyring; neither is kept if the other fails."""
    secret = (secret or "").strip() or None
    if secret is None and needs_secret(new.network):
        raise InputError(
            f"account {new.name}",
            f"a {new.network} account needs its token or app password",
            "give its access token (Mastodon) or an app password (Bluesky); from the command line, pipe it "
            "in with --secret-stdin",
        )
    account = store.accounts.add(new)
    if secret is not None:
        try:
            secrets.set_secret(account.id, secret)
        except SecretStoreError:
            store.accounts.remove(account.id)  # no account without its credential
            raise
    return account


def remove_account(store: Store, name: str) -> tuple[Account, bool]:
    """Remove the account and its keyring entry; returns it and whether there was an entry."""
    account = store.accounts.by_name(name)
    secrets.has_secret(account.id)  # fails early, before anything changes, if the keyring is unusable
    store.accounts.remove(account.id)
    removed = secrets.delete_secret(account.id)
    if account.network == "bluesky":
        from studio.publish.sessions import forget_session

        forget_session(account.id)  # the kept session goes with the app password
    return account, removed
