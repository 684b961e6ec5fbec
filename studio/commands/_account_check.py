"""`studio accounts check [NAME...]`: the handler (registered by `studio.commands.accounts`)."""

from __future__ import annotations

import argparse


def run_check(args: argparse.Namespace) -> int:
    """Check each credential with its network; exit 1 if any account needs reconnecting."""
    from studio.publish.health import check_accounts
    from studio.store import open_store

    with open_store() as store:
        results = check_accounts(store, args.names)
    if not results:
        print("no accounts yet: add one with `studio accounts add NETWORK --name NAME --secret-stdin`")
        return 0
    status = 0
    for r in results:
        if r.ok:
            word = "ok"
        elif r.needs_reconnect:
            word, status = "RECONNECT", 1
        else:
            word = "unchecked"
        print(f"{r.name}\t{r.network}\t{word}\t{r.detail}")
    return status
