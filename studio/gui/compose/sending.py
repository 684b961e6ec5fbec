"""From Compose to the queue: save the draft as it is on screen, then schedule it, or save a queued post's
changes; both behind the one set of guardrails (`studio.workflows.posting`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from studio.errors import InputError, UserError
from studio.gui.compose.autosave import DraftAutosave
from studio.gui.compose.schedule import ScheduleChoice, say
from studio.gui.messages import MessageBridge
from studio.store import NewPost, Post, PostStatus, Store
from studio.store.times import now_utc
from studio.workflows import posting
from studio.workflows.posting import PostChange, Refused

if TYPE_CHECKING:
    from studio.gui.compose.view import ComposeView

__all__ = ["Sender", "save_and_schedule", "save_changes"]


class Sender(QObject):
    """Compose's Schedule / Save changes: the post on screen through the guardrails into the queue."""

    def __init__(self, view: ComposeView, store: Store, messages: MessageBridge) -> None:
        super().__init__(view)
        self._view = view
        self._store = store
        self._messages = messages
        self.allowed: frozenset[str] = frozenset()  # findings the person chose to post anyway

    @Slot(object)
    def allow(self, rules: frozenset[str]) -> None:
        """ "Post anyway": these content rules are overridden on purpose (kept in the post's audit)."""
        self.allowed = self.allowed | rules

    @Slot()
    def accounts_changed(self) -> None:
        """Accounts drive networks: each chosen account's network is counted and previewed (and saved)."""
        view = self._view
        assert view.schedule is not None
        chosen = view.schedule.chosen()
        for account in chosen:
            chip = view.chips.get(account.network)
            if chip is not None and not chip.isChecked():
                chip.setChecked(True)
        view.preview.set_accounts(chosen)
        view.save_choices()

    @Slot(object)
    def send(self, choice: ScheduleChoice) -> None:
        """Schedule the post on screen (or save a queued post's changes); show every reason it cannot."""
        view = self._view
        panel = view.schedule
        assert panel is not None
        if view.media is not None:
            view.media.flush()
        change = view.change(choice.account_ids, choice.when)
        editing = view.opener.editing
        try:
            if editing is not None:
                post = save_changes(self._store, editing, change, self.allowed)
            else:
                post = save_and_schedule(self._store, view.autosave, change, choice, self.allowed)
        except Refused as refused:
            panel.show_refusal(refused.problems)
            return
        except UserError as error:
            panel.show_problem(say(error))
            return
        when = "now"
        if post.scheduled_at is not None:
            when = post.scheduled_at.astimezone(panel.zone()).strftime("%a %d %b %H:%M")
        where = ", ".join(d.account_name for d in post.deliveries if d.state.value != "cancelled")
        done = "sent to review" if post.status is PostStatus.IN_REVIEW else "scheduled"
        self._messages.info(f"Post {post.id} {'changed' if editing is not None else done}: {where}, {when}")
        view.done()
        view.scheduled.emit(post.id)


def save_and_schedule(
    store: Store,
    autosave: DraftAutosave | None,
    change: PostChange,
    choice: ScheduleChoice,
    allow: Iterable[str] = (),
) -> Post:
    """Save the post into its draft (a new post without autosave) and schedule it (or send it to review).

    Raises `posting.Refused` (every reason) or another UserError (with its fix); the draft stays a draft.
    """
    if not change.text.strip():
        raise InputError("post", "has no text yet", "write the post first")
    if autosave is not None:
        autosave.changed(change.text, dict(change.text_for))
        autosave.media_changed(change.media)
        autosave.choices_changed(dict(change.format_for), change.account_ids)
        post_id = autosave.flush()
        if post_id is None:
            raise InputError("draft", "could not be saved", "see the message above")
    else:
        post_id = store.posts.create(NewPost(change.text, media=change.media)).id
    post = posting.schedule(store, post_id, change, choice.status, now=now_utc(), allow=allow)
    if autosave is not None:
        autosave.forget()  # it is no longer a draft: the next words start a new one
    return post


def save_changes(store: Store, post_id: int, change: PostChange, allow: Iterable[str] = ()) -> Post:
    """Change a post already in the queue (or in review); refused while a copy is out or on its way."""
    return posting.edit(store, post_id, change, now=now_utc(), allow=allow)
