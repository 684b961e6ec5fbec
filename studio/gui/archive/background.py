"""The app's background metrics pull: every 15 minutes, what is due a snapshot (`studio metrics pull`).

A run opens its own store in its own worker thread (as the publisher does) and never sleeps for a rate
limit: a Mastodon reader here may not wait at all, so an account whose window is spent is left until its
reset (kept in the store) and the app can close at once. cron's `studio metrics pull` does the same work
when the app is not open; both at once only means a stage is asked twice and kept once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from studio.errors import UserError
from studio.gui.messages import MessageBridge
from studio.gui.workers import Workers
from studio.listen.metrics import PullReport, default_source, pull
from studio.listen.model import CountsSource
from studio.secrets import CredentialStore
from studio.store import Account, open_store

__all__ = ["INTERVAL_MS", "MetricsPuller", "pull_in_background"]

INTERVAL_MS = 15 * 60 * 1000
PullFunction = Callable[[Path, CredentialStore], PullReport]


def _no_waiting(account: Account, credentials: CredentialStore, workspace: Path) -> CountsSource:
    if account.network == "mastodon":
        from studio.listen.mastodon_counts import MastodonCounts

        return MastodonCounts(account, credentials, workspace, max_wait=0.0)
    return default_source(account, credentials, workspace)


def pull_in_background(workspace: Path, credentials: CredentialStore) -> PullReport:
    """One due-only pull in the workspace, with readers that never wait for a rate limit (worker thread)."""
    with open_store(workspace) as store:
        return pull(store, credentials, due_only=True, source_for=_no_waiting)


class MetricsPuller(QObject):
    """Runs a due-only pull now and then every `interval_ms`, one run at a time.

    Signals:
        finished(PullReport): a run is done (the views read the new numbers from the store).
    """

    finished = Signal(object)

    def __init__(
        self,
        workspace: Path,
        credentials: CredentialStore,
        messages: MessageBridge,
        *,
        interval_ms: int = INTERVAL_MS,
        run: PullFunction = pull_in_background,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._credentials = credentials
        self._messages = messages
        self._run = run
        self._busy = threading.Event()
        self._told: set[str] = set()  # problems already shown, so a broken account is told once
        self.workers = Workers(max_threads=1)
        self._timer = QTimer(self)
        self._timer.setObjectName("metrics-pull")
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poke)

    def start(self, delay_ms: int = 0) -> None:
        """Pull after `delay_ms`, then every interval until `stop()`."""
        self._timer.start()
        QTimer.singleShot(delay_ms, self, self.poke)

    def stop(self, wait_ms: int = 5000) -> bool:
        """Stop the timer and wait for a run on its way; True when idle."""
        self._timer.stop()
        return self.workers.wait_done(wait_ms)

    @Slot()
    def poke(self) -> None:
        """Pull what is due now, unless a pull is on its way."""
        if self._busy.is_set():
            return
        self._busy.set()
        task = self.workers.task(self._run, self._workspace, self._credentials)
        task.on_success(self._on_done).on_failure(self._on_failed).run()

    def _on_done(self, report: PullReport) -> None:
        self._busy.clear()
        for account, problem in report.problems.items():
            if problem not in self._told:
                self._told.add(problem)
                self._messages.warning(f"Could not read the numbers of {account}: {problem}")
        self.finished.emit(report)

    def _on_failed(self, error: BaseException) -> None:
        self._busy.clear()
        if not isinstance(error, UserError):
            raise error
        self._messages.user_error(error)
