"""The fast grapheme count agrees with `regex`'s \\X segmenter, exactly."""

from __future__ import annotations

import re

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.text.graphemes import SIMPLE_RANGES, grapheme_count

_JOINING = regex.compile(
    r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=SpacingMark}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=Prepend}\p{Grapheme_Cluster_Break=L}\p{Grapheme_Cluster_Break=V}"
    r"\p{Grapheme_Cluster_Break=T}\p{Grapheme_Cluster_Break=LV}\p{Grapheme_Cluster_Break=LVT}"
    r"\p{Grapheme_Cluster_Break=Regional_Indicator}\r]"
)


def test_simple_ranges_hold_no_joining_character() -> None:
    # The shortcut is only exact if no code point in these ranges can join a neighbour into one cluster.
    simple = re.compile(f"[{SIMPLE_RANGES}]")
    joining = [
        hex(c)
        for c in range(0x110000)
        if not 0xD800 <= c <= 0xDFFF and simple.match(chr(c)) and _JOINING.match(chr(c))
    ]
    assert joining == []


_PIECES = st.sampled_from(
    [
        "a",
        " ",
        "\n",
        "\r",
        "\r\n",
        "e\u0301",
        "\u0301",
        "\U0001f468\u200d\U0001f469",
        "\U0001f1ec\U0001f1e7",
        "\U0001f1ec",
        "\u1100\u1161\u11a8",
        "\u0915\u094d\u0937",
        "\ufe0f",
        "\u200d",
        "\u00e9",
        "\u65e5",
        "\u0600",
        "\U0001f44d\U0001f3fd",
        "\U0001f600",
    ]
)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=30), cut=st.tuples(st.integers(0, 80), st.integers(0, 80)))
def test_count_matches_the_segmenter(pieces: list[str], cut: tuple[int, int]) -> None:
    text = "".join(pieces)
    start, end = sorted(min(c, len(text)) for c in cut)
    assert grapheme_count(text, start, end) == len(regex.findall(r"\X", text[start:end]))
    assert grapheme_count(text) == len(regex.findall(r"\X", text))
