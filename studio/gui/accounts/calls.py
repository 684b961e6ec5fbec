"""The core calls the Accounts view and its sign-in run on the worker pool (plain Python, no widgets).

Each imports its core module with the first use, not at app start.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from studio.secrets import CredentialStore
from studio.store import Account, NewAccount, Store

if TYPE_CHECKING:
    from studio.workflows.accounts import Added, PendingSignIn

__all__ = ["add", "begin_sign_in", "check", "finish_sign_in", "reconnect", "remove"]


def add(store: Store, credentials: CredentialStore, new: NewAccount, secret: str | None) -> Added:
    """Add the account and check its credential with the server (`add_verified`)."""
    from studio.publish.factory import Publishers
    from studio.workflows.accounts import add_verified

    return add_verified(store, Publishers(credentials), new, secret)


def remove(store: Store, credentials: CredentialStore, name: str) -> tuple[Account, bool]:
    from studio.workflows.accounts import remove_account

    return remove_account(store, credentials, name)


def check(store: Store, credentials: CredentialStore) -> list[object]:
    from studio.publish.factory import Publishers
    from studio.publish.health import check_accounts

    return list(check_accounts(store, Publishers(credentials)))


def reconnect(store: Store, credentials: CredentialStore, name: str, secret: str) -> tuple[object, list[int]]:
    from studio.publish.factory import Publishers
    from studio.publish.health import reconnect

    result, failed = reconnect(store, Publishers(credentials), name, secret)
    return result, failed


def begin_sign_in(store: Store, new: NewAccount) -> PendingSignIn:
    """Register Studio on the server and start the loopback receiver."""
    from studio.workflows.accounts import begin_sign_in

    return begin_sign_in(store, new)


def finish_sign_in(
    store: Store,
    credentials: CredentialStore,
    pending: PendingSignIn,
    code: str | None,
    cancel: threading.Event | None,
) -> Added:
    """Wait for the browser (or take the pasted code), get the token and add the account."""
    from studio.workflows.accounts import finish_sign_in

    return finish_sign_in(store, credentials, pending, code, cancel)
