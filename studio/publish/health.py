"""Account health: check each credential with its network and keep the answer (and Mastodon's limits)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from studio.errors import RetryableError, SecretStoreError
from studio.publish.base import Publisher, ReconnectNeeded
from studio.publish.factory import publisher_for
from studio.publish.mastodon import MastodonPublisher
from studio.publish.sessions import forget_session
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


def check_accounts(
    store: Store,
    names: Sequence[str] = (),
    *,
    publishers: Callable[[Account, Path], Publisher] = publisher_for,
) -> list[AccountCheck]:
    """Check the named accounts (all when none are named); records the result with each account."""
    accounts = [store.accounts.by_name(name) for name in names] if names else store.accounts.list()
    return [_check(store, account, publishers) for account in accounts]


def _check(store: Store, account: Account, publishers: Callable[[Account, Path], Publisher]) -> AccountCheck:
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
        if health.ok and isinstance(publisher, MastodonPublisher):
            limits = publisher.fetch_limits()
            options = replace(
                account.options,
                max_characters=limits.max_characters,
                url_length=limits.url_length,
                max_images=limits.max_media,
            )
            store.accounts.update(account.id, options=options)
    except RetryableError as error:
        return result(False, f"could not check: {error.why}", False, checked=False)
    finally:
        publisher.close()
    store.accounts.set_reconnect(account.id, health.needs_reconnect, health.detail)
    return result(health.ok, health.detail, health.needs_reconnect)


def reconnect(
    store: Store,
    name: str,
    secret: str,
    *,
    publishers: Callable[[Account, Path], Publisher] = publisher_for,
) -> tuple[AccountCheck, list[int]]:
    """Give an account a new credential and check it; returns the check and the posts that failed."""
    from studio.secrets import set_secret

    account = store.accounts.by_name(name)
    set_secret(account.id, secret)
    if account.network == "bluesky":
        forget_session(account.id)  # the old session belongs to the old app password
    store.accounts.set_reconnect(account.id, False)  # the runner may try again, even if we are offline now
    check = _check(store, store.accounts.get(account.id), publishers)
    failed = sorted(
        {
            post.id
            for post in store.posts.page(limit=100_000)
            for delivery in post.deliveries
            if delivery.account_id == account.id and delivery.state is DeliveryState.FAILED
        }
    )
    return check, failed
