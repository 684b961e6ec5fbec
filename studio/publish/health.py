"""Account health: check each credential with its network and keep the answer (and Mastodon's limits).

A new credential (`reconnect`) is verified before it replaces the working one: refused, the old one is kept;
offline, it waits beside the old one (`pending_key`) and the next check that reaches the server decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, replace

from studio.errors import InputError, RetryableError, SecretStoreError
from studio.platforms import network_by_id
from studio.publish.base import Publisher, ReconnectNeeded
from studio.publish.factory import Publishers
from studio.publish.mastodon import MastodonPublisher
from studio.publish.sessions import forget_session
from studio.secrets import account_key, checked_secret, pending_key
from studio.store import Account, DeliveryState, Store

__all__ = ["AccountCheck", "check_accounts", "reconnect"]


@dataclass(frozen=True, slots=True)
class AccountCheck:
    """The outcome of checking one account."""

    name: str
    network: str
    ok: bool
    detail: str
    needs_reconnect: bool
    checked: bool  # False when the network could not be reached (nothing was changed)
    refused_new: bool = False  # a new credential was refused; the one before it is kept


def check_accounts(store: Store, publishers: Publishers, names: Sequence[str] = ()) -> list[AccountCheck]:
    """Check the named accounts (all when none are named); records the result with each account.

    A new credential waiting to be verified is tried first: it replaces the old one if the server takes it.
    """
    accounts = [store.accounts.by_name(name) for name in names] if names else store.accounts.list()
    results = []
    for account in accounts:
        try:
            pending = publishers.credentials.get(pending_key(account.id))
        except SecretStoreError as error:
            results.append(_unchecked(account, error.line()))
            continue
        if pending is not None:
            results.append(_try_new(store, publishers, account, pending, pending_first=True))
        else:
            results.append(_check(store, account, publishers))
    return results


def reconnect(store: Store, publishers: Publishers, name: str, secret: str) -> tuple[AccountCheck, list[int]]:
    """Verify a new credential and keep it only if the server takes it; returns the check and failed posts.

    Refused: the old credential stays (`refused_new`). Offline: the new one waits beside it until a check
    reaches the server (`checked` is False).
    """
    account = store.accounts.by_name(name)
    secret = checked_secret(secret, f"new credential for {account.name}")
    if not network_by_id(account.network).has_api:
        raise InputError(
            f"account {account.name}",
            "a handoff account has no credential to replace",
            "nothing to reconnect",
        )
    check = _try_new(store, publishers, account, secret, pending_first=False)
    failed = sorted(
        {
            post.id
            for post in store.posts.page(limit=100_000)
            for delivery in post.deliveries
            if delivery.account_id == account.id and delivery.state is DeliveryState.FAILED
        }
    )
    return check, failed


def _try_new(
    store: Store, publishers: Publishers, account: Account, secret: str, *, pending_first: bool
) -> AccountCheck:
    """Verify `secret` with the server; keep it if taken, keep the old one if refused, wait if offline."""
    credentials = publishers.credentials
    publisher = publishers.trying(account, store.workspace, secret)
    try:
        health = publisher.verify()
        if health.ok:
            credentials.set(account_key(account.id), secret)
            with suppress(RetryableError):  # the credential works; the limits come with the next check
                _keep_limits(store, account, publisher)
    except RetryableError as error:
        credentials.set(pending_key(account.id), secret)
        return AccountCheck(
            account.name,
            account.network,
            False,
            f"the new credential is not verified yet (offline): {error.why}; the one before it stays in use "
            f"until `studio accounts check {account.name}` reaches the server",
            account.needs_reconnect,
            checked=False,
        )
    finally:
        publisher.close()
    if not health.ok:
        credentials.delete(pending_key(account.id))
        detail = f"the server refused the new credential ({health.detail}); the one before it is kept"
        if pending_first:  # a check: say how the account itself stands with its kept credential
            check = _check(store, account, publishers)
            return replace(check, detail=f"{detail}; {check.detail}", refused_new=True)
        return AccountCheck(
            account.name, account.network, False, detail, account.needs_reconnect, True, refused_new=True
        )
    credentials.delete(pending_key(account.id))
    if account.network == "bluesky":
        forget_session(credentials, account.id)  # the old session belongs to the old app password
    store.accounts.set_reconnect(account.id, False, health.detail)
    return AccountCheck(account.name, account.network, True, health.detail, False, True)


def _unchecked(account: Account, detail: str) -> AccountCheck:
    return AccountCheck(account.name, account.network, False, detail, False, checked=False)


def _keep_limits(store: Store, account: Account, publisher: Publisher) -> None:
    if isinstance(publisher, MastodonPublisher):
        limits = publisher.fetch_limits()
        options = replace(
            account.options,
            max_characters=limits.max_characters,
            url_length=limits.url_length,
            max_images=limits.max_media,
        )
        store.accounts.update(account.id, options=options)


def _check(store: Store, account: Account, publishers: Publishers) -> AccountCheck:
    def result(ok: bool, detail: str, reconnect: bool, checked: bool = True) -> AccountCheck:
        return AccountCheck(account.name, account.network, ok, detail, reconnect, checked)

    try:
        publisher = publishers(account, store.workspace)
    except ReconnectNeeded as error:
        store.accounts.set_reconnect(account.id, True, error.why)
        return result(False, f"{error.why} ({error.fix})", True)
    except SecretStoreError as error:
        return result(False, error.line(), False, checked=False)
    try:
        health = publisher.verify()
        if health.ok:
            _keep_limits(store, account, publisher)
    except RetryableError as error:
        return result(False, f"could not check: {error.why}", False, checked=False)
    finally:
        publisher.close()
    store.accounts.set_reconnect(account.id, health.needs_reconnect, health.detail)
    return result(health.ok, health.detail, health.needs_reconnect)
