"""The stored credential a reader signs in with (the same keyring entry the publishers use)."""

from __future__ import annotations

from studio.publish.base import ReconnectNeeded
from studio.secrets import CredentialStore, account_key
from studio.store import Account

__all__ = ["stored_secret"]


def stored_secret(account: Account, credentials: CredentialStore, what: str, kind: str = "credential") -> str:
    """The account's token or app password; ReconnectNeeded (one line, with the fix) when there is none."""
    secret = credentials.get(account_key(account.id))
    if not secret:
        raise ReconnectNeeded(
            what,
            f"the OS keyring has no {kind} for it",
            f"reconnect it: `studio accounts reconnect {account.name} --secret-stdin`",
        )
    return secret
