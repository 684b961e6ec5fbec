"""Review by name: an author sends a post to review, a reviewer approves it or asks for changes.

No server and no login: people are names with a role, and every step is kept with its comment. A reviewer
cannot approve a post they sent to review themselves (a second pair of eyes is the point). In solo mode
nobody reviews: posts go straight to the queue (`studio queue`), and these steps are not needed.

In a team workspace (docs/TEAM.md) the people are the team's members with their roles as last synced from
the hub (author, reviewer, admin); reviewers and admins approve, nobody approves a post they wrote (its
author travels with it), and only an admin changes a role (`studio team role`, in the hub).

Approving asks the guardrails first (`check_approval`), as scheduling does: a post that cannot go out is
refused with every reason (`posting.Refused`) and stays in review. A content finding the author chose to
post anyway (an `allowed` line in the audit) stays allowed; the approver can allow more (`allow`), kept in
the audit too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from studio.errors import InputError
from studio.store import Post, PostStatus, Store
from studio.store.reviews import Person
from studio.store.times import now_utc
from studio.team.link import read_link
from studio.team.members import local_members
from studio.team.people import post_people
from studio.workflows.posting import Refused, change_of, verdict_for
from studio.workflows.scheduling import Verdict

__all__ = [
    "ROLES",
    "add_person",
    "approve",
    "approve_queued",
    "check_approval",
    "pending",
    "people_of",
    "request_changes",
    "submit",
]

ROLES = ("author", "reviewer")


def add_person(store: Store, name: str, role: str) -> Person:
    """Add someone to the team (or change their role); in a team workspace the hub's members are the team."""
    if read_link(store) is not None:
        raise InputError(
            "studio review people add",
            "in a team workspace the people are the team's members",
            "an admin changes a role: studio team role MEMBER ROLE",
        )
    if not name.strip():
        raise InputError("name", "is empty", "give the person's name")
    if role not in ROLES:
        raise InputError(f"--role {role!r}", "unknown", f"use one of: {', '.join(ROLES)}")
    return store.reviews.set_person(name.strip(), role)


def people_of(store: Store) -> list[Person]:
    """Who reviews here: the workspace's people, or in a team workspace the team's members as last synced."""
    if read_link(store) is None:
        return store.reviews.people()
    return sorted((Person(m.name, m.role) for m in local_members(store)), key=lambda p: p.name.lower())


def submit(
    store: Store, post_id: int, person: str, *, comment: str = "", now: datetime | None = None
) -> Post:
    """Send a draft to review."""
    who = _person(store, person)
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
    allow: Iterable[str] = (),
    now: datetime | None = None,
) -> Post:
    """Approve a post in review; it is scheduled unless it waits in a series' backlog for its slot.

    Refused (`posting.Refused`, every reason) when the guardrails find a problem: it stays in review.
    """
    who = _reviewer(store, post_id, person, approving=True)
    moment = now or now_utc()
    verdict = check_approval(store, store.posts.get(post_id), now=moment, allow=allow)
    with store.db.write():
        post = store.posts.set_status(post_id, PostStatus.APPROVED, at=now)
        store.reviews.add_step(post_id, who.name, "approved", comment, via, at=now)
        if not post.series:
            post = store.posts.set_status(post_id, PostStatus.SCHEDULED, at=now)
        _keep_new_overrides(store, post, verdict)
    return post


def approve_queued(
    store: Store, post_id: int, *, allow: Iterable[str] = (), now: datetime | None = None
) -> Post:
    """Approve and schedule a post without naming a reviewer (`studio queue approve`), guardrails first."""
    post = store.posts.get(post_id)
    link = read_link(store)
    # In a team workspace this laptop's member approves: the same rules as `approve`, and the step travels.
    approver = (
        _reviewer(store, post_id, link.member, approving=True, label=f"this laptop's member {link.member}")
        if link and post.status is PostStatus.IN_REVIEW
        else None
    )
    verdict = None
    if post.status in (PostStatus.IN_REVIEW, PostStatus.APPROVED):
        verdict = check_approval(store, post, now=now or now_utc(), allow=allow)
    with store.db.write():
        if post.status is PostStatus.IN_REVIEW:
            store.posts.set_status(post.id, PostStatus.APPROVED, at=now)
            if approver is not None:
                store.reviews.add_step(post.id, approver.name, "approved", "", "queue", at=now)
        post = store.posts.set_status(post.id, PostStatus.SCHEDULED, at=now)
        if verdict is not None:
            _keep_new_overrides(store, post, verdict)
    return post


def check_approval(store: Store, post: Post, *, now: datetime, allow: Iterable[str] = ()) -> Verdict:
    """The guardrails on a post about to be approved; raises `posting.Refused` with every problem.

    Findings overridden when it was queued stay overridden; a time that passed while it waited means "as
    soon as possible", as it does when a queued post is edited.
    """
    change = change_of(post)
    if change.when is not None and change.when <= now:
        change = replace(change, when=None)
    verdict = verdict_for(store, change, now=now, allow={*allow, *_overridden(store, post)})
    if not verdict.ok:
        raise Refused(verdict)
    return verdict


def _overridden(store: Store, post: Post) -> set[str]:
    """The content rules the post's audit says were allowed on purpose."""
    return {e.detail for d in post.deliveries for e in store.deliveries.events(d.id) if e.kind == "allowed"}


def _keep_new_overrides(store: Store, post: Post, verdict: Verdict) -> None:
    """An `allowed` audit line per delivery for each rule allowed now and not before."""
    before = _overridden(store, post)
    for rule in sorted({p.rule for p in verdict.allowed} - before):
        for delivery in post.deliveries:
            if delivery.state.value != "cancelled":
                store.deliveries.append_event(delivery.id, "allowed", rule)


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


def _person(store: Store, name: str, label: str = "") -> Person:
    """Someone by name: a person of the workspace, or in a team workspace a member of the team."""
    link = read_link(store)
    if link is None:
        return store.reviews.person(name)
    found = next((m for m in local_members(store) if m.name.lower() == name.strip().lower()), None)
    if found is None:
        raise InputError(
            label or f"--as {name!r}",
            f"is not a member of team {link.team!r}",
            "see who is: studio team members",
        )
    return Person(found.name, found.role)


def _reviewer(store: Store, post_id: int, person: str, *, approving: bool, label: str = "") -> Person:
    who = _person(store, person, label)
    if who.role not in ("reviewer", "admin"):
        fix = (
            "ask a reviewer, or an admin to change the role: studio team role"
            if read_link(store) is not None
            else f"ask a reviewer, or: studio review people add {who.name!r} --role reviewer"
        )
        raise InputError(label or f"--as {who.name}", f"is an {who.role}, not a reviewer", fix)
    post = store.posts.get(post_id)
    if post.status is not PostStatus.IN_REVIEW:
        raise InputError(
            f"post {post_id}", f"is {post.status.value}, not in review", "send it first: studio review submit"
        )
    if approving:
        _not_own(store, post_id, who.name)
    return who


def _not_own(store: Store, post_id: int, name: str) -> None:
    """Nobody approves a post they sent to review, nor (in a team) one they wrote."""
    submitted = [s for s in store.reviews.steps(post_id) if s.action == "submitted"]
    if submitted and submitted[-1].person.lower() == name.lower():
        raise InputError(
            f"post {post_id}", f"{name} sent it to review and cannot also approve it", "ask another reviewer"
        )
    author = post_people(store, [post_id])[post_id].author
    if author is not None and author.lower() == name.lower():
        raise InputError(
            f"post {post_id}",
            f"{author} wrote it and cannot also approve it",
            "ask another reviewer or an admin",
        )
