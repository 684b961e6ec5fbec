"""Compose's hashtag menu offers the workspace's own tags, most used first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from studio.store import NewPost, PostStatus, Store
from studio.workflows.hashtags import recent_hashtags

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _post(store: Store, body: str, days: int) -> None:
    store.posts.create(NewPost(body, (), {}, T0 + timedelta(days=days)), PostStatus.SCHEDULED, at=T0)


def test_tags_come_most_used_first_then_most_recent(store: Store) -> None:
    assert recent_hashtags(store) == []
    _post(store, "Printers are back #CampusIT #Printing", 1)
    _post(store, "Lock your screen #techtiptuesday #CampusIT", 2)
    _post(store, "Passwords, again #TechTipTuesday #Security", 3)  # the newest spelling wins
    _post(store, "No tags here, only a #1 and a link https://example.edu/#top", 4)
    assert recent_hashtags(store) == ["#TechTipTuesday", "#CampusIT", "#Security", "#Printing"]
    assert recent_hashtags(store, limit=2) == ["#TechTipTuesday", "#CampusIT"]


def test_only_the_latest_posts_are_read(store: Store) -> None:
    _post(store, "Old #Retired", 1)
    _post(store, "New #Fresh", 2)
    assert recent_hashtags(store, posts=1) == ["#Fresh"]
