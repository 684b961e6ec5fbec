from __future__ import annotations

import pytest

from studio.errors import InputError
from studio.store import DeliveryState, PostStatus
from studio.store.states import DELIVERY_TRANSITIONS, POST_TRANSITIONS, check_delivery, check_post


def test_every_state_has_an_entry() -> None:
    assert set(POST_TRANSITIONS) == set(PostStatus)
    assert set(DELIVERY_TRANSITIONS) == set(DeliveryState)


def test_review_cannot_be_skipped_without_solo_mode() -> None:
    with pytest.raises(InputError, match="cannot go from draft to scheduled"):
        check_post(7, PostStatus.DRAFT, PostStatus.SCHEDULED)
    check_post(7, PostStatus.DRAFT, PostStatus.SCHEDULED, solo=True)


def test_finished_states_are_final() -> None:
    for old in (PostStatus.PUBLISHED, PostStatus.CANCELLED):
        with pytest.raises(InputError, match="it is finished"):
            check_post(1, old, PostStatus.DRAFT)
    for state in (DeliveryState.SENT, DeliveryState.CANCELLED):
        with pytest.raises(InputError, match=f"delivery 3: cannot go from {state.value}"):
            check_delivery(3, state, DeliveryState.QUEUED)


def test_a_delivery_being_sent_cannot_be_cancelled() -> None:
    with pytest.raises(InputError, match="sending to cancelled"):
        check_delivery(1, DeliveryState.SENDING, DeliveryState.CANCELLED)
