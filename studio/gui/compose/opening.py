"""Opening a stored post in Compose: a draft to go on writing, a queued post to change, or a duplicate.

A draft becomes the one the autosave keeps. A post in the queue (or in review) is changed in place only when
Save changes is pressed (Ctrl+S), behind the guardrails; until then the banner says which post is open. A
post with a copy out, on its way or handed off cannot be changed: the message says why and offers a copy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from studio.errors import UserError
from studio.gui.compose.editor import PostEditor
from studio.gui.messages import MessageBridge
from studio.store import Post, PostStatus, Store
from studio.store.revisions import locked_reason
from studio.store.times import now_utc
from studio.workflows import posting

if TYPE_CHECKING:
    from studio.gui.compose.view import ComposeView

__all__ = ["EditBanner", "Opener"]


class EditBanner(QFrame):
    """ "Editing post 12, scheduled Tue 09 Dec 14:00" over the editor, with a way out.

    Signals:
        stop(): leave the post as it was and start a new draft.
    """

    stop = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EditBanner")
        self.label = QLabel("")
        self.label.setObjectName("SectionTitle")
        self.label.setWordWrap(True)
        leave = QPushButton("Leave it as it was")
        leave.setToolTip("Close this post without saving the changes and start a new draft (Ctrl+N)")
        leave.clicked.connect(self.stop)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(leave)
        self.hide()

    def show_post(self, post: Post, when: str) -> None:
        """Say which post is open and what saving does."""
        where = "in review" if post.status is PostStatus.IN_REVIEW else f"scheduled for {when}"
        self.label.setText(
            f"Editing post {post.id}, {where}. Save changes (Ctrl+S) to update its queue; "
            "until then it goes out as it was."
        )
        self.show()


class Opener:
    """What the Compose view does to open, edit and copy stored posts."""

    def __init__(self, view: ComposeView, store: Store | None, messages: MessageBridge) -> None:
        self._view = view
        self._store = store
        self._messages = messages
        self.editing: int | None = None  # the queued post open for changes

    def reopen_latest(self) -> Callable[[], object] | None:
        """Bring back what was being written when Studio stopped: the latest draft, whole.

        A draft with text is filled in once the pool has counted it (the first count compiles the engine's
        link pattern, 0.1-0.3 s): the returned call starts that when the view is first shown, so the window
        shows at once; the editor is read-only until the draft is in. None: filled in already.
        """
        view = self._view
        if view.autosave is None:
            return None
        post = view.autosave.latest()
        if post is None or not post.body or view.workers.synchronous:
            self.fill_draft(post)
            return None
        view.editor.setReadOnly(True)
        view.editor.setPlaceholderText("Opening your draft…")
        return (
            view.workers.task(view.engine.count_all, post.body)
            .on_success(lambda _counts: self.fill_draft(post))
            .on_failure(lambda _error: self.fill_draft(post))
            .run
        )

    def fill_draft(self, post: Post | None) -> None:
        """Make the editor writable and show the draft, unless another post was started meanwhile."""
        view = self._view
        view.editor.setReadOnly(False)
        view.editor.setPlaceholderText(PostEditor.PLACEHOLDER)
        if post is None or view.autosave is None or view.autosave.post_id != post.id:
            return  # none, or the user started another post meanwhile (Ctrl+N)
        view.fill(post)

    def open(self, post_id: int) -> bool:
        """Open the post for writing or changing; False (with a message) when it cannot be changed."""
        if self._store is None:
            return False
        try:
            post = self._store.posts.get(post_id)
        except UserError as error:
            self._messages.user_error(error)
            return False
        view = self._view
        if post.status is PostStatus.DRAFT and post.scheduled_at is None:
            self.stop_editing()
            view.flush()
            if view.autosave is not None:
                view.autosave.open(post)
            view.fill(post)
            view.saved_label.setText(f"Draft {post.id}")
            return True
        reason = locked_reason(post)
        if reason is not None:
            self._messages.info(
                f"Post {post.id} cannot be changed: {reason[0]} ({reason[1]}).",
                action=("Duplicate as a new draft", lambda: self.duplicate(post.id)),
            )
            return False
        view.flush()
        if view.autosave is not None:
            view.autosave.new_draft()  # the draft being written stays in the Drafts list
        self.editing = post.id
        schedule = view.schedule
        when = "now"
        if schedule is not None:
            schedule.set_editing(True)
            if post.scheduled_at is not None:
                schedule.set_when(post.scheduled_at)
                when = post.scheduled_at.astimezone(schedule.zone()).strftime("%a %d %b %H:%M")
        view.banner.show_post(post, when)
        view.fill(post)
        view.saved_label.setText("")
        return True

    def fill(self, post: Post) -> None:
        """Show the post's texts, pictures, formats and accounts in the view, as stored."""
        view = self._view
        view.filling = True
        try:
            if view.schedule is not None:
                view.schedule.set_chosen(post.account_ids)
            view.formats.load(post.format_for)
            view.texts.load(post.body, post.text_for)
            view.editor.setPlainText(post.body)
            if view.media is not None:
                view.media.clear()
                view.media.attach_all([(m.media, m.template, m.caption) for m in post.media])
        finally:
            view.filling = False

    def clear(self) -> None:
        """An empty post: no text, pictures or chosen formats, nothing overridden."""
        view = self._view
        view.filling = True
        try:
            view.texts.load("", {})
            view.formats.load({})
            view.editor.clear()
            if view.media is not None:
                view.media.clear()
        finally:
            view.filling = False
        if view.schedule is not None:
            view.sending.allowed = frozenset()
        view.saved_label.setText("")

    def duplicate(self, post_id: int) -> None:
        """A new draft from the post, opened for writing."""
        if self._store is None:
            return
        try:
            copy = posting.duplicate(self._store, post_id, now=now_utc())
        except UserError as error:
            self._messages.user_error(error)
            return
        if self.open(copy.id):
            self._messages.info(f"Post {post_id} copied into a new draft: choose a time and schedule it.")

    def stop_editing(self) -> None:
        """Leave edit mode (the queued post stays as it was saved)."""
        if self.editing is None:
            return
        self.editing = None
        self._view.banner.hide()
        if self._view.schedule is not None:
            self._view.schedule.set_editing(False)
