"""The words people read: counted nouns, and delivery states without raw names like `handed_off`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from studio.store import DeliveryState, PostStatus
from studio.words import counted, first_line, plural, ready_to_post, state_words, when_words

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [
        (1, "published delivery", "1 published delivery"),
        (2, "published delivery", "2 published deliveries"),
        (0, "post", "0 posts"),
        (1, "post", "1 post"),
        (1_250, "account", "1,250 accounts"),
        (2, "day", "2 days"),  # a vowel before the y: no "dayies"
        (3, "inbox", "3 inboxes"),
        (2, "batch", "2 batches"),
    ],
)
def test_counted_nouns_agree_with_their_number(n: int, word: str, expected: str) -> None:
    assert counted(n, word) == expected


def test_an_irregular_plural_is_given() -> None:
    assert counted(2, "person", "people") == "2 people"
    assert counted(1, "person", "people") == "1 person"
    assert plural("reply") == "replies"


def test_no_state_reads_as_its_raw_name() -> None:
    for state in (*DeliveryState, *PostStatus):
        words = state_words(state)
        assert "_" not in words
        assert words[0].isupper()
    assert state_words(DeliveryState.HANDED_OFF) == "Ready to post by hand"
    assert state_words("retrying") == "Will retry"
    assert state_words("sent") == "Posted"


def test_a_retry_says_when_and_a_hold_says_why() -> None:
    assert (
        state_words("retrying", retry_at=NOW + timedelta(hours=2, minutes=5), now=NOW)
        == "Will retry at 14:05"
    )
    tomorrow = NOW + timedelta(days=1, hours=-3)
    assert state_words("retrying", retry_at=tomorrow, now=NOW) == "Will retry tomorrow at 09:00"
    assert state_words("retrying", retry_at=NOW - timedelta(minutes=1), now=NOW) == "Will retry now"
    assert state_words("held", held_for=" outage on Campus Wi-Fi ") == "Held (outage on Campus Wi-Fi)"
    assert state_words("held") == "Held"


def test_times_are_said_in_the_workspace_zone() -> None:
    zone = ZoneInfo("Pacific/Auckland")  # UTC+13 in March
    assert (
        when_words(NOW + timedelta(hours=1), NOW, zone) == "at 02:00"
    )  # NOW is 01:00 on the 11th there: the same day
    assert when_words(NOW + timedelta(days=5), NOW) == "on Mon 15 Mar at 12:00"


def test_a_ready_folder_is_announced_by_its_network_and_first_line() -> None:
    assert ready_to_post("Instagram", "\n  Meet Sam  \nmore") == "Ready to post on Instagram: Meet Sam"
    assert ready_to_post("Threads", "") == "Ready to post on Threads"
    long = "word " * 30
    assert len(first_line(long)) <= 60
    assert first_line(long).endswith("…")
