"""twitter-text's published weighted-length conformance cases (tests/data/twitter-text, Apache-2.0)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from studio.text import count
from studio.text.counting import _twitter
from tests.conftest import REPO

_DOC = json.loads((REPO / "tests/data/twitter-text/validate-weighted.json").read_text(encoding="utf-8"))


def _cases(*sections: str) -> list[Any]:
    return [
        pytest.param(case, id=f"{section}:{case['description'][:60]}")
        for section in sections
        for case in _DOC[section]
    ]


def _utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def _expected_overflow(case: dict[str, Any]) -> int | None:
    # The original gives the last valid UTF-16 index; the first one past the limit follows it.
    expected = case["expected"]
    return None if expected["valid"] else expected["validRangeEnd"] + 1


def test_the_data_is_all_there() -> None:
    assert "twitter/twitter-text" in _DOC["source"]
    sizes = {k: len(v) for k, v in _DOC.items() if isinstance(v, list)}
    assert sizes == {
        "WeightedTweetsCounterTest": 20,
        "WeightedTweetsWithDiscountedEmojiCounterTest": 21,
        "UnicodeDirectionalMarkerCounterTest": 2,
    }


@pytest.mark.parametrize(
    "case", _cases("WeightedTweetsWithDiscountedEmojiCounterTest", "UnicodeDirectionalMarkerCounterTest")
)
def test_x_count_matches_twitter_text_v3(case: dict[str, Any]) -> None:
    text, expected = case["text"], case["expected"]
    result = count(text, "x")
    assert result.length == expected["weightedLength"]
    assert result.ok == expected["valid"]
    got = None if result.overflow_start is None else _utf16(text, result.overflow_start)
    assert got == _expected_overflow(case)


@pytest.mark.parametrize("case", _cases("WeightedTweetsCounterTest"))
def test_v2_weights_without_emoji_parsing(case: dict[str, Any]) -> None:
    # The v2 config differs only in weighing emoji code point by code point: a check of the weights alone.
    text, expected = case["text"], case["expected"]
    length, over = _twitter(text, 280, 23, emoji=False)
    assert length == expected["weightedLength"]
    got = None if over is None else _utf16(text, over)
    assert got == _expected_overflow(case)
