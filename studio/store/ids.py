"""Stable ids made once, when a delivery is created: idempotency keys and Bluesky record keys (TIDs)."""

from __future__ import annotations

import secrets
import threading
import time

__all__ = ["TID_ALPHABET", "new_idempotency_key", "new_tid"]

# atproto's base32-sortable alphabet: its order matches the order of the numbers it encodes.
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"

_lock = threading.Lock()
_last_micros = 0
_clock_id = secrets.randbelow(1024)


def new_idempotency_key() -> str:
    """A random key (128 bits, hex) that a network uses to drop a repeated request."""
    return secrets.token_hex(16)


def new_tid() -> str:
    """A 13-character atproto TID: 53 bits of microseconds since the epoch and a 10-bit clock id.

    Keys made by one process only ever increase, even when two are made in the same microsecond.
    """
    global _last_micros
    with _lock:
        micros = max(time.time_ns() // 1000, _last_micros + 1)
        _last_micros = micros
    value = (micros << 10) | _clock_id
    chars = []
    for _ in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))
