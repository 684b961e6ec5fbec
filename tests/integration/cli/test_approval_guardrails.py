"""Approving a post asks the guardrails first (Issue 13 item 6): `review approve` and `queue approve`."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.store import NewAccount, NewPost, PostStatus, open_store
from tests.integration.cli.conftest import Cli

PERSONAL = "Questions? Mail jane.doe@example.edu about the printers."


@pytest.fixture
def team(studio_home: Path) -> Path:
    """Review on: Sam writes, Ana reviews; one Mastodon account."""
    with open_store(studio_home) as store:
        store.settings.update(solo_mode=False)
        store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
        store.reviews.set_person("Sam", "author")
        store.reviews.set_person("Ana", "reviewer")
    return studio_home


def _in_review_unchecked(studio_home: Path, text: str) -> int:
    """A post that reached review without the guardrails (as an older Studio or a script could store it)."""
    with open_store(studio_home) as store:
        masto = store.accounts.by_name("it-masto")
        post = store.posts.create(NewPost(text, (masto.id,)), PostStatus.IN_REVIEW)
        store.reviews.add_step(post.id, "Sam", "submitted", "", "studio")
    return post.id


def _allowed(studio_home: Path, post_id: int) -> list[str]:
    with open_store(studio_home) as store:
        post = store.posts.get(post_id)
        return [
            e.detail for d in post.deliveries for e in store.deliveries.events(d.id) if e.kind == "allowed"
        ]


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


@pytest.mark.parametrize("command", [("review", "approve"), ("queue", "approve")])
def test_approval_is_refused_with_every_problem_until_the_finding_is_allowed(
    cli: Cli, team: Path, command: tuple[str, str]
) -> None:
    post_id = _in_review_unchecked(team, PERSONAL)
    who = ["--as", "Ana"] if command[0] == "review" else []
    refused = cli(*command, str(post_id), *who)
    assert refused.returncode == 1, refused.stderr
    (line,) = _errors(refused.stderr)
    assert line.startswith("error: the text, characters ")
    assert line.endswith("or --allow personal-data to post it anyway)")
    assert "Traceback" not in refused.stderr
    with open_store(team) as store:
        assert store.posts.get(post_id).status is PostStatus.IN_REVIEW
        assert [s.action for s in store.reviews.steps(post_id)] == ["submitted"]

    approved = cli(*command, str(post_id), *who, "--allow", "personal-data")
    assert approved.returncode == 0, approved.stderr
    assert approved.stdout.strip() == f"post {post_id}: scheduled"
    assert _allowed(team, post_id) == ["personal-data"]


def test_a_finding_the_author_allowed_stays_allowed_when_approved(cli: Cli, team: Path) -> None:
    added = cli("queue", "add", "--account", "it-masto", "--text", PERSONAL, "--allow", "personal-data")
    assert added.returncode == 0, added.stderr
    post_id = int(added.stdout)
    approved = cli("review", "approve", str(post_id), "--as", "Ana")
    assert approved.returncode == 0, approved.stderr
    assert _allowed(team, post_id) == ["personal-data"]  # kept once, not written again


def test_a_picture_without_alt_text_is_not_approved(cli: Cli, team: Path, tmp_path: Path) -> None:
    picture = tmp_path / "printer.png"
    Image.new("RGB", (64, 48), "white").save(picture)
    with open_store(team) as store:  # stored without the guardrails, as a script could
        masto = store.accounts.by_name("it-masto")
        media = store.media.add(picture, width=64, height=48, mime="image/png", alt_text="")
        post = store.posts.create(NewPost("Printers are back", (masto.id,), media=((media.id, "", ""),)))
        store.posts.set_status(post.id, PostStatus.IN_REVIEW)
    refused = cli("queue", "approve", str(post.id), "--allow", "personal-data")
    assert refused.returncode == 1
    assert _errors(refused.stderr) == [
        "error: it-masto (Mastodon), picture 1: has no alt text (people using screen readers could not know "
        "what it shows) (describe what the picture shows)"
    ]  # not a content finding: no --allow offered, and allowing one does not let it through
    with open_store(team) as store:
        assert store.posts.get(post.id).status is PostStatus.IN_REVIEW
