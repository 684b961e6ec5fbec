"""From Compose to the queue: save the draft as it is on screen, then schedule it (or send it to review)."""

from __future__ import annotations

from studio.errors import InputError
from studio.gui.compose.autosave import DraftAutosave, MediaRow
from studio.gui.compose.schedule import ScheduleChoice
from studio.store import NewPost, Post, Store

__all__ = ["save_and_schedule"]


def save_and_schedule(
    store: Store,
    autosave: DraftAutosave | None,
    text: str,
    media: tuple[MediaRow, ...],
    choice: ScheduleChoice,
) -> Post:
    """Save the text and pictures into the draft (a new post without autosave) and schedule it.

    Raises the store's UserError (with its fix) when it may not go out; the draft stays as it was.
    """
    if not text.strip():
        raise InputError("post", "has no text yet", "write the post first")
    if autosave is not None:
        autosave.changed(text)
        autosave.media_changed(media)
        post_id = autosave.flush()
        if post_id is None:
            raise InputError("draft", "could not be saved", "see the message above")
    else:
        post_id = store.posts.create(NewPost(text, media=media)).id
    post = store.posts.schedule(post_id, choice.account_ids, choice.when, choice.status)
    if autosave is not None:
        autosave.forget()  # it is no longer a draft: the next words start a new one
    return post
