"""The store: one workspace database and its parts, built once by the composition root and passed along."""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

from studio.errors import WorkspaceError
from studio.store.accounts import AccountsRepo
from studio.store.archive import ArchiveRepo
from studio.store.connection import Database
from studio.store.deliveries import DeliveriesRepo
from studio.store.inbox import InboxRepo
from studio.store.incidents import IncidentsRepo
from studio.store.media import MediaRepo
from studio.store.metrics import MetricsRepo
from studio.store.posts import PostsRepo
from studio.store.reviews import ReviewsRepo
from studio.store.schedule import ScheduleRepo
from studio.store.series import SeriesRepo
from studio.store.settings import SettingsRepo

__all__ = ["DB_NAME", "Store", "open_store"]

DB_NAME = "studio.db"


class Store:
    """The workspace's data, one repository per part (posts, deliveries = the queue, incidents, ...)."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.db = Database(workspace / DB_NAME)
        self.settings = SettingsRepo(self.db)
        self.accounts = AccountsRepo(self.db)
        self.posts = PostsRepo(self.db, self.settings)
        self.media = MediaRepo(self.db, workspace)
        self.deliveries = DeliveriesRepo(self.db)
        self.incidents = IncidentsRepo(self.db)
        self.series = SeriesRepo(self.db)
        self.archive = ArchiveRepo(self.db)
        self.reviews = ReviewsRepo(self.db)
        self.inbox = InboxRepo(self.db)  # mentions and replies read back from the networks
        self.metrics = MetricsRepo(self.db)  # engagement snapshots of sent deliveries
        self.schedule = ScheduleRepo(self.db)  # read-only: the queue table, calendar and next due

    @property
    def damage(self) -> WorkspaceError | None:
        """Why the workspace is read-only (it failed the integrity check; the message names the backup)."""
        return self.db.damage

    def data_version(self) -> int:
        """Changes whenever anyone (this process, its publisher thread, another process) commits a change.

        Polling it is cheap (a few microseconds): the app's views ask it a few times a second and read the
        workspace again only when it moved.
        """
        return self.db.data_version()

    def in_team(self) -> bool:
        """The workspace is one laptop's copy of a team (docs/TEAM.md). Asked here, not through studio.team,
        which loads psycopg: a solo workspace's start-up must not pay for it."""
        with self.db.read() as conn:
            return conn.execute("SELECT 1 FROM team_link").fetchone() is not None

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def open_store(workspace: Path | None = None) -> Store:
    """Open (creating or migrating) the workspace at `workspace`, else `studio.workspace.workspace_dir()`."""
    if workspace is None:
        from studio.workspace import workspace_dir

        workspace = workspace_dir()
    return Store(workspace)
