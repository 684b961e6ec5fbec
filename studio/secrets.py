"""Account credentials in the OS keyring (service `studio`, username `account:<id>`), behind four functions.

When there is no usable keyring (keyring's fail backend, a locked keyring, no D-Bus session) every call raises
one `SecretStoreError` naming the fix. There is never a plaintext fallback: a plaintext backend is refused.
"""

from __future__ import annotations

import sys

import keyring
import keyring.backend
import keyring.errors

from studio.errors import SecretStoreError

__all__ = ["delete_secret", "get_secret", "has_secret", "set_secret"]

SERVICE = "studio"


def set_secret(account_id: int, secret: str) -> None:
    """Store (or replace) the credential of an account."""
    if not secret:
        raise SecretStoreError(f"credential for account {account_id}", "is empty", "give the token")
    backend = _backend(account_id)
    try:
        backend.set_password(SERVICE, _username(account_id), secret)
    except (keyring.errors.KeyringError, RuntimeError, OSError) as error:
        raise _unusable(account_id, error) from None


def get_secret(account_id: int) -> str | None:
    """The credential of an account, or None if the keyring has none."""
    backend = _backend(account_id)
    try:
        return backend.get_password(SERVICE, _username(account_id))
    except (keyring.errors.KeyringError, RuntimeError, OSError) as error:
        raise _unusable(account_id, error) from None


def has_secret(account_id: int) -> bool:
    """True if the keyring holds a credential for the account."""
    return get_secret(account_id) is not None


def delete_secret(account_id: int) -> bool:
    """Remove the credential of an account; False if there was none."""
    backend = _backend(account_id)
    try:
        if backend.get_password(SERVICE, _username(account_id)) is None:
            return False
        backend.delete_password(SERVICE, _username(account_id))
    except (keyring.errors.KeyringError, RuntimeError, OSError) as error:
        raise _unusable(account_id, error) from None
    return True


def _username(account_id: int) -> str:
    return f"account:{account_id}"


def _backend(account_id: int) -> keyring.backend.KeyringBackend:
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    # The fail backend (no provider, no bus) and any plaintext/obfuscated file backend are refused outright.
    if name.startswith(("keyring.backends.fail", "keyrings.alt")) or backend.priority <= 0:
        raise SecretStoreError(
            f"credential for account {account_id}",
            f"no usable OS keyring (found {name})",
            _fix(),
        )
    return backend


def _unusable(account_id: int, error: Exception) -> SecretStoreError:
    # Only the class name: a backend's message is not ours to vouch for.
    return SecretStoreError(
        f"credential for account {account_id}",
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
