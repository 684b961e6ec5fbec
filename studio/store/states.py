"""Every allowed status and state change, in one place; anything else is refused with a clear error."""

from __future__ import annotations

from studio.errors import InputError
from studio.store.models import DeliveryState, PostStatus

__all__ = [
    "DELIVERY_TRANSITIONS",
    "POST_TRANSITIONS",
    "SOLO_POST_TRANSITIONS",
    "check_delivery",
    "check_post",
]

_P = PostStatus
_D = DeliveryState

POST_TRANSITIONS: dict[PostStatus, frozenset[PostStatus]] = {
    _P.DRAFT: frozenset({_P.IN_REVIEW, _P.CANCELLED}),
    _P.IN_REVIEW: frozenset({_P.APPROVED, _P.DRAFT, _P.CANCELLED}),
    _P.APPROVED: frozenset({_P.SCHEDULED, _P.DRAFT, _P.CANCELLED}),
    _P.SCHEDULED: frozenset({_P.PUBLISHED, _P.FAILED, _P.APPROVED, _P.CANCELLED}),
    _P.FAILED: frozenset({_P.SCHEDULED, _P.PUBLISHED, _P.CANCELLED}),
    _P.PUBLISHED: frozenset(),
    _P.CANCELLED: frozenset(),
}

# A solo operator (workspace setting) approves their own work: review is skipped, not faked.
SOLO_POST_TRANSITIONS: dict[PostStatus, frozenset[PostStatus]] = {
    **POST_TRANSITIONS,
    _P.DRAFT: POST_TRANSITIONS[_P.DRAFT] | {_P.APPROVED, _P.SCHEDULED},
}

DELIVERY_TRANSITIONS: dict[DeliveryState, frozenset[DeliveryState]] = {
    _D.QUEUED: frozenset({_D.SENDING, _D.CANCELLED, _D.MISSED, _D.HELD}),
    # sending -> sending: a claim older than the timeout is taken over (its runner was killed).
    _D.SENDING: frozenset({_D.SENDING, _D.SENT, _D.RETRYING, _D.FAILED, _D.HANDED_OFF}),
    _D.RETRYING: frozenset({_D.SENDING, _D.CANCELLED, _D.MISSED, _D.HELD, _D.FAILED, _D.QUEUED}),
    _D.FAILED: frozenset({_D.QUEUED, _D.CANCELLED}),
    _D.MISSED: frozenset({_D.QUEUED, _D.CANCELLED}),
    _D.HELD: frozenset({_D.QUEUED, _D.CANCELLED}),
    # The person posted it and confirmed (sent), dropped it (cancelled), or wants the folder again (queued).
    _D.HANDED_OFF: frozenset({_D.SENT, _D.CANCELLED, _D.QUEUED}),
    _D.SENT: frozenset(),
    _D.CANCELLED: frozenset(),
}


def check_post(post_id: int, old: PostStatus, new: PostStatus, *, solo: bool = False) -> None:
    """Raise InputError unless a post may go from `old` to `new`."""
    table = SOLO_POST_TRANSITIONS if solo else POST_TRANSITIONS
    if new not in table[old]:
        allowed = ", ".join(sorted(s.value for s in table[old])) or "nothing (it is finished)"
        raise InputError(
            f"post {post_id}",
            f"cannot go from {old.value} to {new.value}",
            f"from {old.value} it can go to: {allowed}",
        )


def check_delivery(delivery_id: int, old: DeliveryState, new: DeliveryState) -> None:
    """Raise InputError unless a delivery may go from `old` to `new`."""
    if new not in DELIVERY_TRANSITIONS[old]:
        allowed = ", ".join(sorted(s.value for s in DELIVERY_TRANSITIONS[old])) or "nothing (it is finished)"
        raise InputError(
            f"delivery {delivery_id}",
            f"cannot go from {old.value} to {new.value}",
            f"from {old.value} it can go to: {allowed}",
        )
