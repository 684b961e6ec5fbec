"""Drafts save themselves: a pause in typing writes the text and pictures; the next start reopens them.

The pictures' focus point and alt text live on the media items and are saved as they change (the media
strip does that); the draft keeps which pictures, in which order, with which template and caption.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from studio.errors import UserError
from studio.gui.messages import MessageBridge
from studio.store import NewPost, Post, PostStatus, Store

__all__ = ["DraftAutosave", "MediaRow"]

PAUSE_MS = 600
MediaRow = tuple[int, str, str]  # (media id, template, caption), as `post_media` keeps them


class DraftAutosave(QObject):
    """Keeps one draft post in step with the editor's text and the media strip's pictures.

    Signals:
        saved(int): the draft with this post id now holds the latest text and pictures.
    """

    saved = Signal(int)

    def __init__(self, store: Store, messages: MessageBridge) -> None:
        super().__init__()
        self._store = store
        self._messages = messages
        self._text = ""
        self._text_pending = False
        self._media: tuple[MediaRow, ...] = ()
        self._media_pending = False
        self.post_id: int | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("draft-autosave")
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def latest(self) -> Post | None:
        """The newest unscheduled draft (and remember it as the one being edited); None when there is none."""
        drafts = self._store.posts.page(limit=1, statuses=[PostStatus.DRAFT])
        if not drafts or drafts[0].scheduled_at is not None:
            return None
        self.post_id = drafts[0].id
        self._text = drafts[0].body
        self._media = tuple((m.media.id, m.template, m.caption) for m in drafts[0].media)
        return drafts[0]

    def latest_draft(self) -> str:
        """The newest unscheduled draft's text; "" when none."""
        post = self.latest()
        return post.body if post is not None else ""

    def changed(self, text: str) -> None:
        """The editor's text changed: save it after the next pause."""
        self._text = text
        self._text_pending = True
        self._timer.start()

    def media_changed(self, media: Sequence[MediaRow]) -> None:
        """The pictures, their order, template or caption changed: save them after the next pause."""
        if tuple(media) == self._media and not self._media_pending:
            return
        self._media = tuple(media)
        self._media_pending = True
        self._timer.start()

    def new_draft(self) -> None:
        """Save what is pending; the next text goes into a new post."""
        self.flush()
        self.forget()

    def forget(self) -> None:
        """Start afresh without saving (the draft was just scheduled, so it is no longer a draft)."""
        self._timer.stop()
        self.post_id = None
        self._text, self._media = "", ()
        self._text_pending = self._media_pending = False

    def flush(self) -> int | None:
        """Save now if anything is pending (on close, before a new draft, before scheduling); the post id."""
        self._timer.stop()
        if not (self._text_pending or self._media_pending):
            return self.post_id
        text_pending, media_pending = self._text_pending, self._media_pending
        self._text_pending = self._media_pending = False
        try:
            if self.post_id is None:
                if not self._text.strip() and not self._media:
                    return None
                self.post_id = self._store.posts.create(NewPost(self._text, media=self._media)).id
            else:
                if text_pending:
                    self._store.posts.save_draft(self.post_id, self._text)
                if media_pending:
                    self._store.posts.set_media(self.post_id, self._media)
        except UserError as error:
            self._messages.user_error(error)
            return None
        self.saved.emit(self.post_id)
        return self.post_id

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.flush()
