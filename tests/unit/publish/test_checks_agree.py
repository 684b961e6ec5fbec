"""The publish-time checks answer as the guardrails do (`scheduling.check_post`), in the same words.

`publish-due --dry-run` runs the publishers' checks; Compose and `studio queue add` run `check_post`. For
each post here both must block (or both let it through) for the same reason.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from studio.publish import HandoffPublisher, ImageInput, PartInput, PostInput, Secret
from studio.publish.bluesky import BlueskyPublisher
from studio.publish.mastodon_rules import InstanceLimits
from studio.publish.mastodon_rules import check_post as mastodon_check
from studio.workflows.scheduling import Picture, Plan, Target, check_post

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
_LINK = "https://intranet.example.edu/it/services/printing/floor-2/status?building=main&view=full&lang=en"


def _publisher_says(network: str, text: str, alts: tuple[str, ...]) -> list[str]:
    images = tuple(ImageInput(b"\xff\xd8", alt, 1080, 1080) for alt in alts)
    post = PostInput((PartInput(text, "k", images),), NOW)
    if network == "mastodon":
        found = mastodon_check(post, InstanceLimits(), "example.social")
    elif network == "bluesky":
        publisher = BlueskyPublisher("https://bsky.example.edu", "it.bsky.example.edu", Secret("x"))
        try:
            found = publisher.check(post)
        finally:
            publisher.close()
    else:
        found = HandoffPublisher(network, Path("unused")).check(post)
    return sorted(p.message for p in found if p.blocking)


def _guardrails_say(network: str, text: str, alts: tuple[str, ...]) -> list[str]:
    plan = Plan(text, (Target(network, "it"),), tuple(Picture(alt) for alt in alts))
    verdict = check_post(plan, now=NOW)
    assert verdict.parts[network] == (text,), "each case is one post, not a thread"
    return sorted(p.why for p in verdict.problems if not p.allowable)


@pytest.mark.parametrize(
    ("network", "text", "alts"),
    [
        ("x", f"Printers are back: {_LINK} guide: {_LINK}/guide faq: {_LINK}/faq", ()),  # 114 by X, 324 raw
        ("linkedin", " ".join(["Printers are back."] * 160), ()),  # 3,039 of 3,000: a network without threads
        ("instagram", "Printers are back", ()),  # Instagram needs a picture
        ("instagram", "Printers are back" + " #it" * 31, ("Printers",)),  # over the hashtag cap
        ("instagram", "Printers are back", ("Printers",) * 11),  # too many pictures
        ("x", "Printers are back", ("a" * 1001,)),  # X's alt text limit
        ("linkedin", "Printers are back", ("",)),  # no alt text
        ("mastodon", "Printers are back", ("",)),
        ("mastodon", "Printers are back", ("Printers",) * 5),
        ("bluesky", "Printers are back", ("a" * 2001,)),
        ("bluesky", "Printers are back", ("Printers",) * 5),
        ("bluesky", "Printers are back", ("Printers",)),
    ],
)
def test_publishers_block_what_the_guardrails_block_in_their_words(
    network: str, text: str, alts: tuple[str, ...]
) -> None:
    assert _publisher_says(network, text, alts) == _guardrails_say(network, text, alts)
