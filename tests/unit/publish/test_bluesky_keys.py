"""Bluesky record keys: valid TIDs, fixed per delivery part, in thread order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import regex

from studio.publish import BlueskySession, Secret, record_key

TID = regex.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")  # atproto's TID syntax
MADE = datetime(2026, 11, 20, 9, 30, 15, 123456, tzinfo=UTC)


def test_record_keys_are_valid_tids_fixed_per_part_and_ordered() -> None:
    keys = [record_key(MADE, i, "key-a") for i in range(5)]
    assert all(TID.match(k) for k in keys)
    assert keys == [record_key(MADE, i, "key-a") for i in range(5)]  # the same every time
    assert keys == sorted(keys)
    assert len(set(keys)) == 5
    assert record_key(MADE, 0, "key-b") != keys[0]  # same microsecond, another delivery
    assert record_key(MADE + timedelta(seconds=1), 0, "key-a") > keys[-1]


def test_session_repr_hides_tokens_but_json_round_trips() -> None:
    session = BlueskySession("did:plc:abc", "news.test", Secret("ACCESS-123"), Secret("REFRESH-456"))
    assert "ACCESS-123" not in repr(session)
    assert "REFRESH-456" not in str(session)
    assert BlueskySession.from_json(session.to_json()) == session
