"""Three laptops edit, approve, create, delete and sync in random order; they converge and lose nothing.

A small Hypothesis state machine (few examples: each one is a fresh hub and three workspaces). Every write
is a unique text and every approval a unique (who, when). After two full sync rounds all three laptops show
the same posts with the same review steps; every text that no laptop later edited or deleted (as that laptop
saw it) is still there, as the post or as a conflict copy, and so is every approval whose post no laptop
deleted after seeing it.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from studio.store import NewPost, Store, open_store
from studio.team import create_team, join_team, parse_hub, sync_round
from tests.integration.team.helpers import uid_of, view
from tests.integration.team.postgres import PostgresServer
from tests.keyring_helpers import KEYRING

NAMES = ("ana", "ben", "cem")
_START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
Step = tuple[str, datetime, str]


def _approvals(store: Store, post: int) -> set[Step]:
    return {(s.person, s.at, s.action) for s in store.reviews.steps(post) if s.action == "approved"}


def _steps(store: Store) -> dict[str, list[Step]]:
    """Every post's review steps by uid."""
    return {
        uid_of(store, p.id): sorted((s.person, s.at, s.action) for s in store.reviews.steps(p.id))
        for p in store.posts.page(limit=10_000)
    }


class _Team(RuleBasedStateMachine):
    server: PostgresServer

    def __init__(self) -> None:
        super().__init__()
        self.folder = TemporaryDirectory(prefix="studio-team-")
        self.database = self.server.create_database()
        self.key = parse_hub(self.server.url(self.database))[0].key
        self.laptops: list[Store] = [open_store(Path(self.folder.name) / n) for n in NAMES]
        self.counter = itertools.count()
        self.written: set[str] = {"seed"}
        self.touched: set[str] = set()  # texts a laptop edited over or deleted, as it saw them
        self.approved: set[Step] = set()
        self.dropped: set[Step] = set()  # approvals on a post a laptop deleted, as it saw them
        first = self.laptops[0]
        first.posts.create(NewPost("seed"))
        create_team(first, KEYRING, self.server.url(self.database), "T", NAMES[0])
        for store, name in zip(self.laptops[1:], NAMES[1:], strict=True):
            join_team(store, KEYRING, self.server.url(self.database), name)

    def _drafts(self, laptop: int) -> list[int]:
        return [p.id for p in self.laptops[laptop].posts.drafts()]

    @rule(laptop=st.integers(0, 2))
    def write(self, laptop: int) -> None:
        text = f"new {next(self.counter)} by {NAMES[laptop]}"
        self.laptops[laptop].posts.create(NewPost(text))
        self.written.add(text)

    @rule(laptop=st.integers(0, 2), pick=st.integers(0, 50))
    def edit(self, laptop: int, pick: int) -> None:
        drafts = self._drafts(laptop)
        if drafts:
            post = drafts[pick % len(drafts)]
            text = f"edit {next(self.counter)} by {NAMES[laptop]}"
            self.touched.add(self.laptops[laptop].posts.get(post).body)
            self.laptops[laptop].posts.save_draft(post, text)
            self.written.add(text)

    @rule(laptop=st.integers(0, 2), pick=st.integers(0, 50))
    def approve(self, laptop: int, pick: int) -> None:
        drafts = self._drafts(laptop)
        if drafts:
            step = (NAMES[laptop], _START + timedelta(seconds=next(self.counter)), "approved")
            self.laptops[laptop].reviews.add_step(
                drafts[pick % len(drafts)], step[0], step[2], "", "studio", at=step[1]
            )
            self.approved.add(step)

    @rule(laptop=st.integers(0, 2), pick=st.integers(0, 50))
    def delete(self, laptop: int, pick: int) -> None:
        drafts = self._drafts(laptop)
        if len(drafts) > 1:
            post = drafts[pick % len(drafts)]
            self.dropped |= _approvals(self.laptops[laptop], post)
            self.touched.add(self.laptops[laptop].posts.delete_draft(post).body)

    @rule(laptop=st.integers(0, 2))
    def sync(self, laptop: int) -> None:
        sync_round(self.laptops[laptop], KEYRING)

    @invariant()
    def nothing_is_lost_locally(self) -> None:
        for store in self.laptops:  # the local change log marks what waits; every post has a uid
            with store.db.read() as conn:
                missing = conn.execute(
                    "SELECT count(*) FROM posts WHERE id NOT IN (SELECT post_id FROM team_posts)"
                ).fetchone()[0]
            assert missing == 0

    def teardown(self) -> None:
        try:
            for _ in range(2):  # two full rounds: every laptop hears of every other's last changes
                for store in self.laptops:
                    sync_round(store, KEYRING)
            views = [view(store) for store in self.laptops]
            assert views[0] == views[1] == views[2]
            bodies = {post["body"] for post in views[0].values()}
            assert self.written - self.touched <= bodies
            steps = [_steps(store) for store in self.laptops]
            assert steps[0] == steps[1] == steps[2]
            kept = {step for found in steps[0].values() for step in found}
            assert self.approved - self.dropped <= kept  # no approval is lost
        finally:
            for store in self.laptops:
                store.close()
            self.server.drop_database(self.database)
            KEYRING.delete(self.key)
            self.folder.cleanup()


@pytest.mark.slow
def test_three_laptops_converge(postgres: PostgresServer) -> None:
    _Team.server = postgres
    machine = _Team.TestCase
    machine.settings = settings(
        max_examples=6, stateful_step_count=12, deadline=None, suppress_health_check=list(HealthCheck)
    )
    machine().runTest()
