"""The real OS keyring (gnome-keyring) for tests that put or read credentials.

The app and the CLI build their `KeyringCredentials` at their composition roots; tests that set up a workspace
by hand use this one, through the same class, so they exercise the same refusal of unusable backends.
"""

from __future__ import annotations

from studio.secrets import KeyringCredentials, account_key, session_key

KEYRING = KeyringCredentials()


def set_secret(account_id: int, value: str) -> None:
    KEYRING.set(account_key(account_id), value)


def get_secret(account_id: int) -> str | None:
    return KEYRING.get(account_key(account_id))


def delete_secret(account_id: int) -> bool:
    return KEYRING.delete(account_key(account_id))


def forget_session(account_id: int) -> None:
    KEYRING.delete(session_key(account_id))
