"""The one set of guardrails: can this post go out, and if not, why (Issue 13 item 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from studio.platforms import network_by_id
from studio.text import count
from studio.workflows.scheduling import Picture, Plan, Target, check_post
from tests.unit.workflows.conftest import NOW

PERSONAL = "Mail jane.doe@example.edu or call 555-123-4567 about student ID S1234567."


def _rules(plan: Plan, allow: frozenset[str] = frozenset()) -> list[str]:
    return [p.rule for p in check_post(plan, now=NOW, allow=allow).problems]


def test_a_plain_post_can_go_out() -> None:
    verdict = check_post(Plan("Printers are back.", (Target("mastodon", "m"),)), now=NOW)
    assert verdict.ok
    assert verdict.parts == {"mastodon": ("Printers are back.",)}


def test_no_account_and_a_past_time_are_refused() -> None:
    plan = Plan("Printers are back.", (), when=NOW - timedelta(minutes=1))
    assert _rules(plan) == ["no-account", "past"]


def test_x_counts_by_weight_not_characters() -> None:
    text = "停" * 150  # 150 characters, 300 by X's weights
    assert count(text, "x").length == 300
    verdict = check_post(Plan(text, (Target("x", "it-x"), Target("linkedin", "li"))), now=NOW)
    # X has threads: the text is split into parts that each fit, so nothing blocks.
    assert verdict.ok
    assert len(verdict.parts["x"]) > 1
    assert verdict.parts["linkedin"] == (text,)


def test_a_network_without_threads_refuses_a_long_text() -> None:
    text = "word " * 500  # 2,500 characters: over Instagram's 2,200
    plan = Plan(text.strip(), (Target("instagram", "insta"),), (Picture("a cat"),))
    verdict = check_post(plan, now=NOW)
    assert [p.rule for p in verdict.problems] == ["text-length"]
    assert verdict.problems[0].what == "insta (Instagram), the text"


def test_an_account_limit_is_the_one_counted() -> None:
    plan = Plan("x" * 450, (Target("mastodon", "small", limit=100),))
    verdict = check_post(plan, now=NOW)
    assert verdict.ok
    assert all(count(part, "mastodon", limit=100).ok for part in verdict.parts["mastodon"])


def test_alt_text_missing_and_too_long_per_network() -> None:
    limit = network_by_id("mastodon").alt_text_limit
    assert limit == 1500
    plan = Plan(
        "Two pictures.", (Target("mastodon", "m"), Target("bluesky", "b")), (Picture(""), Picture("a" * 1600))
    )
    problems = check_post(plan, now=NOW).problems
    assert [(p.account, p.rule) for p in problems] == [
        ("b", "alt-missing"),  # Bluesky takes 2,000 characters of alt text
        ("m", "alt-missing"),
        ("m", "alt-length"),
    ]
    assert problems[2].why == "1,600 characters, Mastodon takes 1,500"


def test_picture_count_and_instagram_needs_one() -> None:
    pictures = tuple(Picture(f"picture {n}") for n in range(5))
    assert _rules(Plan("Hi.", (Target("x", "x"),), pictures)) == ["image-count"]
    assert _rules(Plan("Hi.", (Target("instagram", "i"),))) == ["image-required"]


def test_error_findings_block_until_allowed() -> None:
    plan = Plan(PERSONAL, (Target("mastodon", "m"),))
    blocked = check_post(plan, now=NOW)
    assert [p.rule for p in blocked.problems] == ["personal-data"] * 3
    assert all(p.allowable and p.account is None for p in blocked.problems)
    allowed = check_post(plan, now=NOW, allow={"personal-data"})
    assert allowed.ok
    assert allowed.allowed == blocked.problems


def test_allow_does_not_lift_a_limit() -> None:
    plan = Plan(PERSONAL, (Target("instagram", "i"),))
    assert _rules(plan, allow=frozenset({"image-required", "personal-data"})) == ["image-required"]


@pytest.mark.parametrize("network", ["x", "mastodon"])
def test_each_network_gets_its_own_text(network: str) -> None:
    plan = Plan("Short.", (Target(network, "a"),), text_for={network: PERSONAL})
    problems = check_post(plan, now=NOW).problems
    assert {p.rule for p in problems} == {"personal-data"}
    assert problems[0].what.startswith("the text, ")


def test_a_word_longer_than_a_post_is_a_problem_not_an_exception() -> None:
    plan = Plan("#" + "停" * 200, (Target("x", "it-x"), Target("mastodon", "m")))
    verdict = check_post(plan, now=NOW)
    assert [(p.account, p.rule) for p in verdict.problems] == [("it-x", "text-length")]
    assert "x" not in verdict.parts
