"""Bluesky facets carry UTF-8 byte offsets that slice the encoded text exactly."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from studio.text import Facet, bluesky_facets


def _sliced(text: str) -> list[tuple[str, str, str]]:
    data = text.encode("utf-8")
    return [(f.kind, data[f.byte_start : f.byte_end].decode("utf-8"), f.value) for f in bluesky_facets(text)]


def test_offsets_are_bytes_after_emoji_and_cjk() -> None:
    cjk = "\u65e5\u672c\u8a9e"
    text = f"\U0001f468\u200d\U0001f4bb {cjk} @it-status.bsky.social https://status.example.edu #ITStatus"
    facets = bluesky_facets(text)
    assert facets[0] == Facet("mention", 22, 44, "it-status.bsky.social")  # 11 + 1 + 9 + 1 bytes before it
    assert _sliced(text) == [
        ("mention", "@it-status.bsky.social", "it-status.bsky.social"),
        ("link", "https://status.example.edu", "https://status.example.edu"),
        ("tag", "#ITStatus", "ITStatus"),
    ]


def test_bare_domains_get_https_and_trailing_punctuation_stays_out() -> None:
    text = "Status: status.example.edu. Help (https://help.example.edu/faq)"
    assert _sliced(text) == [
        ("link", "status.example.edu", "https://status.example.edu"),
        ("link", "https://help.example.edu/faq", "https://help.example.edu/faq"),
    ]


def test_what_is_not_a_facet() -> None:
    text = "mail jane@example.edu, @notahandle, #2026, version 1.2, (#) and file.notatld"
    assert bluesky_facets(text) == []


def test_tags_lose_trailing_punctuation_and_long_tags_are_dropped() -> None:
    text = "#caf\u00e9! #" + "a" * 65 + " #OK"
    assert _sliced(text) == [("tag", "#caf\u00e9", "caf\u00e9"), ("tag", "#OK", "OK")]


_PIECES = st.sampled_from(
    [
        "hello",
        " ",
        "\n",
        "\u65e5\u672c\u8a9e",
        "\U0001f468\u200d\U0001f4bb",
        "\U0001f1ec\U0001f1e7",
        "e\u0301",
        "@alice.bsky.social",
        "https://status.example.edu/a?b=1",
        "example.edu",
        "#ITStatus",
        "#caf\u00e9",
        "!",
        "(",
        ")",
        ".",
    ]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(_PIECES, max_size=25))
def test_every_facet_slices_the_utf8_bytes_of_its_own_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    data = text.encode("utf-8")
    facets = bluesky_facets(text)
    assert facets == sorted(facets, key=lambda f: f.byte_start)
    for before, after in itertools.pairwise(facets):
        assert before.byte_end <= after.byte_start, "facets never overlap"
    for facet in facets:
        assert 0 <= facet.byte_start < facet.byte_end <= len(data)
        piece = data[facet.byte_start : facet.byte_end].decode("utf-8")  # never cuts a character
        if facet.kind == "mention":
            assert piece == "@" + facet.value
        elif facet.kind == "tag":
            assert piece[0] in "#\uff03"
            assert piece[1:] == facet.value
        else:
            assert facet.value in (piece, "https://" + piece)


def test_overlapping_candidates_keep_the_first() -> None:
    text = "https://status.example.edu/a(@alice.bsky.social"
    assert [f.kind for f in bluesky_facets(text)] == ["link"]


def test_rules_as_bluesky_applies_them() -> None:
    # Found by comparing with @atproto/api's detectFacetsWithoutResolution on random texts.
    text = "(@ann.bsky.social\u65e5\u672c Www.Example.COM #" + "\U0001f600" * 33
    assert _sliced(text) == [("mention", "@ann.bsky.social", "ann.bsky.social")]  # TLDs are case-sensitive
    assert bluesky_facets("#" + "\U0001f600" * 32) != []  # 64 UTF-16 units is the most a tag may have
