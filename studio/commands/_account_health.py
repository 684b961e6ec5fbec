"""Handlers of `studio accounts check [NAME...]` and `studio accounts reconnect NAME` (see `accounts`)."""

from __future__ import annotations

import argparse
import sys


def run_check(args: argparse.Namespace) -> int:
    """Check each credential with its network; exit 1 if any account needs reconnecting."""
    from studio.publish.factory import Publishers
    from studio.publish.health import check_accounts
    from studio.store import open_store

    with open_store() as store:
        results = check_accounts(store, Publishers(args.credentials), args.names)
    if not results:
        print("no accounts yet: add one with `studio accounts add NETWORK --name NAME --secret-stdin`")
        return 0
    status = 0
    for r in results:
        if r.refused_new:
            word, status = "REFUSED", 1
        elif r.ok:
            word = "ok"
        elif r.needs_reconnect:
            word, status = "RECONNECT", 1
        else:
            word = "unchecked"
        print(f"{r.name}\t{r.network}\t{word}\t{r.detail}")
    return status


def run_reconnect(args: argparse.Namespace, secret: str) -> int:
    """Verify the new credential, keep it if it works, and say which posts failed meanwhile.

    Exit 1 when the server refused it (the old credential is kept); offline, it waits unverified (exit 0).
    """
    from studio.publish.factory import Publishers
    from studio.publish.health import reconnect
    from studio.store import open_store

    with open_store() as store:
        result, failed = reconnect(store, Publishers(args.credentials), args.name, secret)
    if result.refused_new:
        print(
            f"error: account {result.name}: {result.detail} (copy the token or app password again, then "
            f"`studio accounts reconnect {result.name} --secret-stdin`)",
            file=sys.stderr,
        )
        return 1
    word = "ok" if result.ok else ("RECONNECT" if result.needs_reconnect else "unchecked")
    print(f"{result.name}\t{result.network}\t{word}\t{result.detail}")
    for post_id in failed:
        print(
            f"post {post_id} failed for this account meanwhile; `studio queue retry {post_id}` sends it now"
        )
    return 1 if result.needs_reconnect else 0
