"""No network takes a post of more than 63,206 characters: longer texts are refused up front (issue 12)."""

from __future__ import annotations

import pytest

from studio.errors import InputError
from studio.platforms import NETWORKS
from studio.text import LONGEST_POST, check_size, parts_for


def test_the_cap_is_the_longest_any_network_takes() -> None:
    assert LONGEST_POST == 63_206 == max(network.limit for network in NETWORKS)


def test_a_text_at_the_cap_passes_and_one_more_is_refused() -> None:
    check_size("a" * LONGEST_POST)
    with pytest.raises(InputError) as caught:
        check_size("a" * (LONGEST_POST + 1), field="--text")
    assert str(caught.value) == (
        "--text: is 63,207 characters long; no network takes more than 63,206 "
        "(shorten it, or make it several posts)"
    )


def test_line_ends_are_counted_as_they_are_posted() -> None:
    check_size("a\r\n" * (LONGEST_POST // 2))  # CRLF is posted as one line feed


def test_parts_for_refuses_a_text_over_the_cap() -> None:
    with pytest.raises(InputError, match="no network takes more than 63,206"):
        parts_for("word " * 20_000, "x")
