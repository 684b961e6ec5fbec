"""Per-network counting: each network's own rule, limits from the registry or the instance, overflow spans."""

from __future__ import annotations

import pytest

from studio.platforms import NETWORKS
from studio.text import count, count_all
from tests.unit.text.posts import OUTAGE, TECH_TIP

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 4 people joined by ZWJ: one emoji


def test_a_short_outage_notice_fits_everywhere() -> None:
    counts = count_all(OUTAGE)
    assert set(counts) == {n.id for n in NETWORKS}
    for result in counts.values():
        assert result.ok, result
        assert result.overflow_start is None
        assert result.remaining == result.limit - result.length


def test_x_counts_schemeless_links_and_emoji_sequences() -> None:
    text = f"Status at status.example.edu {FAMILY}"
    # "Status at " (10) + link (23) + " " (1) + emoji (2)
    assert count(text, "x").length == 36


def test_x_overflow_points_at_the_first_character_past_280() -> None:
    text = "a" * 279 + "bcd"
    result = count(text, "x")
    assert (result.length, result.ok, result.overflow_start) == (282, False, 280)
    assert result.problems == ("2 over the limit of 280",)


def test_x_a_link_that_does_not_fit_overflows_from_its_start() -> None:
    text = "a" * 270 + " https://example.edu/x"
    assert count(text, "x").overflow_start == 271


def test_x_invalid_character_makes_the_post_invalid_from_there() -> None:
    result = count("ok \ufffe then", "x")
    assert not result.ok
    assert result.overflow_start == 3
    assert "refuses" in result.problems[0]


def test_mastodon_counts_links_with_a_scheme_as_23_and_remote_mentions_as_local() -> None:
    long_link = "https://status.example.edu/incidents/2026/11/22/e-mail-outage-update"
    text = f"@alice@mastodon.example.org see {long_link} or example.edu"
    # "@alice see " (11) + 23 + " or example.edu" (15): schemeless links are not shortened on Mastodon
    assert count(text, "mastodon").length == 49


def test_mastodon_counts_graphemes_and_the_content_warning() -> None:
    text = f"{FAMILY} e\u0301"  # one emoji, a space, e + combining accent: 3 graphemes
    assert count(text, "mastodon").length == 3
    assert count(text, "mastodon", content_warning="CW: outage").length == 13


def test_mastodon_limit_and_link_length_come_from_the_instance() -> None:
    text = "x" * 600 + " https://example.edu"
    default = count(text, "mastodon")
    assert (default.limit, default.ok, default.overflow_start) == (500, False, 500)
    big = count(text, "mastodon", limit=1000, url_length=30)
    assert (big.length, big.limit, big.ok) == (631, 1000, True)


def test_mastodon_content_warning_alone_over_the_limit_overflows_at_the_start() -> None:
    result = count("hello", "mastodon", content_warning="w" * 501)
    assert not result.ok
    assert result.overflow_start == 0


def test_bluesky_limits_graphemes_and_bytes_separately() -> None:
    emoji_post = FAMILY * 300  # 300 graphemes, 25 bytes each
    result = count(emoji_post, "bluesky")
    assert (result.length, result.byte_length, result.byte_limit) == (300, 7500, 3000)
    assert not result.ok
    assert result.overflow_start == 120 * len(FAMILY)  # the 121st emoji passes 3000 bytes
    assert result.problems == ("4500 bytes over the limit of 3000 bytes",)


def test_bluesky_counts_links_as_written() -> None:
    text = "a" * 280 + " https://example.edu/x"
    result = count(text, "bluesky")
    assert (result.length, result.ok, result.overflow_start) == (302, False, 300)


def test_threads_counts_an_emoji_as_its_utf8_bytes() -> None:
    assert count(f"ok {FAMILY}", "threads").length == 3 + 25
    assert count("caf\u00e9", "threads").length == 4


def test_threads_overflow_at_the_emoji_that_does_not_fit() -> None:
    text = "a" * 498 + "\U0001f600"
    result = count(text, "threads")
    assert (result.length, result.overflow_start) == (502, 498)


@pytest.mark.parametrize(("network", "limit"), [("linkedin", 3000), ("facebook", 63206), ("instagram", 2200)])
def test_character_networks(network: str, limit: int) -> None:
    assert count(TECH_TIP, network).length == len(TECH_TIP)
    over = count("x" * (limit + 5), network)
    assert (over.remaining, over.overflow_start) == (-5, limit)


def test_instagram_hashtag_and_mention_caps() -> None:
    tags = " ".join(f"#tag{i}a" for i in range(31))
    result = count(tags, "instagram")
    assert not result.ok
    assert result.overflow_start is None  # within the characters: the caption is fine, the tags are not
    assert result.problems == ("31 hashtags (at most 30)",)
    mentions = " ".join(f"@user{i}" for i in range(21))
    assert count(mentions, "instagram").problems == ("21 mentions (at most 20)",)
    assert count(tags, "x").ok


def test_count_all_passes_mastodon_settings_only_to_mastodon() -> None:
    text = "x" * 400
    counts = count_all(text, ["x", "mastodon"], mastodon_limit=300, content_warning="cw")
    assert counts["mastodon"].limit == 300
    assert counts["mastodon"].length == 402
    assert counts["x"].length == 400


def test_unknown_network_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known: x, mastodon"):
        count("hi", "myspace")


def test_x_an_emoji_inside_a_link_is_part_of_the_link() -> None:
    assert count("http://\U0001f600.com \U0001f600", "x").length == 23 + 1 + 2
