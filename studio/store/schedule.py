"""Read-only queries for the queue table and the calendar: pages of deliveries, posts by day, next due.

The table lists one row per delivery, plus one row for a post that has no account yet (so a fresh workspace's
drafts show too). Rows come newest scheduled time first, in keyset pages (`after=` the last row's key): a page
deep in a long history costs what the first one does, with no OFFSET to walk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from studio.store.connection import Database
from studio.store.models import DeliveryState, PostStatus
from studio.store.times import from_db, from_db_opt, to_db

__all__ = ["CalendarPost", "NextDue", "QueueFilter", "QueueKey", "QueueRow", "ScheduleRepo"]

# A post not yet through review has deliveries that wait in 'queued' but will not go: the table shows the
# post's status for them instead (what the user has to do next).
_NOT_READY = ("draft", "in_review", "approved")
_STATUS_SQL = (
    "CASE WHEN d.id IS NULL OR p.status IN ('draft', 'in_review', 'approved') THEN p.status ELSE d.state END"
)
# The same expression as the posts_by_time index, so the index drives the order and the calendar's range.
_TIME_KEY = "coalesce(p.scheduled_at, '~')"
_POST_STATUSES = {s.value: s for s in PostStatus}  # a dict lookup: ten times cheaper than the enum call
_DELIVERY_STATES = {s.value: s for s in DeliveryState}
_ROW_COLUMNS = (
    f"{_TIME_KEY}, p.id, coalesce(d.id, 0), {_STATUS_SQL}, p.status, p.scheduled_at, p.body, "
    "d.id, d.account_id, d.account_name, d.network, d.state, d.due_at, d.sent_at, d.attempts, d.last_error, "
    "d.remote_url"
)


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """What the queue table shows; empty tuples mean "any".

    `statuses` are the table's status words: a delivery state (queued, sending, sent, retrying, failed,
    cancelled, missed, held, ...) or, for a post not scheduled yet, its post status (draft, in_review,
    approved).
    """

    statuses: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    account_ids: tuple[int, ...] = ()
    text: str = ""  # case-insensitive, anywhere in the post's text or the account's name


@dataclass(frozen=True, slots=True, order=True)
class QueueKey:
    """Where a row sits in the table's order (newest first); the last one is `after` for the next page."""

    time_key: str
    post_id: int
    delivery_id: int  # 0 for a post without deliveries


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One line of the queue table: a delivery with what the table shows of its post."""

    key: QueueKey
    status: str  # delivery state, or the post's status while it is not scheduled (see QueueFilter)
    post_id: int
    post_status: PostStatus
    scheduled_at: datetime | None
    body: str
    delivery_id: int | None
    account_id: int | None
    account_name: str
    network: str
    state: DeliveryState | None
    due_at: datetime | None
    sent_at: datetime | None
    attempts: int
    last_error: str
    remote_url: str

    @property
    def when(self) -> datetime | None:
        """The time the table shows: when it went out, when it is due next, or the post's planned time."""
        if self.sent_at is not None:
            return self.sent_at
        if self.state is None or self.post_status.value in _NOT_READY:
            return self.scheduled_at
        return self.due_at


@dataclass(frozen=True, slots=True)
class CalendarPost:
    """A scheduled post as the calendar shows it: one chip, with its networks and how its deliveries stand."""

    id: int
    scheduled_at: datetime
    status: PostStatus
    body: str
    networks: tuple[str, ...]  # in account order, each once
    states: tuple[DeliveryState, ...]  # the distinct states of its deliveries
    series: str
    incident: str

    @property
    def status_word(self) -> str:
        """The post's status, or what of its deliveries needs the user (missed, held, handed off, ...)."""
        if self.status is PostStatus.SCHEDULED:
            waiting_for_user = (DeliveryState.MISSED, DeliveryState.HELD, DeliveryState.HANDED_OFF)
            for trouble in (*waiting_for_user, DeliveryState.RETRYING):
                if trouble in self.states:
                    return trouble.value
        return self.status.value

    @property
    def sent_any(self) -> bool:
        """True once a copy is on a network (it can no longer be moved as a whole)."""
        return DeliveryState.SENT in self.states or self.status is PostStatus.PUBLISHED


@dataclass(frozen=True, slots=True)
class NextDue:
    """The next delivery the publisher will take."""

    at: datetime
    delivery_id: int
    post_id: int
    account_name: str
    network: str
    body: str


class ScheduleRepo:
    """The queries behind the queue table, the calendar and the status bar's "next due"."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def page(
        self, where: QueueFilter = QueueFilter(), *, after: QueueKey | None = None, limit: int = 200
    ) -> list[QueueRow]:
        """Up to `limit` rows matching `where`, newest scheduled first, after the row with key `after`."""
        sql, params = _where(where)
        if after is not None:
            # The plain `time <= ?` bounds the index range; the rest picks up exactly after the key.
            sql += (
                f" AND {_TIME_KEY} <= ? AND ({_TIME_KEY} < ? OR p.id < ? "
                "OR (p.id = ? AND coalesce(d.id, 0) < ?))"
            )
            params += [after.time_key, after.time_key, after.post_id, after.post_id, after.delivery_id]
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT {_ROW_COLUMNS} FROM posts p LEFT JOIN deliveries d ON d.post_id = p.id WHERE {sql} "
                f"ORDER BY {_TIME_KEY} DESC, p.id DESC, coalesce(d.id, 0) DESC LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [_queue_row(r) for r in rows]

    def rows_of_post(self, post_id: int) -> list[QueueRow]:
        """Every row of one post (to refresh them after an action), in table order."""
        with self._db.read() as conn:
            rows = conn.execute(
                f"SELECT {_ROW_COLUMNS} FROM posts p LEFT JOIN deliveries d ON d.post_id = p.id "
                "WHERE p.id = ? ORDER BY coalesce(d.id, 0) DESC",
                (post_id,),
            ).fetchall()
        return [_queue_row(r) for r in rows]

    def count(self, where: QueueFilter = QueueFilter()) -> int:
        """How many rows match `where`."""
        sql, params = _where(where)
        with self._db.read() as conn:
            return int(
                conn.execute(
                    f"SELECT count(*) FROM posts p LEFT JOIN deliveries d ON d.post_id = p.id WHERE {sql}",
                    params,
                ).fetchone()[0]
            )

    def networks(self) -> list[str]:
        """The networks the queue has deliveries for (what the network filter offers)."""
        with self._db.read() as conn:
            return [
                str(r[0]) for r in conn.execute("SELECT DISTINCT network FROM deliveries ORDER BY network")
            ]

    def posts_between(self, start: datetime, end: datetime, *, cancelled: bool = False) -> list[CalendarPost]:
        """Posts scheduled in [start, end), earliest first, with their networks (cancelled ones if asked)."""
        skip = "" if cancelled else " AND p.status != 'cancelled'"
        with self._db.read() as conn:
            # One row per post: its networks in account order and its distinct delivery states, joined by
            # commas in SQL (a month of a busy queue is a few thousand deliveries).
            rows = conn.execute(
                "SELECT p.id, p.scheduled_at, p.status, p.body, p.series, p.incident, "
                "(SELECT group_concat(network) FROM (SELECT network FROM deliveries WHERE post_id = p.id "
                "ORDER BY id)), (SELECT group_concat(DISTINCT state) FROM deliveries WHERE post_id = p.id) "
                f"FROM posts p WHERE {_TIME_KEY} >= ? AND {_TIME_KEY} < ?{skip} ORDER BY {_TIME_KEY}, p.id",
                (to_db(start), to_db(end)),
            ).fetchall()
        return [
            CalendarPost(
                id=int(r[0]),
                scheduled_at=from_db(str(r[1])),
                status=_POST_STATUSES[r[2]],
                body=str(r[3]),
                networks=tuple(dict.fromkeys(r[6].split(","))) if r[6] else (),
                states=tuple(_DELIVERY_STATES[s] for s in r[7].split(",")) if r[7] else (),
                series=str(r[4]),
                incident=str(r[5]),
            )
            for r in rows
        ]

    def next_due(self) -> NextDue | None:
        """The waiting delivery of a scheduled post due first (overdue ones included); None if none."""
        with self._db.read() as conn:
            # The state terms spell out the deliveries_waiting index's condition, so SQLite can use it.
            row = conn.execute(
                "SELECT d.due_at, d.id, d.post_id, d.account_name, d.network, p.body "
                "FROM deliveries d JOIN posts p ON p.id = d.post_id "
                "WHERE d.state IN ('queued', 'retrying', 'sending') AND d.state != 'sending' "
                "AND p.status = 'scheduled' ORDER BY d.due_at, d.id LIMIT 1"
            ).fetchone()
        if row is None:
            return None
        return NextDue(from_db(str(row[0])), int(row[1]), int(row[2]), str(row[3]), str(row[4]), str(row[5]))

    def scheduled_without_accounts(self) -> int:
        """Scheduled posts with no account to go to (the demo's, or an account removed): they wait, unsent."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT count(*) FROM posts p WHERE p.status = 'scheduled' "
                "AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.post_id = p.id)"
            ).fetchone()
        return int(row[0])


def _where(where: QueueFilter) -> tuple[str, list[Any]]:
    terms = ["1"]
    params: list[Any] = []
    if where.statuses:
        terms.append(f"{_STATUS_SQL} IN ({_marks(where.statuses)})")
        params += where.statuses
    if where.networks:
        # coalesce keeps SQLite from turning the LEFT JOIN into a join driven by deliveries, which would
        # sort every match for each page instead of walking posts_by_time and stopping after one page.
        terms.append(f"coalesce(d.network, '') IN ({_marks(where.networks)})")
        params += where.networks
    if where.account_ids:
        terms.append(f"coalesce(d.account_id, 0) IN ({_marks(where.account_ids)})")
        params += where.account_ids
    if where.text.strip():
        # instr on lower(): no LIKE wildcards to escape in what the user typed (%, _ are just characters)
        terms.append("(instr(lower(p.body), ?) > 0 OR instr(lower(coalesce(d.account_name, '')), ?) > 0)")
        needle = where.text.strip().lower()
        params += [needle, needle]
    return " AND ".join(terms), params


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


def _queue_row(r: Any) -> QueueRow:
    has_delivery = r[7] is not None
    return QueueRow(
        key=QueueKey(str(r[0]), int(r[1]), int(r[2])),
        status=str(r[3]),
        post_id=int(r[1]),
        post_status=PostStatus(r[4]),
        scheduled_at=from_db_opt(r[5]),
        body=str(r[6]),
        delivery_id=int(r[7]) if has_delivery else None,
        account_id=None if r[8] is None else int(r[8]),
        account_name=str(r[9] or ""),
        network=str(r[10] or ""),
        state=DeliveryState(r[11]) if has_delivery else None,
        due_at=from_db_opt(r[12]),
        sent_at=from_db_opt(r[13]),
        attempts=int(r[14] or 0),
        last_error=str(r[15] or ""),
        remote_url=str(r[16] or ""),
    )
