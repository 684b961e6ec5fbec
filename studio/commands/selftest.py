"""`studio selftest`: check that this install can do its work, and print a table of what was found."""

from __future__ import annotations

import argparse
import sys

ORDER = 90


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `selftest` subcommand."""
    parser = subparsers.add_parser(
        "selftest",
        help="check this install: Qt, fonts, keyring, templates, workspace, render speed",
        description="Check what Studio needs on this machine and print a table (check, result, detail). "
        "Everything runs in temporary folders; the user's workspace is never opened. "
        "Exit status: 0 every check passed, 1 some failed.",
    )
    # The Qt check starts this same command again with this flag, in a child process (see _selfchecks).
    parser.add_argument("--qt-window", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run every check in turn, printing each row as it finishes; 0 only when all passed."""
    if args.qt_window:
        from studio.gui.selfcheck import check_window  # Qt only in the child process

        return check_window()
    from studio.commands._selfchecks import Check, all_checks

    checks = all_checks(args.credentials)
    width = 20
    print(f"{'check':<{width}}  {'result':<6}  detail", flush=True)
    results: list[Check] = []
    for check in checks:
        result = check()
        results.append(result)
        print(f"{result.name:<{width}}  {'ok' if result.ok else 'FAIL':<6}  {result.detail}", flush=True)
    failed = [r.name for r in results if not r.ok]
    if failed:
        print(
            f"selftest: {len(failed)} of {len(results)} checks failed: {', '.join(failed)}", file=sys.stderr
        )
        return 1
    print(f"selftest: all {len(results)} checks passed")
    return 0
