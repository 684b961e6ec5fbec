"""Adding and removing an account with its credential: the store row and the keyring entry go together.

Shared by `studio accounts add/remove` and the app's Accounts view. The credential goes straight to the
credential store it is given (the OS keyring); it is never stored, logged or put in an error message.
`add_verified` also asks the server whether the credential works: refused, nothing is kept; unreachable, the
account is kept and said to be "not verified yet (offline)". `begin_sign_in`/`finish_sign_in` add a
Mastodon account by signing in with the browser (`studio.publish.mastodon_oauth`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from studio.errors import FinalError, InputError, RetryableError, SecretStoreError
from studio.platforms import NETWORKS
from studio.publish.http import check_server_url
from studio.publish.mastodon_oauth import (
    OOB,
    LoopbackReceiver,
    SignIn,
    code_from_paste,
    register_app,
    signed_in_handle,
)
from studio.publish.sessions import forget_session
from studio.secrets import CredentialStore, account_key, checked_secret, pending_key
from studio.store import Account, NewAccount, Store

if TYPE_CHECKING:
    from studio.publish.factory import Publishers

__all__ = [
    "NOT_VERIFIED",
    "Added",
    "PendingSignIn",
    "add_account",
    "add_verified",
    "begin_sign_in",
    "finish_sign_in",
    "needs_secret",
    "remove_account",
]

NOT_VERIFIED = "Not verified yet (offline)"


@dataclass(frozen=True)
class Added:
    """A new account and what its server said of the credential."""

    account: Account
    verified: bool  # False: the server could not be reached, so nobody has checked the credential yet
    detail: str  # "signed in as @it@example.social", or why it is not verified yet


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


def add_verified(store: Store, publishers: Publishers, new: NewAccount, secret: str | None) -> Added:
    """Add the account and check its credential with the server at once.

    Refused by the server: nothing is kept and `FinalError` says so. Not reachable: the account is kept,
    `verified` is False and `detail` says why. A handoff account has nothing to check (`verified` is True).
    """
    account = add_account(store, publishers.credentials, new, secret)
    if secret is None or not needs_secret(account.network):
        return Added(account, True, "no sign-in needed")
    try:
        publisher = publishers.trying(account, store.workspace, secret.strip())
        try:
            health = publisher.verify()
        finally:
            publisher.close()
    except RetryableError as error:
        return Added(account, False, f"{NOT_VERIFIED}: {error.why}")
    except BaseException:
        remove_account(store, publishers.credentials, account.name)
        raise
    if not health.ok:
        remove_account(store, publishers.credentials, account.name)
        raise FinalError(
            f"account {account.name}",
            f"the server refused the credential ({health.detail}); the account was not added",
            "copy the token or app password again",
        )
    store.accounts.set_reconnect(account.id, False, health.detail)
    return Added(store.accounts.get(account.id), True, health.detail)


@dataclass(frozen=True)
class PendingSignIn:
    """A sign-in under way: Studio is registered on the server and waits for the code."""

    new: NewAccount
    sign_in: SignIn
    receiver: LoopbackReceiver | None  # None: the code can only be pasted

    @property
    def browser_url(self) -> str:
        """The authorize page that redirects back to this machine (or shows the code, without a receiver)."""
        return self.sign_in.url(self.receiver.redirect_uri if self.receiver else OOB)

    @property
    def paste_url(self) -> str:
        """The authorize page that shows the code, for a browser on another machine."""
        return self.sign_in.url(OOB)

    def close(self) -> None:
        """Stop waiting for the browser (nothing happens if it has stopped already)."""
        if self.receiver is not None:
            self.receiver.close()


def begin_sign_in(store: Store, new: NewAccount, *, loopback: bool = True) -> PendingSignIn:
    """Check the new account's name and server, then register Studio there (`POST /api/v1/apps`).

    With `loopback`, a receiver on 127.0.0.1 waits for the browser's redirect; the pasted code works too.
    """
    if new.network != "mastodon":
        raise InputError(f"account {new.name}", "only Mastodon accounts sign in with the browser", "")
    if not new.instance_url.strip():
        raise InputError(
            f"account {new.name}", "a mastodon account needs its server", "give it as https://example.social"
        )
    _name_is_free(store, new.name)
    instance = check_server_url(new.instance_url)
    receiver = LoopbackReceiver() if loopback else None
    try:
        redirects = [receiver.redirect_uri, OOB] if receiver else [OOB]
        app = register_app(instance, redirects)
    except BaseException:
        if receiver is not None:
            receiver.close()
        raise
    return PendingSignIn(replace(new, instance_url=instance), SignIn(app), receiver)


def finish_sign_in(
    store: Store,
    credentials: CredentialStore,
    pending: PendingSignIn,
    pasted_code: str | None = None,
    cancel: threading.Event | None = None,
) -> Added:
    """Take the code (from the browser's redirect, or `pasted_code`), get the token and add the account.

    The token goes to the credential store only. It is checked with `verify_credentials` at once, which also
    gives the account's handle when none was typed.
    """
    if pasted_code is None and pending.receiver is not None:
        code = pending.receiver.wait(pending.sign_in.state, cancel=cancel)
        redirect = pending.receiver.redirect_uri
        if cancel is not None and cancel.is_set():  # the code came as the person gave up: keep nothing
            raise InputError("sign-in", "cancelled", "")
    else:
        pending.close()
        code = code_from_paste(pasted_code or "", pending.sign_in.state)
        redirect = OOB
    token = pending.sign_in.exchange(code, redirect)
    new = pending.new
    try:
        handle = signed_in_handle(new.instance_url, token)
    except RetryableError as error:
        account = add_account(store, credentials, new, token.reveal())
        return Added(account, False, f"{NOT_VERIFIED}: {error.why}")
    account = add_account(store, credentials, replace(new, handle=new.handle or handle), token.reveal())
    detail = f"signed in as {handle}"
    store.accounts.set_reconnect(account.id, False, detail)
    return Added(store.accounts.get(account.id), True, detail)


def _name_is_free(store: Store, name: str) -> None:
    """Refuse a name in use before the person goes through the browser, not after."""
    try:
        taken = store.accounts.by_name(name)
    except InputError:
        return
    raise InputError(f"account {taken.name}", "already exists", "choose another name or remove it first")
