"""Opening a stored post in Compose from the other views: the window switches to Compose and opens it there.

The views are made before the window, so they are given this go-between, and `bind` hands it the window
and the Compose view once both exist. In a build without Compose (no text core) nothing opens, and the
views leave their "open" actions out (`ready` is False).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.gui.compose import ComposeView
    from studio.gui.mainwindow import MainWindow

__all__ = ["PostLinks"]


class PostLinks:
    """Opens, copies and lets go of stored posts in the window's Compose view."""

    def __init__(self) -> None:
        self._window: MainWindow | None = None
        self._compose: ComposeView | None = None

    def bind(self, window: MainWindow, compose: ComposeView | None) -> None:
        """The window and its Compose view (None: this build has none)."""
        self._window = window
        self._compose = compose

    @property
    def ready(self) -> bool:
        """There is a Compose view to open posts in."""
        return self._window is not None and self._compose is not None

    def open(self, post_id: int) -> bool:
        """Switch to Compose with the post open: a draft to write on, a queued post to change.

        False when it cannot be changed any more: the message bar says why and offers a duplicate, and
        Compose stays on show so that the duplicate, when asked for, is filled in before the person's eyes.
        """
        compose = self._show_compose()
        return compose is not None and compose.open_post(post_id)

    def duplicate(self, post_id: int) -> None:
        """Switch to Compose with a new draft filled in from the post (a sent or archived one, say)."""
        compose = self._show_compose()
        if compose is not None:
            compose.duplicate_post(post_id)

    def flush(self) -> None:
        """Save what Compose has not saved yet, so that a list of drafts read now shows it."""
        if self._compose is not None:
            self._compose.flush()

    def let_go(self, post_id: int) -> None:
        """The draft is about to be deleted: if Compose has it open, save it and start an empty post."""
        compose = self._compose
        if compose is not None and compose.autosave is not None and compose.autosave.post_id == post_id:
            compose.new_post()

    def _show_compose(self) -> ComposeView | None:
        if self._window is None or self._compose is None:
            return None
        self._window.show_view("compose")
        return self._compose
