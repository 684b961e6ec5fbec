"""Review by name: an author sends a post to review, a reviewer approves it or asks for changes.

No server and no login: people are names with a role, and every step is kept with its comment. A reviewer
cannot approve a post they sent to review themselves (a second pair of eyes is the point). In solo mode
nobody reviews: posts go straight to the queue (`studio queue`), and these steps are not needed.
"""

from __future__ import annotations

from datetime import datetime

from studio.errors import InputError
from studio.store import Post, PostStatus, Store
from studio.store.reviews import Person

__all__ = ["ROLES", "add_person", "approve", "pending", "request_changes", "submit"]

ROLES = ("author", "reviewer")


def add_person(store: Store, name: str, role: str) -> Person:
    """Add someone to the team (or change their role)."""
    if not name.strip():
        raise InputError("name", "is empty", "give the person's name")
    if role not in ROLES:
        raise InputError(f"--role {role!r}", "unknown", f"use one of: {', '.join(ROLES)}")
    return store.reviews.set_person(name.strip(), role)


def submit(
    store: Store, post_id: int, person: str, *, comment: str = "", now: datetime | None = None
) -> Post:
    """Send a draft to review."""
    who = store.reviews.person(person)
    with store.db.write():
        post = store.posts.set_status(post_id, PostStatus.IN_REVIEW, at=now)
        store.reviews.add_step(post_id, who.name, "submitted", comment, "studio", at=now)
    return post


def approve(
    store: Store,
    post_id: int,
    person: str,
    *,
    comment: str = "",
    via: str = "studio",
    now: datetime | None = None,
) -> Post:
    """Approve a post in review; it is scheduled unless it waits in a series' backlog for its slot."""
    who = _reviewer(store, post_id, person, approving=True)
    with store.db.write():
        post = store.posts.set_status(post_id, PostStatus.APPROVED, at=now)
        store.reviews.add_step(post_id, who.name, "approved", comment, via, at=now)
        if not post.series:
            post = store.posts.set_status(post_id, PostStatus.SCHEDULED, at=now)
    return post


def request_changes(
    store: Store, post_id: int, person: str, comment: str, *, via: str = "studio", now: datetime | None = None
) -> Post:
    """Send a post in review back to its author as a draft, with what to change."""
    if not comment.strip():
        raise InputError("--comment", "is empty", "say what should change")
    who = _reviewer(store, post_id, person, approving=False)
    with store.db.write():
        post = store.posts.set_status(post_id, PostStatus.DRAFT, at=now)
        store.reviews.add_step(post_id, who.name, "changes_requested", comment.strip(), via, at=now)
    return post


def pending(store: Store) -> list[Post]:
    """The posts waiting for a reviewer, oldest first."""
    posts: list[Post] = []
    while page := store.posts.page(offset=len(posts), limit=500, statuses=[PostStatus.IN_REVIEW]):
        posts += page
    return sorted(posts, key=lambda p: p.id)


def _reviewer(store: Store, post_id: int, person: str, *, approving: bool) -> Person:
    who = store.reviews.person(person)
    if who.role != "reviewer":
        raise InputError(
            f"--as {who.name}",
            "is an author, not a reviewer",
            f"ask a reviewer, or: studio review people add {who.name!r} --role reviewer",
        )
    post = store.posts.get(post_id)
    if post.status is not PostStatus.IN_REVIEW:
        raise InputError(
            f"post {post_id}", f"is {post.status.value}, not in review", "send it first: studio review submit"
        )
    submitted = [s for s in store.reviews.steps(post_id) if s.action == "submitted"]
    if approving and submitted and submitted[-1].person.lower() == who.name.lower():
        raise InputError(
            f"post {post_id}",
            f"{who.name} sent it to review and cannot also approve it",
            "ask another reviewer",
        )
    return who
