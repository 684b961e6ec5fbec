"""Drafts save themselves: a pause in typing writes the text and pictures; the next start reopens them.

The draft keeps its main text and each network's own text, which pictures (in order, with template and
caption), the picture format chosen per network, and the accounts it is meant for. The pictures' focus point
and alt text live on the media items and are saved as they change (the media strip does that).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from studio.errors import UserError
from studio.gui.messages import MessageBridge
from studio.store import NewPost, Post, Store

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
        self._text_for: dict[str, str] = {}
        self._formats: dict[str, str] = {}
        self._accounts: tuple[int, ...] = ()
        self._choices_pending = False
        self.post_id: int | None = None
        # When the draft was last read or written here: if it changed since (another window, the command
        # line, a teammate's edit pulled by a team sync), Compose's text must not overwrite it.
        self._seen: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("draft-autosave")
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def latest(self) -> Post | None:
        """The newest unscheduled draft (and remember it as the one being edited); None when there is none."""
        drafts = self._store.posts.drafts(limit=1)
        if not drafts or drafts[0].scheduled_at is not None:
            return None
        self.open(drafts[0])
        return drafts[0]

    def open(self, post: Post) -> None:
        """Edit this draft from now on (what is pending for the one before is saved first)."""
        self.flush()
        self.post_id = post.id
        self._seen = post.updated_at
        self._text = post.body
        self._media = tuple((m.media.id, m.template, m.caption) for m in post.media)
        self._text_for = dict(post.text_for)
        self._formats = dict(post.format_for)
        self._accounts = post.account_ids

    def latest_draft(self) -> str:
        """The newest unscheduled draft's text; "" when none."""
        post = self.latest()
        return post.body if post is not None else ""

    def changed(self, text: str, text_for: dict[str, str] | None = None) -> None:
        """The main text (and the networks' own texts, when given) changed: save after the next pause."""
        self._text = text
        if text_for is not None:
            self._text_for = dict(text_for)
        self._text_pending = True
        self._timer.start()

    def choices_changed(self, formats: dict[str, str], accounts: Sequence[int]) -> None:
        """The picture format per network or the chosen accounts changed: save after the next pause."""
        if (formats, tuple(accounts)) == (self._formats, self._accounts):
            return
        self._formats, self._accounts = dict(formats), tuple(accounts)
        self._choices_pending = True
        self._timer.start()

    @property
    def pending(self) -> bool:
        """Something is not saved yet."""
        return self._text_pending or self._media_pending or self._choices_pending

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
        self._seen = None
        self._text, self._media = "", ()
        self._text_for, self._formats, self._accounts = {}, {}, ()
        self._text_pending = self._media_pending = self._choices_pending = False

    def flush(self) -> int | None:
        """Save now if anything is pending (on close, before a new draft, before scheduling); the post id."""
        self._timer.stop()
        if not self.pending:
            return self.post_id
        text_pending, media_pending = self._text_pending, self._media_pending
        choices_pending = self._choices_pending
        self._text_pending = self._media_pending = self._choices_pending = False
        posts = self._store.posts
        try:
            if self.post_id is not None and self._changed_elsewhere():
                # Both versions are kept: the other one stays as it is, this one becomes a new draft.
                self.post_id = None
                text_pending = media_pending = choices_pending = True
                self._messages.warning(
                    "This draft was changed elsewhere while you wrote (another window, the command line or "
                    "a teammate); your version is kept as a new draft and theirs stays in Drafts"
                )
            if self.post_id is None:
                if not self._text.strip() and not self._media and not any(self._text_for.values()):
                    return None
                new = NewPost(
                    self._text, media=self._media, text_for=self._text_for, format_for=self._formats
                )
                self.post_id = posts.create(new).id
                posts.set_choices(self.post_id, account_ids=self._accounts)
            else:
                if text_pending:
                    posts.save_draft(self.post_id, self._text, text_for=self._text_for)
                if media_pending:
                    posts.set_media(self.post_id, self._media)
                if choices_pending:
                    posts.set_choices(self.post_id, format_for=self._formats, account_ids=self._accounts)
        except UserError as error:
            self._messages.user_error(error)
            return None
        self._seen = posts.get(self.post_id).updated_at
        self.saved.emit(self.post_id)
        return self.post_id

    def _changed_elsewhere(self) -> bool:
        try:
            current = self._store.posts.get(self.post_id) if self.post_id is not None else None
        except UserError:  # deleted meanwhile: a new draft keeps the text
            return True
        return current is not None and self._seen is not None and current.updated_at != self._seen

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.flush()
