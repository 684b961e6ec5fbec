"""Schedule, change and duplicate a post, each behind the one set of guardrails (`check_post`).

Every front end (Compose, `studio queue add`/`edit`, review approval) says what it wants the post to be as a
`PostChange`; these functions check it, refuse with every reason at once (`Refused`), or store it and keep any
finding overridden on purpose in the deliveries' audit (an `allowed` line naming the rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from studio.errors import InputError, UserError
from studio.store import NewPost, Post, PostStatus, Store
from studio.store.revisions import locked_reason
from studio.workflows.scheduling import Picture, Plan, Problem, Verdict, check_post, target_of

if TYPE_CHECKING:
    from studio.text import CheckConfig

__all__ = ["PostChange", "Refused", "change_of", "duplicate", "edit", "schedule", "verdict_for"]

MediaRow = tuple[int, str, str]  # (media id, template, caption)


@dataclass(frozen=True, slots=True)
class PostChange:
    """What the post should be: text, each network's own text and format, pictures, accounts, time."""

    text: str
    account_ids: tuple[int, ...] = ()
    when: datetime | None = None  # None: now
    media: tuple[MediaRow, ...] = ()
    text_for: Mapping[str, str] = field(default_factory=dict)
    format_for: Mapping[str, str] = field(default_factory=dict)

    def as_new_post(self, parts: Mapping[str, tuple[str, ...]] | None = None) -> NewPost:
        """The store's value for it, with each network's thread where the guardrails split one."""
        return NewPost(
            self.text,
            self.account_ids,
            dict(parts or {}),
            self.when,
            self.media,
            text_for={n: t for n, t in self.text_for.items() if t.strip()},
            format_for=dict(self.format_for),
        )


class Refused(UserError):
    """The guardrails found problems; `verdict.problems` has every one (the message names the first)."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict
        first = verdict.problems[0]
        more = len(verdict.problems) - 1
        why = first.why + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")
        super().__init__(first.what, why, first.fix)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every reason, in order."""
        return self.verdict.problems


def change_of(post: Post) -> PostChange:
    """A stored post as a change (to edit a part of it, or to copy it)."""
    accounts = post.account_ids or tuple(
        d.account_id for d in post.deliveries if d.account_id is not None and d.state.value != "cancelled"
    )
    return PostChange(
        post.body,
        accounts,
        post.scheduled_at,
        tuple((m.media.id, m.template, m.caption) for m in post.media),
        dict(post.text_for),
        dict(post.format_for),
    )


def verdict_for(
    store: Store,
    change: PostChange,
    *,
    now: datetime,
    allow: Iterable[str] = (),
    checks: CheckConfig | None = None,
) -> Verdict:
    """What `check_post` says of this change, with the accounts' own limits and the pictures' alt texts."""
    targets = tuple(target_of(store.accounts.get(a)) for a in change.account_ids)
    pictures = tuple(Picture(store.media.get(media_id).alt_text) for media_id, _t, _c in change.media)
    plan = Plan(change.text, targets, pictures, change.when, change.text_for)
    return check_post(plan, now=now, allow=allow, checks=checks)


def schedule(
    store: Store,
    post_id: int,
    change: PostChange,
    status: PostStatus = PostStatus.SCHEDULED,
    *,
    now: datetime,
    allow: Iterable[str] = (),
    checks: CheckConfig | None = None,
) -> Post:
    """Save `change` into the draft and queue it (or send it to review); Refused changes nothing."""
    if not change.text.strip():
        raise InputError("post", "has no text yet", "write the post first")
    verdict = verdict_for(store, change, now=now, allow=allow, checks=checks)
    if not verdict.ok:
        raise Refused(verdict)
    store.posts.save_draft(post_id, change.text, text_for=change.text_for, at=now)
    store.posts.set_media(post_id, change.media, at=now)
    store.posts.set_choices(post_id, format_for=change.format_for, at=now)
    post = store.posts.schedule(post_id, change.account_ids, change.when, status, parts=verdict.parts, at=now)
    _keep_overrides(store, post, verdict)
    return post


def edit(
    store: Store,
    post_id: int,
    change: PostChange,
    *,
    now: datetime,
    allow: Iterable[str] = (),
    checks: CheckConfig | None = None,
) -> Post:
    """Change a post that has not gone out; its deliveries are planned again in one transaction.

    Refused (InputError, with the fix) while a copy is being sent, has been sent or was handed off; a
    time that has passed since it was scheduled stays "as soon as possible".
    """
    post = store.posts.get(post_id)
    reason = locked_reason(post)
    if reason is not None:
        raise InputError(f"post {post_id}", f"cannot be changed: {reason[0]}", reason[1])
    if not change.text.strip():
        raise InputError(f"post {post_id}", "the text is empty", "write something to post")
    if change.when is not None and change.when <= now and change.when == post.scheduled_at:
        change = replace(change, when=None)
    if post.status is PostStatus.DRAFT:  # a draft may be unfinished: no accounts, no time yet
        store.posts.save_draft(post_id, change.text, text_for=change.text_for, at=now)
        store.posts.set_media(post_id, change.media, at=now)
        store.posts.set_choices(post_id, format_for=change.format_for, account_ids=change.account_ids, at=now)
        return store.posts.get(post_id)
    verdict = verdict_for(store, change, now=now, allow=allow, checks=checks)
    if not verdict.ok:
        raise Refused(verdict)
    edited = store.posts.replan(post_id, change.as_new_post(verdict.parts), at=now)
    _keep_overrides(store, edited, verdict)
    return edited


def duplicate(store: Store, post_id: int, *, now: datetime) -> Post:
    """A new draft with the post's text, own texts, formats, pictures and accounts (no time: choose one)."""
    change = change_of(store.posts.get(post_id))
    new = PostChange(change.text, (), None, change.media, change.text_for, change.format_for).as_new_post()
    copy = store.posts.create(new, PostStatus.DRAFT, at=now)
    store.posts.set_choices(copy.id, account_ids=change.account_ids, at=now)
    return store.posts.get(copy.id)


def _keep_overrides(store: Store, post: Post, verdict: Verdict) -> None:
    """One audit line per delivery and finding the person chose to post anyway."""
    for rule in sorted({problem.rule for problem in verdict.allowed}):
        for delivery in post.deliveries:
            if delivery.state.value != "cancelled":
                store.deliveries.append_event(delivery.id, "allowed", rule)
