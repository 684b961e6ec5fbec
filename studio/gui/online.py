"""Online or offline: the accounts' servers checked off the UI thread every few seconds (more often while
offline or after a failure), and at once when the OS says the network changed (QNetworkInformation, where
a backend loads) or the workspace's servers changed (an account added).

The truth is the Qt-free `studio.online.check_online`: "Online" only after a connection succeeded; the OS
notice only triggers a check sooner. A check is one TCP connect per server (no request), so losing the
network shows as "Offline" within `interval + timeout` (4.5 s), and coming back within `retry + timeout`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from studio.gui.workers import Workers
from studio.online import Reachability, check_online

__all__ = ["OnlineMonitor"]

Hosts = Callable[[], Sequence[tuple[str, int]]]


class OnlineMonitor(QObject):
    """Knows whether the servers Studio posts to can be reached.

    Signals:
        checked(Reachability): the answer of each check.
        came_online(): the previous check said offline and this one says online (publish what waited).
    """

    checked = Signal(object)
    came_online = Signal()

    def __init__(
        self,
        workers: Workers,
        hosts: Hosts,
        *,
        interval_ms: int = 3000,
        retry_ms: int = 1500,
        timeout: float = 1.5,
    ) -> None:
        super().__init__()
        self._workers = workers
        self._hosts = hosts
        self._timeout = timeout
        self._interval_ms = interval_ms  # while every server answers
        self._retry_ms = retry_ms  # while offline, or a server did not answer: back sooner
        self.online: bool | None = None  # None until the first check answers
        self.last: Reachability | None = None
        self._checked_hosts: list[tuple[str, int]] | None = None
        self._running = False
        self._checking = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setObjectName("online-check")
        self._timer.setSingleShot(True)  # re-armed after each answer, sooner when something failed
        self._timer.timeout.connect(self.check_now)
        self._os_watch: QObject | None = None

    def start(self, delay_ms: int = 0) -> None:
        """Check after `delay_ms`, then every few seconds; also when the OS reports a network change."""
        self._running = True
        self._timer.start(delay_ms)
        QTimer.singleShot(delay_ms, self, self._watch_os_if_running)  # QtNetwork after the first paint

    @Slot()
    def _watch_os_if_running(self) -> None:
        if self._running:  # not stopped meanwhile
            self._watch_os()

    def stop(self) -> None:
        """No more checks (one on its way still reports)."""
        self._running = False
        self._timer.stop()
        if self._os_watch is not None:
            self._os_watch.reachabilityChanged.disconnect(self._on_os_reachability_changed)  # type: ignore[attr-defined]
            self._os_watch = None

    @Slot()
    def check_now(self) -> None:
        """Check the servers off the UI thread (once more after the one on its way, if one is)."""
        if self._checking:
            self._again = True
            return
        self._checking = True
        self._timer.stop()  # the next one is armed when this one answers
        hosts = list(self._hosts())
        self._checked_hosts = hosts
        self._workers.task(check_online, hosts, self._timeout).on_success(self._on_checked).on_failure(
            self._on_check_failed
        ).run()

    @Slot()
    def check_if_servers_changed(self) -> None:
        """Check now if the servers to reach are not those checked last (an account was added or removed)."""
        if self._running and self._checked_hosts is not None and list(self._hosts()) != self._checked_hosts:
            self.check_now()

    def _on_checked(self, answer: Reachability) -> None:
        was = self.online
        self.online = answer.online
        self.last = answer
        self._finished(answer.all_reached or not answer.checked)
        self.checked.emit(answer)
        if was is False and answer.online:
            self.came_online.emit()

    def _on_check_failed(self, error: BaseException) -> None:
        self._finished(False)
        raise error  # check_online catches every network error: anything else is a bug

    def _finished(self, calm: bool) -> None:
        self._checking = False
        if self._again:
            self._again = False
            QTimer.singleShot(0, self, self.check_now)
        elif self._running:
            self._timer.start(self._interval_ms if calm else self._retry_ms)

    def _watch_os(self) -> None:
        # Loaded only now, after the window is up: QtNetwork is not needed to show it.
        from PySide6.QtNetwork import QNetworkInformation

        if self._os_watch is not None or not QNetworkInformation.loadDefaultBackend():
            return
        info = QNetworkInformation.instance()
        info.reachabilityChanged.connect(self._on_os_reachability_changed)
        self._os_watch = info

    @Slot(object)
    def _on_os_reachability_changed(self, _reachability: object) -> None:
        self.check_now()
