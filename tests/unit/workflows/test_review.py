"""Review by name, and the self-contained HTML review bundle with the real pictures."""

from __future__ import annotations

import base64
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from studio.brand import default_kit
from studio.errors import InputError
from studio.store import Account, NewAccount, NewPost, PostStatus, Store
from studio.workflows.review import add_person, approve, pending, request_changes, submit
from studio.workflows.review_bundle import review_bundle
from studio.workflows.series import create_series

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def team(store: Store) -> Store:
    """Store with review on, a student author and two reviewers."""
    store.settings.update(solo_mode=False)
    add_person(store, "Sam", "author")
    add_person(store, "Ana", "reviewer")
    add_person(store, "Ben", "reviewer")
    return store


def _draft(store: Store, account: Account, text: str = "Draft <b>bold</b> & co", series: str = "") -> int:
    return store.posts.create(NewPost(text, (account.id,), series=series)).id


def test_submit_then_approve_schedules_the_post(team: Store, masto: Account) -> None:
    post_id = _draft(team, masto)
    assert submit(team, post_id, "sam").status is PostStatus.IN_REVIEW
    assert [p.id for p in pending(team)] == [post_id]
    assert approve(team, post_id, "Ana", comment="Nice").status is PostStatus.SCHEDULED
    assert [(s.person, s.action, s.comment) for s in team.reviews.steps(post_id)] == [
        ("Sam", "submitted", ""),
        ("Ana", "approved", "Nice"),
    ]
    assert pending(team) == []


def test_changes_go_back_to_the_author_with_the_comment(team: Store, masto: Account) -> None:
    post_id = _draft(team, masto)
    submit(team, post_id, "Sam")
    post = request_changes(team, post_id, "Ben", "Too much tech speak", via="bundle")
    assert post.status is PostStatus.DRAFT
    assert team.reviews.steps(post_id)[-1].via == "bundle"
    with pytest.raises(InputError, match="--comment: is empty"):
        request_changes(team, post_id, "Ben", " ")


def test_roles_and_the_second_pair_of_eyes(team: Store, masto: Account) -> None:
    post_id = _draft(team, masto)
    with pytest.raises(InputError, match=r"'Zoe': is not on the team .add them: studio review people add"):
        submit(team, post_id, "Zoe")
    submit(team, post_id, "Ana")
    with pytest.raises(InputError, match="Sam: is an author, not a reviewer"):
        approve(team, post_id, "Sam")
    with pytest.raises(InputError, match="Ana sent it to review and cannot also approve it"):
        approve(team, post_id, "Ana")
    approve(team, post_id, "Ben")
    with pytest.raises(InputError, match="is scheduled, not in review"):
        approve(team, post_id, "Ben")
    with pytest.raises(InputError, match="unknown"):
        add_person(team, "Kim", "boss")


def test_an_approved_series_draft_waits_for_its_slot(team: Store, masto: Account) -> None:
    create_series(team, "Tips", every="tue", at=["10:00"], zone="UTC", account_names=["it-masto"])
    post_id = _draft(team, masto, "A tip", series="Tips")
    submit(team, post_id, "Sam")
    assert approve(team, post_id, "Ana").status is PostStatus.APPROVED


def test_the_bundle_is_self_contained_with_pictures_texts_and_commands(
    team: Store, masto: Account, bsky: Account, tmp_path: Path
) -> None:
    picture = tmp_path / "lego.jpg"
    Image.new("RGB", (2400, 1600), (200, 40, 40)).save(picture, "JPEG")
    media = team.media.add(
        picture, width=2400, height=1600, mime="image/jpeg", alt_text='A LEGO "technician"'
    )
    post = team.posts.create(
        NewPost(
            "x",
            (masto.id, bsky.id),
            parts={"mastodon": ("Part <one>", "Part two"), "bluesky": ("Short & sweet",)},
            media=((media.id, "", ""),),
        )
    )
    submit(team, post.id, "Sam", comment="first try")
    html = review_bundle(team, pending(team), now=NOW)
    assert "<script" not in html
    assert not re.search(r'(src|href)="(?!data:)', html)  # nothing loaded from outside the file
    assert html.count('src="data:image/jpeg;base64,') == 1
    assert 'alt="A LEGO &quot;technician&quot;"' in html
    assert "Part &lt;one&gt;" in html
    assert "Part 2 of 2" in html
    assert "Short &amp; sweet" in html
    assert f"studio review approve {post.id} --as NAME --via bundle" in html
    assert "Sam submitted: “first try”" in html
    empty = review_bundle(team, [], now=NOW)
    assert "Nothing is waiting for review." in empty


def test_with_a_kit_the_bundle_shows_each_network_s_rendered_picture(
    team: Store, masto: Account, bsky: Account, tmp_path: Path
) -> None:
    picture = tmp_path / "staff.jpg"
    Image.new("RGB", (1200, 1200), (40, 160, 90)).save(picture, "JPEG")
    media = team.media.add(picture, width=1200, height=1200, mime="image/jpeg", alt_text="Our help desk team")
    post = team.posts.create(
        NewPost("Meet the help desk", (masto.id, bsky.id), media=((media.id, "photo", ""),))
    )
    submit(team, post.id, "Sam")
    html = review_bundle(team, pending(team), now=NOW, kit=default_kit())
    assert html.count('src="data:image/jpeg;base64,') == 2  # one per network format
    assert "mastodon, 1600x900" in html
    assert "bluesky, 1600x900" in html
    uris = re.findall(r'src="data:image/jpeg;base64,([^"]+)"', html)
    with Image.open(io.BytesIO(base64.b64decode(uris[0]))) as shown:
        assert shown.size == (800, 450)  # the 16:9 render, not the square original


def test_a_picture_without_a_template_is_shown_as_it_will_be_sent(
    team: Store, masto: Account, tmp_path: Path
) -> None:
    # Publishing crops a picture attached without a template to the network's format and draws nothing on
    # it, so the bundle shows that crop, unbranded.
    picture = tmp_path / "plain.jpg"
    Image.new("RGB", (1200, 1200), (40, 160, 90)).save(picture, "JPEG")
    media = team.media.add(picture, width=1200, height=1200, mime="image/jpeg", alt_text="Plain picture")
    post = team.posts.create(NewPost("As it is", (masto.id,), media=((media.id, "", ""),)))
    submit(team, post.id, "Sam")
    html = review_bundle(team, pending(team), now=NOW, kit=default_kit())
    assert "mastodon, 1600x900" in html
    uris = re.findall(r'src="data:image/jpeg;base64,([^"]+)"', html)
    with Image.open(io.BytesIO(base64.b64decode(uris[0]))) as shown:
        assert shown.size == (800, 450)  # the network's 16:9 frame
        colours = shown.convert("RGB").getcolors(1 << 16) or []
    assert all(abs(r - 40) < 12 and abs(g - 160) < 12 and abs(b - 90) < 12 for _n, (r, g, b) in colours)


def test_the_bundle_shows_the_format_chosen_for_each_network(team: Store, tmp_path: Path) -> None:
    insta = team.accounts.add(NewAccount("instagram", "it-insta"))
    picture = tmp_path / "staff.jpg"
    Image.new("RGB", (1200, 1600), (40, 160, 90)).save(picture, "JPEG")
    media = team.media.add(picture, width=1200, height=1600, mime="image/jpeg", alt_text="Our help desk team")
    post = team.posts.create(
        NewPost(
            "Meet the help desk",
            (insta.id,),
            media=((media.id, "photo", "Meet Sam"),),
            format_for={"instagram": "instagram-story"},
        )
    )
    submit(team, post.id, "Sam")
    html = review_bundle(team, pending(team), now=NOW, kit=default_kit())
    assert "instagram-story, 1080x1920" in html  # the chosen story frame, not the template's square
    assert "instagram-square" not in html
