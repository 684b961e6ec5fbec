"""Engagement of published posts from their latest snapshots: per post, per network, per series, per incident.

Used by `studio archive list`, the CSV export, the monthly report and the Archive view. A delivery never
measured has no counts (None): it is left out of sums and shown as "not measured", never as zero.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from studio.listen.model import Counts
from studio.store import Store
from studio.store.archive import ArchiveEntry

__all__ = [
    "EngagementRow",
    "Measured",
    "PostEngagement",
    "by_post",
    "engagement_by",
    "measure",
    "metrics_json",
    "summed",
    "total",
]

_EVER = (datetime(1970, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))


@dataclass(frozen=True, slots=True)
class Measured:
    """A published delivery and its latest counts (None: never measured)."""

    entry: ArchiveEntry
    counts: Counts | None
    gone: bool = False  # deleted on the network: its last counts stay


@dataclass(frozen=True, slots=True)
class EngagementRow:
    """Sums over a group of deliveries (a network, a series, an incident, a post)."""

    label: str
    updates: int
    measured: int
    likes: int
    reposts: int
    replies: int
    quotes: int
    quoted: int = 0  # how many of the measured had a quote count (Bluesky does; Mastodon and others may not)

    @property
    def engagement(self) -> int:
        return self.likes + self.reposts + self.replies + self.quotes

    @property
    def per_update(self) -> float:
        """Engagement per measured update (0 when none was measured)."""
        return self.engagement / self.measured if self.measured else 0.0


@dataclass(frozen=True, slots=True)
class PostEngagement:
    """One post: its deliveries with their counts, and their sum."""

    post_id: int
    text: str
    series: str
    incident: str
    sent_at: datetime
    deliveries: tuple[Measured, ...]
    sums: EngagementRow


def total(counts: Counts | None) -> int:
    """Likes, reposts, replies and quotes together (0 when not measured)."""
    if counts is None:
        return 0
    return counts.likes + counts.reposts + counts.replies + (counts.quotes or 0)


def measure(store: Store, start: datetime | None = None, end: datetime | None = None) -> list[Measured]:
    """Deliveries published in [start, end) (default: ever), oldest first, with their latest counts."""
    entries = store.archive.published(start or _EVER[0], end or _EVER[1])
    latest = store.metrics.latest([e.delivery_id for e in entries])
    gone = store.metrics.gone()
    return [Measured(e, latest.get(e.delivery_id), e.delivery_id in gone) for e in entries]


def summed(label: str, items: Iterable[Measured]) -> EngagementRow:
    """One group's sums."""
    group = list(items)
    counted = [m.counts for m in group if m.counts is not None]
    return EngagementRow(
        label=label,
        updates=len(group),
        measured=len(counted),
        likes=sum(c.likes for c in counted),
        reposts=sum(c.reposts for c in counted),
        replies=sum(c.replies for c in counted),
        quotes=sum(c.quotes or 0 for c in counted),
        quoted=sum(1 for c in counted if c.quotes is not None),
    )


def engagement_by(items: Sequence[Measured], key: Callable[[Measured], str]) -> tuple[EngagementRow, ...]:
    """Sums per group, the most engaging first."""
    groups: dict[str, list[Measured]] = {}
    for m in items:
        groups.setdefault(key(m), []).append(m)
    rows = [summed(label, group) for label, group in groups.items()]
    return tuple(sorted(rows, key=lambda r: (-r.engagement, r.label)))


def by_post(items: Sequence[Measured]) -> list[PostEngagement]:
    """The deliveries grouped by post, in the order the posts were first published."""
    groups: dict[int, list[Measured]] = {}
    for m in items:
        groups.setdefault(m.entry.post_id, []).append(m)
    posts = []
    for post_id, group in groups.items():
        first = group[0].entry
        posts.append(
            PostEngagement(
                post_id,
                first.text,
                first.series,
                first.incident,
                first.sent_at,
                tuple(group),
                summed(str(post_id), group),
            )
        )
    return posts


def metrics_json(counts: Counts | None) -> dict[str, object] | None:
    """A delivery's `metrics` as `studio archive list --json` prints it (None: never measured)."""
    if counts is None:
        return None
    return {
        "likes": counts.likes,
        "reposts": counts.reposts,
        "replies": counts.replies,
        "quotes": counts.quotes,
        "measured_at": counts.measured_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
