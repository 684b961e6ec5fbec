"""Adding and removing an account with its credential: the store row and the keyring entry go together.

Shared by `studio accounts add/remove` and the app's Accounts view. The credential goes straight to the
credential store it is given (the OS keyring); it is never stored, logged or put in an error message.
"""

from __future__ import annotations

from studio.errors import InputError, SecretStoreError
from studio.platforms import NETWORKS
from studio.publish.sessions import forget_session
from studio.secrets import CredentialStore, account_key, checked_secret, pending_key
from studio.store import Account, NewAccount, Store

__all__ = ["add_account", "needs_secret", "remove_account"]


def needs_secret(network: str) -> bool:
    """Whether accounts of `network` need a token or app password (handoff networks need none)."""
    return any(n.id == network and n.has_api for n in NETWORKS)  # unknown ids: the store names them


def add_account(store: Store, credentials: CredentialStore, new: NewAccount, secret: str | None) -> Account:
    """Add the account and put its credential in the keyring; neither is kept if the other fails."""
    secret = (secret or "").strip() or None
    if secret is None and needs_secret(new.network):
        raise InputError(
            f"account {new.name}",
            f"a {new.network} account needs its token or app password",
            "give its access token (Mastodon) or an app password (Bluesky); from the command line, pipe it "
            "in with --secret-stdin",
        )
    if secret is not None:
        secret = checked_secret(secret, f"account {new.name}")
        # Asked before the row exists, so an unusable keyring fails with nothing to undo (no id yet: 0).
        try:
            credentials.get(account_key(0))
        except SecretStoreError as error:
            raise SecretStoreError(f"credential for account {new.name}", error.why, error.fix) from None
    account = store.accounts.add(new)
    if secret is not None:
        try:
            credentials.set(account_key(account.id), secret)
        except BaseException:
            store.accounts.remove(account.id)  # no account without its credential, whatever went wrong
            raise
    return account


def remove_account(store: Store, credentials: CredentialStore, name: str) -> tuple[Account, bool]:
    """Remove the account and its keyring entries; returns it and whether there was a credential."""
    account = store.accounts.by_name(name)
    credentials.get(
        account_key(account.id)
    )  # fails early, before anything changes, if the keyring is unusable
    store.accounts.remove(account.id)
    removed = credentials.delete(account_key(account.id))
    credentials.delete(pending_key(account.id))
    if account.network == "bluesky":
        forget_session(credentials, account.id)  # the kept session goes with the app password
    return account, removed
