"""The first-run demo workspace: seeded once, on an empty workspace, with nothing that could be published."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from studio.store import MediaKind, NewAccount, NewPost, PostStatus, Store, open_store
from studio.workflows.demo import MARKER, needs_demo, seed_demo

NOW = datetime(2026, 11, 23, 12, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "ws") as opened:
        yield opened


def test_an_empty_workspace_gets_the_demo_pictures_and_a_week_of_posts(store: Store) -> None:
    assert needs_demo(store)
    seeded = seed_demo(store, now=NOW)

    assert seeded.kit == "campus-it"
    photo, cartoon = (store.media.get(i) for i in seeded.media_ids)
    assert photo.kind is MediaKind.PHOTO
    assert cartoon.kind is MediaKind.CARTOON
    assert "minifigure" in photo.alt_text
    assert "off and on again" in cartoon.alt_text
    assert (photo.focus_x, photo.focus_y) != (0.0, 0.0)  # the face, not the centre
    assert store.media.path(photo).read_bytes()[:2] == b"\xff\xd8"  # the JPEG was copied in

    posts = [store.posts.get(i) for i in seeded.post_ids]
    assert len(posts) >= 5
    times = [p.scheduled_at for p in posts]
    assert all(t is not None and t > NOW for t in times)
    assert max(t for t in times if t) - min(t for t in times if t) <= (NOW.replace(day=30) - NOW)
    assert {p.status for p in posts} == {PostStatus.DRAFT, PostStatus.SCHEDULED}
    bodies = " ".join(p.body for p in posts)
    assert "maintenance" in bodies
    assert "Tech Tip Tuesday" in bodies
    assert "Meet Sam" in bodies
    lego = next(p for p in posts if "Meet Sam" in p.body)
    assert lego.media[0].media.id == photo.id
    assert lego.media[0].template == "photo"
    assert not store.accounts.list()  # nothing invented that could be published
    assert all(not p.deliveries for p in posts)

    # Compose opens on the newest unscheduled draft: the demo's has the photo, its template and a caption.
    (draft,) = store.posts.page(limit=1, statuses=[PostStatus.DRAFT])
    assert draft.id == seeded.draft_id
    assert draft.scheduled_at is None
    assert not draft.deliveries
    assert [(m.media.id, m.template, m.caption) for m in draft.media] == [
        (photo.id, "photo", "Meet the service desk team")
    ]


def test_deleting_the_demo_posts_does_not_bring_them_back(store: Store) -> None:
    seeded = seed_demo(store, now=NOW)
    for post_id in seeded.post_ids:
        store.posts.cancel(post_id)
    assert (store.workspace / MARKER).is_file()
    assert not needs_demo(store)


def test_a_workspace_in_use_is_never_seeded(store: Store) -> None:
    store.posts.create(NewPost("our own first post"))
    assert not needs_demo(store)


def test_a_workspace_with_only_an_account_is_in_use(store: Store) -> None:
    store.accounts.add(NewAccount("mastodon", "Campus IT", instance_url="https://social.example"))
    assert not needs_demo(store)


def test_a_team_workspace_sends_the_scheduled_examples_to_review(store: Store) -> None:
    store.settings.update(solo_mode=False)
    seeded = seed_demo(store, now=NOW)
    statuses = {store.posts.get(i).status for i in seeded.post_ids}
    assert statuses == {PostStatus.DRAFT, PostStatus.IN_REVIEW}


def test_the_demo_pictures_are_recorded_as_pillow_reads_them(store: Store) -> None:
    """Seeding uses recorded sizes (no Pillow at start-up); they must match the bundled files."""
    from studio import media

    seeded = seed_demo(store, now=NOW)

    for item in (store.media.get(i) for i in seeded.media_ids):
        info = media.inspect(store.media.path(item))
        assert (item.width, item.height) == (info.width, info.height)
        assert item.mime == {"JPEG": "image/jpeg", "PNG": "image/png"}[info.format]


def test_demo_pictures_from_another_folder_are_checked_like_any_import(store: Store, tmp_path: Path) -> None:
    from studio.errors import InputError

    other = tmp_path / "assets"
    other.mkdir()
    (other / "lego-staff.jpg").write_bytes(b"not a picture")
    (other / "cartoon-restart.png").write_bytes(b"not a picture")
    with pytest.raises(InputError, match=r"lego-staff\.jpg"):
        seed_demo(store, now=NOW, assets=other)
