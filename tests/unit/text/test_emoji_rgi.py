"""X weighs a recommended (RGI) emoji sequence 2 and the parts of any other sequence (issue 12 item 12).

Expected weights are what twitter-text 3.1.0 (npm, the reference the conformance data was checked with)
returns for each text; every sequence here is older than its emoji list, so both agree.
"""

from __future__ import annotations

import pytest

from studio.text import count
from studio.text.entities import emoji_spans

HEART = "\u2764\ufe0f"
WARNING = "\u26a0\ufe0f"
ZWJ = "\u200d"
WOMAN_LIGHT, MAN_LIGHT, MAN_MEDIUM_LIGHT = (
    "\U0001f469\U0001f3fb",
    "\U0001f468\U0001f3fb",
    "\U0001f468\U0001f3fc",
)
HANDSHAKE = "\U0001f91d"


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        pytest.param(HEART + ZWJ + WARNING, 5, id="heart ZWJ warning: not RGI"),
        pytest.param(WOMAN_LIGHT + ZWJ + HANDSHAKE + ZWJ + MAN_LIGHT, 8, id="same tones holding hands"),
        pytest.param("\U0001f3f3" + ZWJ + "\U0001f308", 5, id="rainbow flag without its FE0F"),
        pytest.param("\U0001f431" + ZWJ + "\U0001f436", 5, id="cat ZWJ dog"),
        pytest.param("\U0001f1e6\U0001f1e6", 4, id="AA is no region"),
        pytest.param("\u2b50\U0001f3fb", 4, id="a star takes no skin tone"),
        pytest.param("\U0001f3f4\U000e007a\U000e007a\U000e007f", 8, id="black flag with unknown tags"),
        pytest.param("\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466", 2, id="family"),
        pytest.param("\U0001f3f3\ufe0f" + ZWJ + "\U0001f308", 2, id="rainbow flag"),
        pytest.param("\U0001f1ec\U0001f1e7", 2, id="GB"),
        pytest.param("\U0001f44d\U0001f3fd", 2, id="thumbs up, medium skin tone"),
        pytest.param(
            "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 2, id="Scotland"
        ),
        pytest.param("1\ufe0f\u20e3", 2, id="keycap"),
    ],
)
def test_x_weighs_rgi_sequences_2_and_the_parts_of_others(text: str, weight: int) -> None:
    assert count(text, "x").length == weight


def test_a_post_at_281_with_an_unrecommended_sequence_does_not_fit() -> None:
    text = "a" * 276 + HEART + ZWJ + WARNING
    result = count(text, "x")
    assert (result.length, result.ok) == (281, False)
    assert result.overflow_start == 276 + 3  # the warning sign is the part that no longer fits


def test_newer_rgi_sequences_are_one_emoji() -> None:
    fire_heart = HEART + ZWJ + "\U0001f525"  # Emoji 13.1
    hands = WOMAN_LIGHT + ZWJ + HANDSHAKE + ZWJ + MAN_MEDIUM_LIGHT  # Emoji 12.1
    assert count(fire_heart + hands, "x").length == 4
    assert emoji_spans(fire_heart + hands) == [(0, 4), (4, 11)]


def test_emoji_spans_split_an_unrecommended_sequence_into_its_emoji() -> None:
    assert emoji_spans(HEART + ZWJ + WARNING) == [(0, 2), (3, 5)]
