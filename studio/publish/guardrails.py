"""The publish-time check of pictures, asked of the one set of guardrails (`studio.workflows.scheduling`).

`publish-due --dry-run` and the real run must answer as Compose and `queue add` do, so how many pictures a
network takes, that Instagram needs one, and that each has alt text within the network's limit are asked of
`check_post` itself, in its words. What only the server knows (a Mastodon instance's own limits, the bytes
and pixels of an upload) stays with each publisher.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from studio.publish.base import ImageInput, Problem
from studio.workflows.scheduling import Picture, Plan, Target, check_post
from studio.workflows.scheduling import Problem as Finding

__all__ = ["picture_problems"]

_COUNT_RULES = frozenset({"image-count", "image-required"})
_ALT_RULES = frozenset({"alt-missing", "alt-length"})


def picture_problems(
    index: int, images: Sequence[ImageInput], target: Target, *, alt_length: bool = True
) -> list[Problem]:
    """What the guardrails say of part `index`'s pictures for `target` (its own `max_images`, if any).

    `alt_length` False leaves the alt text's length to the caller (a Mastodon instance says its own).
    """
    problems = [
        Problem(index, "images", found.why, found.fix)
        for found in _asked(target, images)
        if found.rule in _COUNT_RULES
    ]
    alt_rules = _ALT_RULES if alt_length else _ALT_RULES - {"alt-length"}
    for n, image in enumerate(images, 1):  # one picture at a time, so each answer names its picture
        problems += [
            Problem(index, f"alt text of image {n}", found.why, found.fix)
            for found in _asked(target, (image,))
            if found.rule in alt_rules
        ]
    return problems


def _asked(target: Target, images: Sequence[ImageInput]) -> tuple[Finding, ...]:
    """`check_post` of the pictures alone: an empty text has no length or content problem to add."""
    plan = Plan("", (target,), tuple(Picture(image.alt) for image in images))
    return check_post(plan, now=datetime.now(UTC)).problems
