"""What the user can do with a queue row or a calendar post: a pure choice of (label, callable) pairs.

`actions_for(target, ops)` decides which actions a row's state allows; `QueueOps` carries them out through
the store's own APIs, then refreshes the views and says what happened through the message bridge. Menus are
built from the list, so the choice is tested without opening one. A handed-off row offers what the
ready-to-post panel offers (`studio.gui.handoffs`); a cancel offers Undo, or asks first when it could not
be taken back in time (`studio.gui.queue.undo`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from studio.errors import UserError
from studio.gui.handoffs import Handoff, HandoffSteps, load_handoff
from studio.gui.messages import MessageBridge
from studio.gui.postlinks import PostLinks
from studio.gui.queue.undo import UNDO_SECONDS, PendingCancels, ask_to_cancel, can_wait
from studio.store import Delivery, DeliveryState, PostStatus, Store
from studio.store.schedule import CalendarPost, QueueRow
from studio.store.times import now_utc
from studio.words import counted
from studio.workflows import posting

__all__ = ["Action", "QueueOps", "Target", "actions_for", "why_fixed"]

Action = tuple[str, Callable[[], None]]

_D = DeliveryState
_FINISHED_POSTS = (PostStatus.PUBLISHED, PostStatus.CANCELLED)
_CHANGEABLE = (
    PostStatus.DRAFT,
    PostStatus.IN_REVIEW,
    PostStatus.APPROVED,
    PostStatus.SCHEDULED,
    PostStatus.FAILED,
)
_CANCELLABLE = (_D.QUEUED, _D.RETRYING, _D.MISSED, _D.HELD, _D.FAILED, _D.HANDED_OFF)
_LOCKING = (_D.SENDING, _D.SENT, _D.HANDED_OFF)  # a copy on its way, out, or waiting to be posted by hand


@dataclass(frozen=True, slots=True)
class Target:
    """The post (and, from the table, the one delivery) an action applies to."""

    post_id: int
    post_status: PostStatus
    scheduled_at: datetime | None
    delivery_id: int | None = None
    state: DeliveryState | None = None
    account_name: str = ""
    sent_any: bool = False  # some copy of the post is already on a network
    waiting: bool = False  # the row's delivery (or, for a whole post, one of them) waits to be sent
    locked: bool = False  # the row's delivery (or one of the post's) is being sent, sent or handed off

    @classmethod
    def of_row(cls, row: QueueRow) -> Target:
        """The target of a table row."""
        return cls(
            row.post_id,
            row.post_status,
            row.scheduled_at,
            row.delivery_id,
            row.state,
            row.account_name,
            row.state is _D.SENT,
            row.state in (_D.QUEUED, _D.RETRYING),
            row.state in _LOCKING,
        )

    @classmethod
    def of_post(cls, post: CalendarPost) -> Target:
        """The target of a calendar chip (the whole post)."""
        waiting = any(s in (_D.QUEUED, _D.RETRYING) for s in post.states)
        locked = any(s in _LOCKING for s in post.states)
        return cls(
            post.id, post.status, post.scheduled_at, sent_any=post.sent_any, waiting=waiting, locked=locked
        )


def why_fixed(target: Target, now: datetime) -> str:
    """Why a post cannot be moved to another day (empty when it can)."""
    if target.post_status in _FINISHED_POSTS or target.sent_any:
        word = "was cancelled" if target.post_status is PostStatus.CANCELLED else "has already gone out"
        return f"Post {target.post_id} {word}; make a copy with Duplicate to post it again"
    if target.scheduled_at is None:
        return f"Post {target.post_id} has no time yet; use Reschedule… to give it one"
    if target.scheduled_at < now:
        return f"Post {target.post_id}'s time has passed; use Retry or Publish now from the table"
    return ""


class QueueOps:
    """Carries out the queue's actions on the store, then refreshes and reports.

    `changed(post_id, reordered)` is called after a change: `reordered` when rows may have moved or appeared.
    `ask_when(current)` asks the user for a new time (None: they cancelled).
    `due_now()` is told when something became due now (the app wakes its background publisher with it).
    `links` opens posts in the window's Compose view (None: a view on its own, as in some tests).
    `ask_sure(question)` asks before a cancel that cannot wait for Undo (True: go ahead).
    """

    def __init__(
        self,
        store: Store,
        messages: MessageBridge,
        changed: Callable[[int, bool], None],
        ask_when: Callable[[datetime | None], datetime | None],
        now: Callable[[], datetime] = now_utc,
        due_now: Callable[[], None] | None = None,
        zone: tzinfo | None = None,
        ask_url: Callable[[Target], str | None] = lambda _t: "",
        links: PostLinks | None = None,
        ask_sure: Callable[[str], bool] = ask_to_cancel,
    ) -> None:
        self._store = store
        self.ask_sure = ask_sure
        self.pending = PendingCancels()  # cancels waiting out their Undo time
        self.handoffs = HandoffSteps(store, messages)  # Open folder, Copy caption, Copy alt text
        self.links = links
        self.ask_url = ask_url  # the post's link once posted by hand ("" none, None: they cancelled)
        self.zone = zone  # the workspace's display zone, as the calendar shows times (None: the computer's)
        self._messages = messages
        self._changed = changed
        self._due_now = due_now
        self.ask_when = ask_when
        self.now = now
        self.last_undo: Action | None = None

    def _run(self, work: Callable[[], tuple[str, bool]], post_id: int) -> bool:
        """Do `work`, report its message, refresh; a refusal from the store is shown with its fix."""
        try:
            text, reordered = work()
        except UserError as error:
            self._messages.user_error(error)
            return False
        self._changed(post_id, reordered)
        self._messages.info(text)
        return True

    def publish_now(self, t: Target) -> None:
        """Make the post due now: the background publisher (or `studio publish-due`) takes it next."""

        def work() -> tuple[str, bool]:
            post = self._store.posts.reschedule(t.post_id, self.now())
            waiting = sum(d.state in (_D.QUEUED, _D.RETRYING) for d in post.deliveries)
            held = sum(d.state is _D.HELD for d in post.deliveries)
            if not waiting and held:  # an incident holds it: due now changes nothing until it is released
                return f"Post {t.post_id} stays held by the incident: release it in Incidents to send", True
            on = counted(waiting, "account")
            also = f" ({counted(held, 'copy', 'copies')} held for the incident)" if held else ""
            return f"Post {t.post_id} is due now on {on}: the publisher sends it next{also}", True

        if self._run(work, t.post_id) and self._due_now is not None:
            self._due_now()

    def retry(self, t: Target) -> None:
        """Queue a failed or missed delivery again, due now."""
        assert t.delivery_id is not None
        delivery_id = t.delivery_id

        def work() -> tuple[str, bool]:
            self._store.deliveries.requeue(delivery_id, at=self.now())
            return f"Post {t.post_id} on {t.account_name} is queued again, due now", False

        if self._run(work, t.post_id) and self._due_now is not None:
            self._due_now()

    def cancel_delivery(self, t: Target) -> None:
        """Cancel this one delivery; the post's other accounts keep theirs."""
        assert t.delivery_id is not None
        delivery_id = t.delivery_id

        def work() -> tuple[str, bool]:
            self._store.deliveries.cancel(delivery_id, at=self.now())
            return f"Post {t.post_id} will not go to {t.account_name}", False

        delivery = self._store.deliveries.get(delivery_id)
        self._cancel(t, work, [delivery], f"Post {t.post_id} will not go to {t.account_name}")

    def cancel_post(self, t: Target) -> None:
        """Cancel the post and every delivery of it not sent yet."""

        def work() -> tuple[str, bool]:
            post = self._store.posts.cancel(t.post_id, at=self.now())
            if post.status is PostStatus.CANCELLED:
                return f"Post {t.post_id} is cancelled", False
            sent = sum(d.state is _D.SENT for d in post.deliveries)
            return (
                f"Post {t.post_id} is cancelled for the rest; it went out on {counted(sent, 'account')}",
                False,
            )

        post = self._store.posts.get(t.post_id)
        waiting = [d for d in post.deliveries if d.state in _CANCELLABLE]
        self._cancel(t, work, post.deliveries, f"Post {t.post_id} will not go to {_accounts(waiting)}")

    def _cancel(
        self, t: Target, work: Callable[[], tuple[str, bool]], deliveries: Sequence[Delivery], said: str
    ) -> None:
        """Cancel after the Undo time, or at once after asking when a publisher could take it meanwhile."""
        if any(d.state is _D.SENDING for d in deliveries):
            self._run(work, t.post_id)  # the store refuses it, and says why
            return
        if not can_wait(deliveries, self.now()):
            if self.ask_sure(f"{said}?"):
                self._run(work, t.post_id)
            return
        undo = self.pending.add(lambda: self._run(work, t.post_id))
        action: Action = ("Undo", lambda: self._undo_cancel(t, undo))
        self.last_undo = action
        self._messages.info(f"{said} (Undo within {UNDO_SECONDS} s)", action=action)

    def _undo_cancel(self, t: Target, undo: Callable[[], bool]) -> None:
        self.last_undo = None
        if undo():
            self._messages.info(f"Post {t.post_id} is not cancelled: it stays as it was")
        else:
            self._messages.info(
                f"Post {t.post_id} was already cancelled: Undo came too late; Duplicate makes a new copy"
            )

    @property
    def can_open(self) -> bool:
        """There is a Compose view to open posts in."""
        return self.links is not None and self.links.ready

    def edit(self, t: Target) -> None:
        """Open the post in Compose to change it; one that cannot change any more is explained there."""
        if self.links is not None:
            self.links.open(t.post_id)

    def duplicate(self, t: Target) -> None:
        """A new draft with the same texts, formats, pictures and (chosen) accounts, opened in Compose."""
        if self.links is not None and self.links.ready:
            self.links.duplicate(t.post_id)  # Compose says what it did; this view reads again when shown
            return

        def work() -> tuple[str, bool]:
            copy = posting.duplicate(self._store, t.post_id, now=self.now())
            return f"Post {t.post_id} copied as draft {copy.id}, not scheduled yet", True

        self._run(work, t.post_id)

    def reschedule(self, t: Target) -> None:
        """Ask for a new time and move the post there."""
        when = self.ask_when(t.scheduled_at)
        if when is not None:
            self.move(t, when)

    def move(self, t: Target, when: datetime, *, undoable: bool = True) -> bool:
        """Give the post a new time; the message offers Undo (also Ctrl+Z in the view)."""
        if when < self.now():
            self._messages.warning(
                f"Post {t.post_id} was not moved: {when.astimezone(self.zone):%a %d %b %H:%M} has passed",
                "pick a time from now on",
            )
            return False
        before = t.scheduled_at

        def work() -> tuple[str, bool]:
            self._store.posts.reschedule(t.post_id, when, at=self.now())
            return f"Post {t.post_id} moved to {when.astimezone(self.zone):%a %d %b, %H:%M}", True

        if not undoable or before is None:
            return self._run(work, t.post_id)
        moved = replace(t, scheduled_at=when)
        undo: Action = ("Undo", lambda: self._undo(moved, before))
        try:
            text, reordered = work()
        except UserError as error:
            self._messages.user_error(error)
            return False
        self.last_undo = undo
        self._changed(t.post_id, reordered)
        self._messages.info(text, action=undo)
        return True

    def _undo(self, moved: Target, before: datetime) -> None:
        self.last_undo = None

        def work() -> tuple[str, bool]:
            self._store.posts.reschedule(moved.post_id, before, at=self.now())
            return f"Post {moved.post_id} is back at {before.astimezone(self.zone):%a %d %b, %H:%M}", True

        self._run(work, moved.post_id)

    def undo(self) -> bool:
        """Undo the last move, if there is one to undo."""
        if self.last_undo is None:
            return False
        self.last_undo[1]()
        return True

    def open_folder(self, t: Target) -> None:
        """Show a handed-off delivery's ready folder in the file manager."""
        self._with_handoff(t, self.handoffs.open_folder)

    def copy_caption(self, t: Target) -> None:
        """Put a handed-off delivery's caption on the clipboard."""
        self._with_handoff(t, self.handoffs.copy_caption)

    def copy_alt_text(self, t: Target) -> None:
        """Put a handed-off delivery's alt text on the clipboard."""
        self._with_handoff(t, self.handoffs.copy_alt_text)

    def _with_handoff(self, t: Target, step: Callable[[Handoff], object]) -> None:
        assert t.delivery_id is not None
        try:
            step(load_handoff(self._store, t.delivery_id))
        except UserError as error:  # deleted meanwhile
            self._messages.user_error(error)

    def mark_posted(self, t: Target) -> None:
        """The person posted a handed-off delivery by hand: record it as sent (its post may be published)."""
        assert t.delivery_id is not None
        delivery_id = t.delivery_id

        url = self.ask_url(t)
        if url is None:  # they changed their mind
            return

        def work() -> tuple[str, bool]:
            self._store.deliveries.confirm_handoff(delivery_id, remote_url=url, at=self.now())
            return f"Post {t.post_id} on {t.account_name} is marked as posted", False

        self._run(work, t.post_id)


def actions_for(t: Target, ops: QueueOps) -> list[Action]:
    """The actions a row (or a calendar post) allows, in menu order."""
    out: list[Action] = []
    state = t.state
    if ops.can_open and t.post_status in _CHANGEABLE and not t.locked:
        out.append(("Edit in Compose", lambda: ops.edit(t)))
    if state is _D.HANDED_OFF and t.delivery_id is not None:  # its ready folder waits for the person
        out.append(("Open folder", lambda: ops.open_folder(t)))
        out.append(("Copy caption", lambda: ops.copy_caption(t)))
        out.append(("Copy alt text", lambda: ops.copy_alt_text(t)))
        out.append(("Mark as posted", lambda: ops.mark_posted(t)))
    if t.post_status is PostStatus.SCHEDULED and t.waiting:
        out.append(("Publish now", lambda: ops.publish_now(t)))
    if state in (_D.FAILED, _D.MISSED) and t.delivery_id is not None:
        out.append(("Retry now", lambda: ops.retry(t)))
    if t.post_status not in _FINISHED_POSTS:
        out.append(("Reschedule…", lambda: ops.reschedule(t)))
    out.append(("Duplicate as a new draft", lambda: ops.duplicate(t)))
    if t.delivery_id is not None and state in _CANCELLABLE:
        out.append((f"Cancel for {t.account_name}", lambda: ops.cancel_delivery(t)))
    if t.post_status not in _FINISHED_POSTS:
        out.append(("Cancel the whole post", lambda: ops.cancel_post(t)))
    return out


def _accounts(deliveries: Sequence[Delivery]) -> str:
    """ "it-masto", "it-masto and it-bsky", "3 accounts"."""
    names = [d.account_name for d in deliveries]
    if len(names) <= 2 and names:
        return " and ".join(names)
    return counted(len(names), "account")
