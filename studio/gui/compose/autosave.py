"""Drafts save themselves: a pause in typing writes the text to the store, and the next start reopens it."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from studio.errors import UserError
from studio.gui.messages import MessageBridge
from studio.store import NewPost, PostStatus, Store

__all__ = ["DraftAutosave"]

PAUSE_MS = 600


class DraftAutosave(QObject):
    """Keeps one draft post in step with the editor's text.

    Signals:
        saved(int): the draft with this post id now holds the latest text.
    """

    saved = Signal(int)

    def __init__(self, store: Store, messages: MessageBridge) -> None:
        super().__init__()
        self._store = store
        self._messages = messages
        self._pending: str | None = None
        self.post_id: int | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("draft-autosave")
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def latest_draft(self) -> str:
        """The newest unscheduled draft's text (and remember it as the one being edited); "" when none."""
        drafts = self._store.posts.page(limit=1, statuses=[PostStatus.DRAFT])
        if not drafts or drafts[0].scheduled_at is not None:
            return ""
        self.post_id = drafts[0].id
        return drafts[0].body

    def changed(self, text: str) -> None:
        """The editor's text changed: save it after the next pause."""
        self._pending = text
        self._timer.start()

    def new_draft(self) -> None:
        """Save what is pending; the next text goes into a new post."""
        self.flush()
        self.post_id = None

    def flush(self) -> None:
        """Save now if anything is pending (on close, and before starting a new draft)."""
        self._timer.stop()
        if self._pending is None:
            return
        text, self._pending = self._pending, None
        try:
            if self.post_id is None:
                if not text.strip():
                    return
                self.post_id = self._store.posts.create(NewPost(text)).id
            else:
                self._store.posts.save_draft(self.post_id, text)
        except UserError as error:
            self._messages.user_error(error)
            return
        self.saved.emit(self.post_id)

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.flush()
