"""The one crash path: uncaught exceptions become a report dialog; hard crashes leave a file for next time.

`sys.excepthook` and `threading.excepthook` build a report (traceback, versions, never secrets: no locals,
no environment, and anything that looks like a credential is masked), write it to `logs/` and emit
`crashed` on the UI thread. `faulthandler` writes Python's own dump to `logs/fatal.log` when the process
dies in C code; at the next start `FatalLog.take_previous()` hands that text over once, so the app can
offer to show it.
"""

from __future__ import annotations

import faulthandler
import platform
import re
import sys
import threading
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Signal, Slot

from studio import __version__

__all__ = ["CrashHandler", "FatalLog", "build_report", "redact"]

_SECRET = re.compile(
    r"(?i)\b(password|passwd|secret|token|app[_-]?password|authorization|bearer|api[_-]?key)\b"
    r"(\s*[:=]\s*|\s+)(['\"]?)(?:(?:bearer|basic)\s+)?[^\s'\",)]+"
)


def redact(text: str) -> str:
    """Mask values that follow credential-like words (`password=...`, `Bearer ...`)."""
    return _SECRET.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}<redacted>", text)


def build_report(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None, thread: str = "main"
) -> str:
    """The text of a crash report: what happened, where, and on which versions (no locals, no environment)."""
    lines = traceback.format_exception(kind, value, tb)
    head = [
        f"Studio {__version__} crashed (a bug; please send this report to the team that looks after Studio).",
        f"when: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"thread: {thread}",
        f"python: {platform.python_version()}  PySide6: {pyside_version}  system: {platform.platform()}",
        "",
    ]
    return redact("\n".join(head) + "".join(lines))


class CrashHandler(QObject):
    """Owns `sys.excepthook` and `threading.excepthook` while installed.

    Signals:
        crashed(str): the report of an uncaught exception, delivered on the UI thread.
    """

    crashed = Signal(str)
    _reported = Signal(str)

    def __init__(self, logs: Path) -> None:
        super().__init__()
        self._logs = logs
        self._old_sys = sys.excepthook
        self._old_thread = threading.excepthook
        # Emitting from any thread into this UI-thread slot queues the report onto the UI thread.
        self._reported.connect(self._on_reported)

    def install(self) -> None:
        """Take over both hooks."""
        self._old_sys = sys.excepthook
        self._old_thread = threading.excepthook
        sys.excepthook = self._sys_hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        """Give the hooks back to whoever had them."""
        sys.excepthook = self._old_sys
        threading.excepthook = self._old_thread

    def _sys_hook(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._old_sys(kind, value, tb)
            return
        self._reported.emit(build_report(kind, value, tb))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        self._reported.emit(build_report(args.exc_type, args.exc_value, args.exc_traceback, name))

    @Slot(str)
    def _on_reported(self, report: str) -> None:
        self.write(report)
        self.crashed.emit(report)

    def write(self, report: str) -> Path | None:
        """Keep the report in `logs/`; a full disk must not turn one crash into two."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self._logs / f"crash-{stamp}.txt"
        try:
            self._logs.mkdir(parents=True, exist_ok=True)
            path.write_text(report, encoding="utf-8")
        except OSError:
            return None
        return path


class FatalLog:
    """`faulthandler`'s file in `logs/`: armed while the app runs, read once at the next start."""

    NAME = "fatal.log"

    def __init__(self, logs: Path) -> None:
        self.path = logs / self.NAME
        self._file: IO[str] | None = None
        self._was_enabled = False

    def take_previous(self) -> str:
        """What a previous run's hard crash left (empty when none); moved aside so it is offered once."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        if not text.strip():
            return ""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        try:
            self.path.replace(self.path.with_name(f"fatal-{stamp}.log"))
        except OSError:
            return ""
        return text

    def arm(self) -> None:
        """Point faulthandler at the file (after `take_previous`, which this truncates)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._was_enabled = faulthandler.is_enabled()
        self._file = self.path.open("w", encoding="utf-8")
        faulthandler.enable(self._file, all_threads=True)

    def disarm(self) -> None:
        """Close the file after a clean run and remove it, so the next start offers nothing."""
        if self._file is None:
            return
        faulthandler.disable()
        if self._was_enabled:
            faulthandler.enable(sys.__stderr__ or sys.stderr)
        self._file.close()
        self._file = None
        self.path.unlink(missing_ok=True)
