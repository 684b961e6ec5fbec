"""The Inbox page in the window: the sidebar's unread number from start-up, the view built on first show.

The number is one `count(*)` read when the page joins its window and on every change of the workspace
(`LiveStore`), whoever made it: a fetch, the command line, another window. The fetcher is held here so the
background fetch and "Check now" share it; `run_app` starts it after the first paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QWidget

from studio.errors import UserError
from studio.gui.inbox.background import InboxFetcher
from studio.gui.lazy import LazyView
from studio.gui.livestore import LiveStore
from studio.gui.mainwindow import MainWindow
from studio.store import Store

__all__ = ["InboxPage", "badge_text"]


def badge_text(unread: int) -> str:
    """The sidebar's number: unread items, nothing when there are none."""
    return str(unread) if unread else ""


class InboxPage(LazyView):
    """Builds the Inbox view the first time it shows; keeps the sidebar's unread number up to date."""

    def __init__(
        self,
        store: Store,
        factory: Callable[[InboxFetcher | None], QWidget],
        *,
        live: LiveStore | None = None,
        fetcher: InboxFetcher | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(lambda: self._build(factory), parent)
        self._store = store
        self.fetcher = fetcher
        if fetcher is not None:
            fetcher.setParent(self)
            fetcher.finished.connect(self.update_badge)
        if live is not None:
            live.changed.connect(self.update_badge)
        self.unread = 0
        QTimer.singleShot(0, self, self.update_badge)  # once the page sits in its window

    def _build(self, factory: Callable[[InboxFetcher | None], QWidget]) -> QWidget:
        view = factory(self.fetcher)
        counts_changed = getattr(view, "counts_changed", None)
        if counts_changed is not None:
            counts_changed.connect(self.update_badge)
        return view

    @Slot()
    def update_badge(self) -> None:
        """Read the unread number and show it in the sidebar."""
        try:
            self.unread = self._store.inbox.unread_count()
        except UserError:
            return  # busy or gone for a moment: the next change reads it again
        window = self.window()
        if isinstance(window, MainWindow):
            window.sidebar_model.set_badge("inbox", badge_text(self.unread))
