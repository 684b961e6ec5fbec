"""Links, mentions, hashtags and emoji as the networks find them."""

from __future__ import annotations

import pytest

from studio.text.entities import emoji_spans, hashtag_spans, mention_spans, protected_spans, url_spans


def _urls(text: str, **kwargs: bool) -> list[str]:
    return [text[s:e] for s, e in url_spans(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Hi http://test.co!", ["http://test.co"]),
        ("see example.com/path?search=foo&lang=en.", ["example.com/path?search=foo&lang=en"]),
        ("www.example.com and foo.co.jp", ["www.example.com", "foo.co.jp"]),
        ("HTTPS://www.ExaMPLE.COM/index.html", ["HTTPS://www.ExaMPLE.COM/index.html"]),
        (
            "https://en.wikipedia.org/wiki/Primer_(film) is good",
            ["https://en.wikipedia.org/wiki/Primer_(film)"],
        ),
        ("http://\u2603.net/", ["http://\u2603.net/"]),
        ("t.co/abc and https://t.co/abc123?x=1", ["t.co/abc", "https://t.co/abc123?x=1"]),
        ("mail jane@example.edu", []),  # an address, not a link
        ("ftp://www.example.com/ file.txt v1.2", []),
        ("http://www.-domain4352.com/ and http://256.1.2.3/", []),
        ("randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", []),  # 64-letter label
        ("Do it.Then rest", []),
    ],
)
def test_links_twitter_text_extracts(text: str, links: list[str]) -> None:
    assert _urls(text) == links


def test_without_scheme_off_keeps_only_links_with_a_scheme() -> None:
    text = "example.com and https://example.edu/x"
    assert _urls(text, without_scheme=False) == ["https://example.edu/x"]


def test_emoji_sequences_are_one_span_each() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    england = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    text = f"a{family}b\U0001f44d\U0001f3fdc\U0001f1ec\U0001f1e7d{england}e1\ufe0f\u20e3 \u00a9 \u2764\ufe0f"
    found = [text[s:e] for s, e in emoji_spans(text)]
    assert found == [
        family,
        "\U0001f44d\U0001f3fd",
        "\U0001f1ec\U0001f1e7",
        england,
        "1\ufe0f\u20e3",
        "\u2764\ufe0f",
    ]
    assert emoji_spans("plain ascii (c) 2026") == []


def test_mentions_and_hashtags() -> None:
    text = "Thanks @alice, @bob@example.social and @carol.bsky.social! #ITStatus #2026 #Tech2026 mail a@b.edu"
    assert [text[s:e] for s, e in mention_spans(text)] == [
        "@alice",
        "@bob@example.social",
        "@carol.bsky.social",
    ]
    assert [text[s:e] for s, e in hashtag_spans(text)] == ["#ITStatus", "#Tech2026"]


def test_protected_spans_merge_overlaps() -> None:
    text = "go https://example.edu/#ITStatus now"
    assert protected_spans(text) == [(3, 32)]


def test_long_tco_slugs_and_schemeless_unicode_domains_are_not_links() -> None:
    assert url_spans("https://t.co/" + "a" * 41) == []
    assert url_spans("\u2603.net") == []
    assert url_spans("http://\u2603.net") == [(0, 12)]


def test_the_first_word_may_lend_its_first_character_as_the_preceding_one() -> None:
    # twitter-text: at the very start, a non-ASCII letter is taken as the character before the link.
    assert url_spans("\u00e9x.com.") == [(1, 6)]
    assert url_spans("go \u00e9x.com.") == [(3, 9)]
