"""Account health: check each credential with its network and keep the answer (and Mastodon's limits)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from studio.errors import RetryableError, SecretStoreError
from studio.publish.base import Publisher, ReconnectNeeded
from studio.publish.factory import publisher_for
from studio.publish.mastodon import MastodonPublisher
from studio.store import Account, Store

__all__ = ["AccountCheck", "check_accounts"]


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
