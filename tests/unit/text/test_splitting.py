"""Thread splitting: examples, then properties that must hold for any text (hypothesis)."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.errors import InputError
from studio.text import count, split
from studio.text.entities import protected_spans
from tests.unit.text.posts import MAINTENANCE_THREAD

_NUMBER = regex.compile(r" (\d+)/(\d+)\Z")


def _fits(part: str, network: str, limit: int | None = None) -> bool:
    c = count(part, network, limit=limit)
    return c.length <= c.limit and (c.byte_limit is None or (c.byte_length or 0) <= c.byte_limit)


def test_short_text_is_one_part_and_empty_text_none() -> None:
    assert split("  Back up at 16:05.  ", "x") == ["Back up at 16:05."]
    assert split(" \n ", "x") == []
    assert split("One part only", "x", numbering=True) == ["One part only"]


def test_paragraphs_become_parts_when_they_fill_them() -> None:
    parts = split(MAINTENANCE_THREAD, "x")
    # The first paragraph alone (not a fuller cut mid-paragraph 2); paragraphs 2 and 3 fit together.
    assert len(parts) == 2
    assert parts[0].startswith("Planned maintenance")
    assert parts[0].endswith("new servers.")
    assert parts[1].startswith("You do not need")
    assert parts[1].endswith("#ITStatus")
    assert "\n\nWe will post here" in parts[1]


def test_sentences_before_words() -> None:
    sentence = "The portal is down for everyone on campus right now. "
    parts = split(sentence * 8, "x")
    assert all(p.endswith("now.") for p in parts)


def test_explicit_marker_always_splits() -> None:
    text = "First short part\n---\nSecond short part\n  -----  \nThird"
    assert split(text, "facebook") == ["First short part", "Second short part", "Third"]


def test_numbering_counts_inside_the_limit() -> None:
    text = " ".join(["word"] * 200)
    parts = split(text, "x", numbering=True)
    assert [m[0] for m in (_NUMBER.search(p) for p in parts) if m] == [
        f" {i}/{len(parts)}" for i in range(1, len(parts) + 1)
    ]
    assert all(_fits(p, "x") for p in parts)
    assert count(parts[0], "x").length > 270  # full parts, the suffix included


def test_numbering_can_push_nine_parts_to_ten() -> None:
    # 36 four-letter words make 9 parts of 20; with " 9/9" they make more than 9, so " 99/99" is budgeted.
    parts = split(" ".join(["word"] * 36), "x", numbering=True, limit=20)
    assert len(parts) > 9
    assert [p.rsplit(" ", 1)[1] for p in parts] == [f"{i}/{len(parts)}" for i in range(1, len(parts) + 1)]
    assert all(count(p, "x", limit=20).ok for p in parts)


def test_numbering_width_grows_past_nine_parts() -> None:
    parts = split(" ".join(["word"] * 40), "x", numbering=True, limit=20)
    assert len(parts) >= 10
    assert parts[-1].endswith(f" {len(parts)}/{len(parts)}")
    assert all(count(p, "x", limit=20).ok for p in parts)


def test_never_cuts_a_link_or_emoji() -> None:
    link = "https://status.example.edu/incidents/4711"
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    text = " ".join([f"word{i} {link} {family}" for i in range(12)])
    parts = split(text, "bluesky", limit=60)
    for part in parts:
        assert _fits(part, "bluesky", 60)
    assert " ".join(parts).split() == text.split()


def test_a_single_long_word_is_cut_at_graphemes() -> None:
    word = "e\u0301" * 50  # 50 graphemes of two code points each
    parts = split(word, "mastodon", limit=20)
    assert "".join(parts) == word
    assert all(not p.startswith("\u0301") for p in parts)
    assert all(count(p, "mastodon", limit=20).ok for p in parts)


def test_a_link_longer_than_a_post_is_refused() -> None:
    link = "https://example.edu/" + "a" * 400
    with pytest.raises(InputError, match="longer than a whole post"):
        split(f"see {link}", "bluesky")


_WORD = st.one_of(
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12),
    st.sampled_from(
        [
            "https://status.example.edu/x",
            "example.com",
            "@alice",
            "@bob@example.social",
            "#ITStatus",
            "\U0001f468\u200d\U0001f4bb",
            "\U0001f1ec\U0001f1e7",
            "\u65e5\u672c\u8a9e",
            "e\u0301t\u00e9",
            "done.",
            "why?",
        ]
    ),
)
_SEP = st.sampled_from([" ", " ", " ", "\n", "\n\n", ". "])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORD, min_size=1, max_size=120))
    out = [words[0]]
    for word in words[1:]:
        out += [draw(_SEP), word]
    return "".join(out)


_NETWORKS = st.sampled_from(["x", "mastodon", "bluesky", "threads", "linkedin", "instagram"])


@settings(max_examples=150, deadline=None)
@given(
    text=_texts(), network=_NETWORKS, limit=st.integers(min_value=40, max_value=300), numbering=st.booleans()
)
def test_split_properties(text: str, network: str, limit: int, numbering: bool) -> None:
    parts = split(text, network, numbering=numbering, limit=limit)
    assert parts, "a text with words gives at least one part"
    for part in parts:
        assert part.strip(), "no part is empty"
        assert _fits(part, network, limit), f"part does not fit: {part!r}"
    if numbering and len(parts) > 1:
        numbers = [_NUMBER.search(p) for p in parts]
        assert all(numbers)
        assert [int(m[1]) for m in numbers if m] == list(range(1, len(parts) + 1))
        parts = [p[: m.start()] for p, m in zip(parts, numbers, strict=True) if m]
    assert " ".join(parts).split() == text.split(), "parts in order re-join to the original words"
    whole = {text[s:e] for s, e in protected_spans(text)}
    kept = {part[s:e] for part in parts for s, e in protected_spans(part)}
    assert whole <= kept | {w for p in parts for w in p.split()}, "links, mentions, tags and emoji stay whole"
