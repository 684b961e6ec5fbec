"""One change signal for every view: the workspace's `data_version`, polled a few times a second.

    live = LiveStore(store)        # built once, with the services
    live.changed.connect(...)      # anyone committed anything: the app, its publisher thread, another process
    live.watch(window)             # polls while the window is on screen, stops when it closes

A poll is one `PRAGMA data_version` on a connection of its own (a few microseconds on the UI thread), so the
views read the workspace again only when it did change. `follow` ties a view to it: a view on screen
refreshes at once, a hidden one when it is next shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from studio.errors import UserError
from studio.store import Store

__all__ = ["POLL_MS", "LiveStore", "follow"]

POLL_MS = 400  # a change shows within half a second; 2.5 polls a second cost ~10 µs of the UI thread
_log = logging.getLogger(__name__)


class LiveStore(QObject):
    """Tells when the workspace changed, whoever changed it.

    Signals:
        changed(): the database changed since the last poll (emitted once per poll at most).
    """

    changed = Signal()

    def __init__(self, store: Store, interval_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.version = self._read()
        self.polls = 0  # for tests and the benchmark: how often it looked
        self._timer = QTimer(self)
        self._timer.setObjectName("live-store")
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._window: QWidget | None = None

    @property
    def active(self) -> bool:
        """Polling now."""
        return self._timer.isActive()

    def start(self) -> None:
        """Poll every interval (and once now: what changed while it was stopped shows at once)."""
        self._timer.start()
        self.poll()

    def stop(self) -> None:
        """No more polls."""
        self._timer.stop()

    def watch(self, window: QWidget) -> None:
        """Poll while `window` is on screen: from its Show to its Hide or Close."""
        self._window = window
        window.installEventFilter(self)
        if window.isVisible():
            self.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Show:
                self.start()
            elif event.type() in (QEvent.Type.Hide, QEvent.Type.Close):
                self.stop()
        return False

    @Slot()
    def poll(self) -> bool:
        """Look now; emit `changed` (and return True) when the workspace changed since the last look."""
        self.polls += 1
        version = self._read()
        if version is None or version == self.version:
            return False
        self.version = version
        self.changed.emit()
        return True

    def _read(self) -> int | None:
        try:
            return self._store.data_version()
        except UserError as error:  # busy or gone for a moment: the next poll looks again
            _log.info("live views: %s", error.line())
            return None


def follow(
    live: LiveStore | None, view: QWidget, refresh: Callable[[], None], *, on_show: bool = True
) -> None:
    """Call `refresh` on each change while `view` is on screen; a hidden view, once when it is next shown.

    A view that reads the store in its own `showEvent` anyway passes `on_show=False`.
    """
    if live is not None:
        live.changed.connect(_Follower(view, refresh, on_show).on_changed)


class _Follower(QObject):
    """Lives as a child of its view, so the connection goes when the view goes."""

    def __init__(self, view: QWidget, refresh: Callable[[], None], on_show: bool) -> None:
        super().__init__(view)
        self._view = view
        self._refresh = refresh
        self._stale = False
        if on_show:
            view.installEventFilter(self)

    @Slot()
    def on_changed(self) -> None:
        if self._view.isVisible():
            self._stale = False
            self._refresh()
        else:
            self._stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() == QEvent.Type.Show and self._stale:
            self._stale = False
            self._refresh()
        return False
