"""The app's inbox fetch: `studio inbox sync` on one worker, every few minutes while online, and on demand.

A run opens its own store in its worker thread (as the publisher and the metrics pull do), so the UI thread
never waits for a network. Only one run at a time: a timer tick or a "Check now" while one is on its way
is dropped (the view says a check is on its way). Nothing runs at start-up; `start(delay_ms)` is called by
`run_app` after the first paint. `studio.listen.inbox` is imported by the worker, not when the app starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from studio.errors import UserError
from studio.gui.workers import Workers
from studio.secrets import CredentialStore
from studio.words import counted

if TYPE_CHECKING:
    from studio.listen.inbox import InboxSyncReport

__all__ = ["INTERVAL_MS", "InboxFetcher", "sync_in_background", "sync_line"]

INTERVAL_MS = 5 * 60 * 1000  # every five minutes while the app runs and is online
SyncFunction = Callable[..., "InboxSyncReport"]  # (workspace, credentials, *, progress) -> report


def sync_in_background(
    workspace: Path, credentials: CredentialStore, *, progress: Callable[[int, int], None] | None = None
) -> InboxSyncReport:
    """One `studio inbox sync` in the workspace, on a store of its own (worker thread)."""
    from studio.listen.inbox import sync_inbox
    from studio.store import open_store

    with open_store(workspace) as store:
        return sync_inbox(store, credentials, progress=progress)


def sync_line(report: InboxSyncReport, zone: tzinfo | None, at: datetime) -> str:
    """What the view says after a fetch: how many are new, a calm line per account that failed or waits."""
    local = at.astimezone(zone) if zone is not None else at.astimezone()
    parts = [f"Checked at {local:%H:%M}: {counted(report.new, 'new item')}"]
    for name, until in report.wait_until:
        back = until.astimezone(zone) if zone is not None else until.astimezone()
        parts.append(f"{name}: rate limited until {back:%H:%M}")
    for name, line in report.errors:
        calm = (
            "offline, will try again" if "could not reach" in line or "offline" in line.casefold() else line
        )
        parts.append(f"{name}: {calm}")
    return " · ".join(parts)


class InboxFetcher(QObject):
    """Fetches the inbox now and then, one run at a time.

    Signals:
        started(): a run began.
        progress(int, int): accounts read, accounts to read.
        finished(object): the run's `InboxSyncReport`.
        failed(str): the run could not start at all (the workspace did not open): one line.
    """

    started = Signal()
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        workspace: Path,
        credentials: CredentialStore,
        *,
        online: Callable[[], bool | None] = lambda: None,
        interval_ms: int = INTERVAL_MS,
        run: SyncFunction = sync_in_background,
        workers: Workers | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._credentials = credentials
        self._online = online
        self._run = run
        self._busy = threading.Event()
        self.workers = workers or Workers(max_threads=1)
        self.last: Any = None  # the last report, for a view built after it came
        self._timer = QTimer(self)
        self._timer.setObjectName("inbox-fetch")
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def busy(self) -> bool:
        """A run is on its way."""
        return self._busy.is_set()

    def start(self, delay_ms: int = 0) -> None:
        """Fetch after `delay_ms` (when online), then every interval until `stop()`."""
        self._timer.start()
        QTimer.singleShot(delay_ms, self, self._on_timer_timeout)

    def stop(self, wait_ms: int = 5000) -> bool:
        """No more runs; wait for the one on its way. True when idle."""
        self._timer.stop()
        return self.workers.wait_done(wait_ms)

    @Slot()
    def _on_timer_timeout(self) -> None:
        if self._online() is not False:  # unknown yet: try; the report says which account is offline
            self.check_now()

    def check_now(self) -> bool:
        """Fetch now, unless a run is on its way (False then)."""
        if self._busy.is_set():
            return False
        self._busy.set()
        self.started.emit()
        task = self.workers.task(self._run, self._workspace, self._credentials)
        task.on_progress(self.progress.emit).on_success(self._on_done).on_failure(self._on_failed).run()
        return True

    def _on_done(self, report: InboxSyncReport) -> None:
        self._busy.clear()
        self.last = report
        self.finished.emit(report)

    def _on_failed(self, error: BaseException) -> None:
        self._busy.clear()
        if not isinstance(error, UserError):
            raise error
        self.failed.emit(error.line())
