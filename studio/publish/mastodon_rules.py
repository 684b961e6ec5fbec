"""What a Mastodon instance takes: its limits (`GET /api/v2/instance`) and the check of a post."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from studio.platforms import network_by_id
from studio.publish.base import ImageInput, PostInput, Problem
from studio.publish.guardrails import picture_problems
from studio.text import count
from studio.workflows.scheduling import Target

__all__ = ["InstanceLimits", "check_post", "mastodon_length"]

_NETWORK = network_by_id("mastodon")
_VISIBILITIES = ("public", "unlisted", "private", "direct")


@dataclass(frozen=True, slots=True)
class InstanceLimits:
    """An instance's limits from `GET /api/v2/instance`, kept with the account."""

    max_characters: int = _NETWORK.limit
    max_media: int = _NETWORK.max_images
    url_length: int = _NETWORK.url_length or 23
    image_size_limit: int = _NETWORK.max_image_bytes or 16_000_000
    image_matrix_limit: int = _NETWORK.max_image_pixels or 33_177_600
    description_limit: int = _NETWORK.alt_text_limit or 1500

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> InstanceLimits:
        data = json.loads(text)
        known = {k: int(v) for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


def check_post(post: PostInput, limits: InstanceLimits, host: str) -> list[Problem]:
    """Problems the instance at `host` would refuse in `post`, by its `limits`."""
    problems: list[Problem] = []
    if post.visibility not in _VISIBILITIES:
        problems.append(
            Problem(
                None,
                "visibility",
                f"{post.visibility!r} is not a Mastodon visibility",
                f"use one of {', '.join(_VISIBILITIES)}",
            )
        )
    for index, part in enumerate(post.parts):
        # Every part carries the content warning, and Mastodon counts it with the text.
        warning = post.content_warning
        length = mastodon_length(part.text, limits, warning)
        if length > limits.max_characters:
            problems.append(
                Problem(
                    index,
                    "text",
                    f"{length} characters, {host} allows {limits.max_characters}",
                    "shorten it or split it into a thread",
                )
            )
        if not part.text.strip() and not part.images:
            problems.append(Problem(index, "text", "the post is empty", "write something or add an image"))
        # How many pictures and their alt text: the guardrails' rules, with this instance's picture limit.
        target = Target("mastodon", "", limits.max_characters, limits.url_length, limits.max_media)
        problems += picture_problems(index, part.images, target, alt_length=False)
        for n, image in enumerate(part.images, 1):
            problems.extend(_check_image(index, n, image, limits, host))
    return problems


def mastodon_length(text: str, limits: InstanceLimits, content_warning: str = "") -> int:
    """Mastodon's count (the text engine's), with this instance's URL length."""
    counted = count(
        text, "mastodon", content_warning=content_warning, limit=limits.max_characters,
        url_length=limits.url_length,
    )  # fmt: skip
    return counted.length


def _check_image(index: int, n: int, image: ImageInput, limits: InstanceLimits, host: str) -> list[Problem]:
    """What only the instance knows: its alt text, upload size and pixel limits."""
    problems = []
    if len(image.alt) > limits.description_limit:  # the instance's own limit, which it reports
        problems.append(
            Problem(
                index,
                f"alt text of image {n}",
                f"{len(image.alt)} characters, {host} allows {limits.description_limit}",
                "shorten the description",
            )
        )
    if len(image.data) > limits.image_size_limit:
        problems.append(
            Problem(
                index,
                f"image {n}",
                f"{len(image.data):,} bytes, the limit is {limits.image_size_limit:,}",
                "render it for the mastodon format",
            )
        )
    if image.width * image.height > limits.image_matrix_limit:
        problems.append(
            Problem(
                index,
                f"image {n}",
                f"{image.width} x {image.height} pixels is more than the server takes",
                "render it for the mastodon format",
            )
        )
    return problems
