"""The CSV cell escape (issue 12 item 1): formulas neutralised going out, the text itself coming in."""

from __future__ import annotations

import itertools

import pytest

from studio.workflows.exports import csv_cell, read_csv_cell

_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


@pytest.mark.parametrize("start", _STARTS)
def test_every_formula_start_gets_a_quote(start: str) -> None:
    assert csv_cell(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("plain", "plain"),
        ("", ""),
        ("'", "'"),
        ("'Tis the season", "'Tis the season"),  # a quote before ordinary text is the text's own
        ("'=1+1", "''=1+1"),  # a quote before a formula gets one more, so reading removes only that one
        ("''@x", "'''@x"),
        (" =1", " =1"),
        ("a=1", "a=1"),
        (7, "7"),
        (None, ""),
    ],
)
def test_quotes_are_added_only_where_needed(text: object, written: str) -> None:
    assert csv_cell(text) == written


def test_reading_gives_back_every_text_written() -> None:
    pieces = ("'", "=", "-", "\t", "a", "\uff20", " ")
    for size in range(4):
        for combo in itertools.product(pieces, repeat=size):
            text = "".join(combo)
            assert read_csv_cell(csv_cell(text)) == text, repr(text)


def test_a_hand_written_quote_before_a_formula_is_read_as_the_escape() -> None:
    assert read_csv_cell("'=SUM(A1:A3)") == "=SUM(A1:A3)"
    assert read_csv_cell("'Tis") == "'Tis"
