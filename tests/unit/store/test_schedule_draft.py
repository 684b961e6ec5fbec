"""Scheduling a draft written in Compose: its pictures saved with it, then deliveries with their threads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import studio.text
from studio.errors import InputError
from studio.store import Account, DeliveryState, MediaKind, NewAccount, NewPost, PostStatus, Store
from studio.store.threads import parts_per_network
from studio.workflows import posting
from studio.workflows.posting import PostChange, Refused

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DEMO = Path(__file__).resolve().parents[3] / "assets" / "demo"


def _picture(store: Store, alt: str = "") -> int:
    path = DEMO / "lego-staff.jpg"
    return store.media.add(path, width=1, height=1, mime="image/jpeg", kind=MediaKind.PHOTO, alt_text=alt).id


def test_a_draft_keeps_its_pictures_with_template_and_caption(store: Store) -> None:
    post = store.posts.create(NewPost("Meet the desk"))
    media_id = _picture(store)
    store.posts.set_media(post.id, [(media_id, "photo", "Meet the service desk")])
    (attached,) = store.posts.get(post.id).media
    assert (attached.media.id, attached.template, attached.caption) == (
        media_id,
        "photo",
        "Meet the service desk",
    )
    store.posts.set_media(post.id, [])
    assert store.posts.get(post.id).media == ()


def test_a_draft_is_scheduled_onto_accounts_with_each_networks_thread(
    store: Store, masto: Account, bsky: Account
) -> None:
    body = "The library Wi-Fi is back after tonight's upgrade of the campus network controllers. " * 4
    post = store.posts.create(NewPost(body))
    when = T0 + timedelta(days=1)
    done = store.posts.schedule(post.id, [masto.id, bsky.id], when, PostStatus.SCHEDULED, at=T0)
    assert done.status is PostStatus.SCHEDULED
    assert done.scheduled_at == when
    by_network = {d.network: d for d in done.deliveries}
    assert [p.text for p in by_network["bluesky"].parts] == list(studio.text.parts_for(body, "bluesky"))
    assert len(by_network["bluesky"].parts) >= 2  # too long for Bluesky's 300: a thread
    assert [p.text for p in by_network["mastodon"].parts] == [body.strip()]
    assert all(d.due_at == when and d.state is DeliveryState.QUEUED for d in done.deliveries)
    # The same split as `studio queue add` makes: one shared function.
    assert parts_per_network(body, [masto, bsky]) == {
        n: tuple(p.text for p in d.parts) for n, d in by_network.items()
    }


def test_scheduling_again_from_review_replaces_the_deliveries(
    store: Store, masto: Account, bsky: Account
) -> None:
    store.settings.update(solo_mode=False)
    post = store.posts.create(NewPost("Hello"))
    with pytest.raises(InputError, match="cannot go from draft to scheduled"):
        store.posts.schedule(post.id, [masto.id], None, PostStatus.SCHEDULED, at=T0)
    sent = store.posts.schedule(post.id, [masto.id], None, PostStatus.IN_REVIEW, at=T0)
    assert sent.status is PostStatus.IN_REVIEW
    store.posts.set_status(post.id, PostStatus.DRAFT)
    again = store.posts.schedule(post.id, [bsky.id], None, PostStatus.IN_REVIEW, at=T0)
    assert [d.account_name for d in again.deliveries] == ["it-bsky"]


@pytest.mark.parametrize(
    ("accounts", "when", "message"),
    [
        ("none", None, "accounts: none chosen"),
        ("twice", None, "the same account is given twice"),
        ("one", T0 - timedelta(minutes=5), "is in the past"),
    ],
)
def test_bad_schedules_are_refused_with_the_fix(
    store: Store, masto: Account, accounts: str, when: datetime | None, message: str
) -> None:
    post = store.posts.create(NewPost("Hello"))
    ids = {"none": [], "twice": [masto.id, masto.id], "one": [masto.id]}[accounts]
    with pytest.raises(InputError, match=message):
        store.posts.schedule(post.id, ids, when, at=T0)
    assert store.posts.get(post.id).status is PostStatus.DRAFT
    assert store.posts.get(post.id).deliveries == ()


def test_a_picture_without_alt_text_is_named(store: Store, masto: Account) -> None:
    post = store.posts.create(NewPost("Two pictures"))
    described = store.media.add(
        DEMO / "cartoon-restart.png",
        width=1,
        height=1,
        mime="image/png",
        kind=MediaKind.CARTOON,
        alt_text="A cartoon",
    )
    media = ((described.id, "cartoon", ""), (_picture(store), "photo", ""))
    with pytest.raises(Refused, match=r"picture 2.*no alt text") as error:
        posting.schedule(store, post.id, PostChange("Two pictures", (masto.id,), media=media), now=T0)
    assert [p.rule for p in error.value.problems] == ["alt-missing"]
    assert store.posts.get(post.id).status is PostStatus.DRAFT
    assert store.posts.get(post.id).media == ()  # refused: the draft is left as it was


def test_text_over_the_limit_of_a_network_without_threads_is_refused(store: Store) -> None:
    linkedin = store.accounts.add(NewAccount("linkedin", "it-linkedin"))
    post = store.posts.create(NewPost("x" * 3010))
    with pytest.raises(Refused, match=r"LinkedIn.*10 over the limit of 3000"):
        posting.schedule(store, post.id, PostChange("x" * 3010, (linkedin.id,)), now=T0)


def test_a_scheduled_post_is_no_longer_a_draft_to_edit(store: Store, masto: Account) -> None:
    post = store.posts.create(NewPost("Hello"))
    store.posts.schedule(post.id, [masto.id], None, at=T0)
    with pytest.raises(InputError, match="can no longer be edited"):
        store.posts.set_media(post.id, [])
