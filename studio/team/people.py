"""Who made each post, who approved it last and when, and whose conflict copy it is (docs/TEAM.md).

Read from the local workspace only (no hub needed): the author is recorded when a post is made on a laptop
of the team and travels with it through the hub; approvals are the post's review steps, which travel too.
A solo workspace has no team, so every field is None there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from studio.store import Store
from studio.store.times import from_db_opt

__all__ = ["PostPeople", "post_people"]


@dataclass(frozen=True, slots=True)
class PostPeople:
    """The people of one post: its author, its latest approval, and the member a conflict copy keeps."""

    author: str | None
    approved_by: str | None
    approved_at: datetime | None
    conflict_from: str | None


_NONE = PostPeople(None, None, None, None)
_CHUNK = 500  # SQLite's bound parameters per statement stay well under its limit


def post_people(store: Store, post_ids: Sequence[int]) -> dict[int, PostPeople]:
    """Every given post id to its people (all None for a post that is not there, or in a solo workspace)."""
    ids = list(dict.fromkeys(post_ids))
    found = dict.fromkeys(ids, _NONE)
    with store.db.read() as conn:
        if conn.execute("SELECT 1 FROM team_link").fetchone() is None:
            return found
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            # The latest approval of each post: the newest 'approved' step (by time, then by entry).
            for post_id, author, conflict_from, person, at in conn.execute(
                "SELECT t.post_id, t.author, t.conflict_from, r.person, r.at FROM team_posts t "
                "LEFT JOIN reviews r ON r.id = (SELECT id FROM reviews WHERE post_id = t.post_id "
                "AND action = 'approved' ORDER BY at DESC, id DESC LIMIT 1) "
                f"WHERE t.post_id IN ({marks})",
                chunk,
            ):
                found[int(post_id)] = PostPeople(author, person, from_db_opt(at), conflict_from)
    return found
