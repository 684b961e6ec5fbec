"""The background publisher: while the app is open, what is due goes out, never on the UI thread.

    publisher = BackgroundPublisher(workspace, messages, credentials)
    publisher.start()        # a run now, then one every minute
    publisher.poke()         # "publish now" (the queue's action, the network coming back): a run at once
    publisher.stop()         # on close: no new claim; the delivery being sent is finished, then it returns

Each run is `studio.autopublish.publish_due`: the same runner as `studio publish-due`, behind the same
workspace lock, so the app and a cron job never publish at once (a busy lock just skips the run). Runs never
overlap: a poke during a run is answered by one more run right after it. Results go to the message bridge,
and what waits for a person (a ready folder, a failure for good, a refused sign-in) also to the `listener`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices

from studio.autopublish import RunGate, RunSummary, publish_due
from studio.errors import UserError
from studio.gui.messages import MessageBridge
from studio.gui.teamsync import is_hub_error
from studio.gui.workers import Workers
from studio.secrets import CredentialStore
from studio.words import counted

__all__ = ["HUB_DOWN", "BackgroundPublisher", "RunListener"]

MINUTE_MS = 60_000
# Closing waits this long for the delivery being sent; longer than the HTTP client's own 30 s timeout.
STOP_WAIT_MS = 40_000

RunFunction = Callable[..., RunSummary]
HUB_DOWN = "Team hub unreachable: nothing is sent from this laptop until it is back"


class RunListener(Protocol):
    """Who else hears of the news that waits for a person (the desktop notifier, `studio.gui.notify`)."""

    def handed_off(self, items: tuple[tuple[int, str], ...]) -> bool:
        """Ready folders were written: (delivery id, folder); True when the person was told of them."""
        ...

    def needs_person(self, text: str, fix: str) -> None:
        """A post failed for good or an account needs reconnecting (already in the window's message bar)."""
        ...


class BackgroundPublisher(QObject):
    """Runs the publishing runner on its own worker thread every minute and whenever poked.

    Signals:
        run_started(): a run was started on the worker thread.
        run_finished(RunSummary): a run ended (also when it was skipped because cron held the lock).
        run_failed(object): a run could not start or broke off; the exception (already reported).
    """

    run_started = Signal()
    run_finished = Signal(object)
    run_failed = Signal(object)
    hub_unreachable = Signal(str)  # a team workspace's hub could not be reached: nothing was claimed

    def __init__(
        self,
        workspace: Path,
        messages: MessageBridge,
        credentials: CredentialStore,
        *,
        interval_ms: int = MINUTE_MS,
        run: RunFunction = publish_due,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._messages = messages
        self._credentials = credentials
        self._run = run
        self.listener: RunListener | None = None  # set by `studio.gui.notify.install_notifier`
        self._gate = RunGate()
        self._stopping = threading.Event()
        self.hub_down = ""  # why the team's hub could not be reached at the last run ("" when it could)
        self.workers = Workers(max_threads=1)  # its own thread: a slow server never delays previews
        self._timer = QTimer(self)
        self._timer.setObjectName("publish-due")
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poke)

    @property
    def active(self) -> bool:
        """Started and not stopped."""
        return self._timer.isActive()

    @property
    def busy(self) -> bool:
        """A run is on its way."""
        return self._gate.running

    def start(self, delay_ms: int = 0) -> None:
        """Run after `delay_ms` (the first paint goes first), then every interval until `stop()`."""
        self._stopping.clear()
        self._timer.start()
        if delay_ms:
            QTimer.singleShot(delay_ms, self, self.poke)
        else:
            self.poke()

    @Slot()
    def poke(self) -> None:
        """Publish what is due now (coalesced with a run already on its way); ignored once stopped."""
        if self._stopping.is_set():
            return
        if self._gate.request():
            self._launch()

    def stop(self, wait_ms: int = STOP_WAIT_MS) -> bool:
        """Stop the timer and any further claim, and wait for the delivery being sent; True when idle.

        Nothing is left claimed: the runner asks before each claim (one delivery per claim). Should the wait
        time out (a server hanging beyond every timeout), the claim's timeout lets the next run take it over.
        """
        self._timer.stop()
        self._stopping.set()
        return self.workers.wait_done(wait_ms)

    def _launch(self) -> None:
        self.run_started.emit()
        self.workers.task(
            self._run, self._workspace, self._credentials, should_stop=self._stopping.is_set
        ).on_success(self._on_run_succeeded).on_failure(self._on_run_failed).run()

    def _on_run_succeeded(self, summary: RunSummary) -> None:
        if self.hub_down:
            self.hub_down = ""
            self._messages.info("Team hub reachable again: what is due goes out from this laptop")
        self._report(summary)
        self.run_finished.emit(summary)
        self._after_run()

    def _on_run_failed(self, error: BaseException) -> None:
        self._after_run()
        self.run_failed.emit(error)
        if not isinstance(error, UserError):
            raise error  # a bug: the crash path shows it
        if is_hub_error(error):
            self._hub_unreachable(error)
            return
        self._messages.user_error(error)  # e.g. the workspace folder cannot be written

    def _hub_unreachable(self, error: UserError) -> None:
        """A team workspace whose hub cannot be reached claims nothing: said calmly, once per outage.

        Not an error to fix here: the posts stay scheduled, and go out from whichever laptop reaches the hub
        first (this one too, once it is back). The status bar's team indicator says why on hover.
        """
        first = not self.hub_down
        self.hub_down = error.line()
        self.hub_unreachable.emit(self.hub_down)
        if first:
            self._messages.info(HUB_DOWN)

    def _after_run(self) -> None:
        if self._stopping.is_set():
            self._gate = RunGate()
            return
        if self._gate.done():
            self._launch()

    def _report(self, summary: RunSummary) -> None:
        """Tell the user what went out and what needs them (the status bar shows the rest)."""
        if summary.sent:
            count = len(summary.sent)
            last = summary.sent[-1][1]
            self._messages.info(
                f"Published: {last}" if count == 1 else f"Published {counted(count, 'post')}; last: {last}"
            )
        elif summary.retrying:
            self._messages.info(f"Will try again later: {summary.retrying[-1][1]}")
        if summary.handed_off and (self.listener is None or not self.listener.handed_off(summary.handed_off)):
            self._report_handoffs(summary.handed_off)
        if summary.missed:
            count = len(summary.missed)
            self._messages.warning(
                f"{counted(count, 'post')} missed {'their' if count > 1 else 'its'} time "
                "while Studio was closed",
                "open the queue to send now or reschedule",
            )
        if summary.failed:
            count = len(summary.failed)
            why = summary.failed[-1][1]
            text = f"A post could not be published: {why}" if count == 1 else (
                f"{counted(count, 'post')} could not be published; the last: {why}"
            )  # fmt: skip
            self._tell(text, "open the queue to fix and retry it")
        if summary.reconnect:
            names = ", ".join(summary.reconnect)
            verb = "needs" if len(summary.reconnect) == 1 else "need"
            self._tell(
                f"{names} {verb} reconnecting: the network refused the sign-in",
                "open Accounts, select it and press Reconnect",
            )

    def _tell(self, text: str, fix: str) -> None:
        """An error that waits for a person: in the window, and as a desktop notification where one can be."""
        self._messages.error(text, fix)
        if self.listener is not None:
            self.listener.needs_person(text, fix)

    def _report_handoffs(self, handed_off: tuple[tuple[int, str], ...]) -> None:
        """Without a notifier: the last ready folder, with a button that opens it."""
        folder = Path(handed_off[-1][1])
        many = len(handed_off) > 1
        text = (
            f"{counted(len(handed_off), 'post')} ready to post by hand; the last is in {folder.name}"
            if many
            else f"Ready to post by hand: the folder {folder.name}"
        )

        def open_folder() -> None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

        self._messages.info(text, action=("Open folder", open_folder))
