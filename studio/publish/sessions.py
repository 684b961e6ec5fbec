"""Bluesky sessions kept in the OS keyring, beside the account's app password.

The app password lives under `account:<id>` (`studio.secrets`); the session (access and refresh tokens) under
`account:<id>:session`, so a run need not sign in again, and a refreshed session survives to the next run.
"""

from __future__ import annotations

import keyring
import keyring.errors

from studio.errors import SecretStoreError
from studio.publish.xrpc import BlueskySession

__all__ = ["KeyringSessions", "forget_session"]

_SERVICE = "studio"


class KeyringSessions:
    """A `SessionStore` for one account, backed by the OS keyring."""

    def __init__(self, account_id: int) -> None:
        self._username = f"account:{account_id}:session"
        self._account_id = account_id

    def load(self) -> BlueskySession | None:
        try:
            text = keyring.get_password(_SERVICE, self._username)
        except (keyring.errors.KeyringError, RuntimeError, OSError) as error:
            raise _unusable(self._account_id, error) from None
        if not text:
            return None
        try:
            return BlueskySession.from_json(text)
        except (ValueError, KeyError, TypeError):
            return None  # damaged: sign in again with the app password

    def save(self, session: BlueskySession) -> None:
        try:
            keyring.set_password(_SERVICE, self._username, session.to_json())
        except (keyring.errors.KeyringError, RuntimeError, OSError) as error:
            raise _unusable(self._account_id, error) from None


def forget_session(account_id: int) -> None:
    """Remove a kept session (when the account is removed or reconnected)."""
    try:
        keyring.delete_password(_SERVICE, f"account:{account_id}:session")
    except keyring.errors.PasswordDeleteError:
        return
    except (keyring.errors.KeyringError, RuntimeError, OSError) as error:
        raise _unusable(account_id, error) from None


def _unusable(account_id: int, error: Exception) -> SecretStoreError:
    return SecretStoreError(
        f"Bluesky session of account {account_id}",
        f"the OS keyring refused ({type(error).__name__}; it may be locked)",
        "unlock the keyring (GNOME Keyring, KWallet, macOS Keychain), then run publishing again",
    )
