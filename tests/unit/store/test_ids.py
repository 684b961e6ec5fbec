from __future__ import annotations

import re

from studio.store.ids import TID_ALPHABET, new_idempotency_key, new_tid

# atproto's TID syntax: 13 chars, first char limited so the top bit is 0.
_TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


def test_tids_have_the_atproto_syntax_and_increase() -> None:
    tids = [new_tid() for _ in range(2000)]
    assert all(_TID.match(t) for t in tids)
    assert tids == sorted(tids)
    assert len(set(tids)) == len(tids)


def test_tid_alphabet_sorts_like_the_numbers_it_encodes() -> None:
    assert list(TID_ALPHABET) == sorted(TID_ALPHABET)


def test_idempotency_keys_are_random_and_distinct() -> None:
    keys = {new_idempotency_key() for _ in range(1000)}
    assert len(keys) == 1000
    assert all(len(k) == 32 for k in keys)
