"""Fixtures for the Queue & calendar tests: a real workspace, two accounts, a view with a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.queue import QueueView
from studio.store import Account, NewAccount, NewPost, PostStatus, Store

# A Wednesday; the view's clock is set to it, so "today" and "the past" do not depend on when tests run.
NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(services: Services) -> Store:
    """The services' real workspace store, in UTC (so day boundaries are exact in the assertions)."""
    assert services.store is not None
    services.store.settings.update(display_timezone="UTC")
    return services.store


@pytest.fixture
def masto(store: Store) -> Account:
    """A Mastodon account (no secret: nothing is published in these tests)."""
    return store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))


@pytest.fixture
def bsky(store: Store) -> Account:
    """A Bluesky account."""
    return store.accounts.add(NewAccount("bluesky", "it-bsky", handle="it.example.edu"))


def schedule(store: Store, accounts: tuple[Account, ...], when: datetime, body: str = "") -> int:
    """A scheduled post on these accounts (created a day before NOW)."""
    new = NewPost(body or f"Post for {when:%d %b %H:%M}", tuple(a.id for a in accounts), scheduled_at=when)
    return store.posts.create(new, PostStatus.SCHEDULED, at=NOW - timedelta(days=1)).id


def make_view(qtbot: QtBot, services: Services) -> QueueView:
    """The Queue & calendar view over the services' store, its clock at NOW, shown."""
    assert services.store is not None
    view = QueueView(services.store, services.theme, services.messages)
    view.ops.now = lambda: NOW
    view.calendar.go_today()
    qtbot.addWidget(view)
    view.resize(1200, 800)
    with qtbot.waitExposed(view):
        view.show()
    return view
