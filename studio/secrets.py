"""The credential store: a `CredentialStore` Protocol and its one implementation, the OS keyring.

Entries live under service `studio` (`SERVICE`), each under a key: `account:<id>` holds an account's token or
app password, `account:<id>:session` a kept Bluesky session, `account:<id>:pending` a new credential given
while offline and not verified yet. `KeyringCredentials` is built once at the composition root (`cli.py`,
`gui/app.py`) and passed to everything that needs a credential; this is the only module that imports
`keyring` (a test keeps it so).

When there is no usable keyring (keyring's fail or null backend, a plaintext or obfuscated file backend, a
backend named by `PYTHON_KEYRING_BACKEND` that cannot load, a locked keyring, no D-Bus session) every call
raises one `SecretStoreError` naming the fix. There is never a plaintext fallback.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from studio.errors import InputError, SecretStoreError

if TYPE_CHECKING:  # keyring loads with the first credential asked for, not with every command
    from keyring.backend import KeyringBackend

_T = TypeVar("_T")

__all__ = [
    "SERVICE",
    "CredentialStore",
    "KeyringCredentials",
    "account_key",
    "checked_secret",
    "pending_key",
    "session_key",
]

SERVICE = "studio"


def account_key(account_id: int) -> str:
    """The key of an account's token or app password."""
    return f"account:{account_id}"


def session_key(account_id: int) -> str:
    """The key of an account's kept Bluesky session (access and refresh tokens)."""
    return f"account:{account_id}:session"


def pending_key(account_id: int) -> str:
    """The key of a new credential given while offline, kept beside the working one until verified."""
    return f"account:{account_id}:pending"


class CredentialStore(Protocol):
    """Where credentials live, by key (`account_key`, `session_key`, `pending_key`)."""

    def get(self, key: str) -> str | None:
        """The value under `key`, or None if there is none."""
        ...

    def set(self, key: str, value: str) -> None:
        """Store (or replace) the value under `key`."""
        ...

    def delete(self, key: str) -> bool:
        """Remove the value under `key`; False if there was none."""
        ...


def checked_secret(secret: str, what: str) -> str:
    """The token or app password as given (surrounding whitespace dropped), or `InputError` saying why not.

    Tokens and app passwords are printable ASCII: anything else (`ü`, a control character) cannot travel in
    an HTTP header, so it is refused when given rather than failing every check and post later.
    """
    secret = secret.strip()
    if not secret:
        raise InputError(what, "the token or app password is empty", "give the token")
    if not all(" " < ch <= "~" for ch in secret):
        bad = next(ch for ch in secret if not " " < ch <= "~")
        # Name the character, never show the secret.
        name = unicodedata.name(bad, f"U+{ord(bad):04X}")
        raise InputError(
            what,
            f"the token or app password contains {name}; tokens are printable ASCII "
            "(letters A-Z a-z, digits and punctuation, no spaces)",
            "copy the token again from the network's settings",
        )
    return secret


class KeyringCredentials:
    """The OS keyring, service `studio`; every call refuses a plaintext, fail or null backend."""

    def get(self, key: str) -> str | None:
        return _call(key, lambda backend: backend.get_password(SERVICE, key))

    def set(self, key: str, value: str) -> None:
        if not value:
            raise SecretStoreError(_what(key), "is empty", "give the token")
        _call(key, lambda backend: backend.set_password(SERVICE, key, value))

    def delete(self, key: str) -> bool:
        import keyring.errors

        def delete(backend: KeyringBackend) -> bool:
            if backend.get_password(SERVICE, key) is None:
                return False
            try:
                backend.delete_password(SERVICE, key)
            except keyring.errors.PasswordDeleteError:
                return False  # gone meanwhile
            return True

        return _call(key, delete)

    def __repr__(self) -> str:
        return f"KeyringCredentials(service={SERVICE!r})"


def _call(key: str, action: Callable[[KeyringBackend], _T]) -> _T:
    import keyring.errors

    backend = _backend(key)
    try:
        return action(backend)
    except (keyring.errors.KeyringError, RuntimeError, OSError) as error:
        raise _unusable(key, error) from None


def _what(key: str) -> str:
    parts = key.split(":")
    if len(parts) >= 2 and parts[0] == "account":
        kind = {"session": "Bluesky session", "pending": "new credential"}.get(
            parts[2] if len(parts) > 2 else ""
        )
        return f"{kind or 'credential'} for account {parts[1]}"
    return f"keyring entry {SERVICE}/{key}"


def _backend(key: str) -> KeyringBackend:
    import keyring

    try:
        backend = keyring.get_keyring()
    except Exception as error:  # noqa: BLE001 - keyring loads a backend by name: any failure means "none"
        chosen = os.environ.get("PYTHON_KEYRING_BACKEND")
        why = (
            f"PYTHON_KEYRING_BACKEND names a backend that cannot be loaded "
            f"({chosen!r}: {type(error).__name__})"
            if chosen
            else f"the keyring backend cannot be loaded ({type(error).__name__})"
        )
        fix = "unset PYTHON_KEYRING_BACKEND, then try again" if chosen else _fix()
        raise SecretStoreError(_what(key), why, fix) from None
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    # The fail and null backends (no provider, no bus) and any plaintext or obfuscated file backend are
    # refused outright; so is anything keyring itself rates unusable.
    refused = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt", "keyrings.cryptfile")
    if name.startswith(refused) or _priority(backend) <= 0:
        raise SecretStoreError(_what(key), f"no usable OS keyring (found {name})", _fix())
    return backend


def _priority(backend: KeyringBackend) -> float:
    try:
        return float(backend.priority)
    except Exception:  # noqa: BLE001 - a backend whose priority itself fails is not usable
        return 0.0


def _unusable(key: str, error: Exception) -> SecretStoreError:
    # Only the class name: a backend's message is not ours to vouch for.
    return SecretStoreError(
        _what(key),
        f"the OS keyring refused ({type(error).__name__}; it may be locked or not running)",
        _fix(),
    )


def _fix() -> str:
    if sys.platform == "darwin":
        return "unlock the macOS Keychain, then try again"
    if sys.platform == "win32":
        return "check Windows Credential Manager, then try again"
    return (
        "install and unlock GNOME Keyring (gnome-keyring) or KWallet, in a desktop session with D-Bus; "
        "Studio never stores credentials in a plain file"
    )
