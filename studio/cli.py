"""The `studio` command: argparse front and composition root for the command-line.

Each subcommand lives in its own module in `studio.commands` and exposes `ORDER` (its place in `--help`)
and `register(subparsers)`. Registering only builds parsers; a command imports the core it needs when it runs,
so `studio --help`, `studio --version` and `studio text ...` start without Qt or Pillow.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studio import __version__, commands
from studio.commands._args import not_utf8
from studio.errors import UserError

if TYPE_CHECKING:
    from studio.secrets import CredentialStore

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every subcommand found in `studio.commands`."""
    parser = argparse.ArgumentParser(
        prog="studio",
        description="Offline-first content studio for IT communications. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    for module in sorted(modules, key=lambda m: (getattr(m, "ORDER", 100), m.__name__)):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 work failed, 2 bad usage)."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if (bad := not_utf8(argv)) is not None:
        print(f"error: {bad}", file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    try:
        if run is None:
            from studio.gui.app import run_app  # Qt only when the app opens

            return run_app(sys.argv[:1])
        args.credentials = _credentials()  # built once here and passed in (`args.credentials`)
        status: int = run(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
    except BrokenPipeError:
        return _pipe_closed()
    except UserError as error:
        print(f"error: {error.line()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - the one place a bug becomes a report instead of a traceback
        report = _write_crash_report(traceback.format_exc())
        print(f"error: internal error in Studio (a bug; the report is in {report})", file=sys.stderr)
        return 1
    return status


def _credentials() -> CredentialStore:
    from studio.secrets import KeyringCredentials  # cheap: keyring itself loads with the first credential

    return KeyringCredentials()


def _pipe_closed() -> int:
    """The reader went away (`studio queue list | head -1`): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere, without a second error
    return 141  # what a shell reports for a tool ended by SIGPIPE (128 + 13)


def _write_crash_report(text: str) -> Path:
    from studio.workspace import logs_dir

    directory = logs_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "cli-crash.txt"
    path.write_text(f"studio {__version__}\n{text}", encoding="utf-8")
    return path
