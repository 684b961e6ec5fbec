"""Online or offline: the accounts' servers checked every minute off the UI thread, and at once when the OS
says the network changed (QNetworkInformation, where a backend loads).

The truth is the Qt-free `studio.online.check_online`; the OS notice only triggers a check sooner.
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
        self, workers: Workers, hosts: Hosts, *, interval_ms: int = 60_000, timeout: float = 3.0
    ) -> None:
        super().__init__()
        self._workers = workers
        self._hosts = hosts
        self._timeout = timeout
        self.online: bool | None = None  # None until the first check answers
        self.last: Reachability | None = None
        self._checking = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setObjectName("online-check")
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check_now)
        self._os_watch: QObject | None = None

    def start(self, delay_ms: int = 0) -> None:
        """Check after `delay_ms`, then every interval; also when the OS reports a network change."""
        self._timer.start()
        QTimer.singleShot(delay_ms, self, self._first_check)

    @Slot()
    def _first_check(self) -> None:
        if self._timer.isActive():  # not stopped meanwhile
            self._watch_os()
            self.check_now()

    def stop(self) -> None:
        """No more checks (one on its way still reports)."""
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
        hosts = list(self._hosts())
        self._workers.task(check_online, hosts, self._timeout).on_success(self._on_checked).on_failure(
            self._on_check_failed
        ).run()

    def _on_checked(self, answer: Reachability) -> None:
        was = self.online
        self.online = answer.online
        self.last = answer
        self._finished()
        self.checked.emit(answer)
        if was is False and answer.online:
            self.came_online.emit()

    def _on_check_failed(self, error: BaseException) -> None:
        self._finished()
        raise error  # check_online catches every network error: anything else is a bug

    def _finished(self) -> None:
        self._checking = False
        if self._again:
            self._again = False
            QTimer.singleShot(0, self.check_now)

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
