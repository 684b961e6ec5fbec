"""Who wrote and approved each post, and whose conflict copy it is, as the Drafts and Queue rows say it.

Only a team workspace has people to name: in a solo one `PeopleReader.read` answers {} without importing
`studio.team` (which loads psycopg), so a solo workspace's views pay nothing for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from typing import TYPE_CHECKING

from studio.store import Store

if TYPE_CHECKING:
    from studio.team.people import PostPeople

__all__ = ["PeopleReader", "conflict_tag", "people_line"]


class PeopleReader:
    """Reads the people of posts in one query; nothing at all in a solo workspace."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.team = store.in_team()  # a workspace joins a team from the command line; the app is reopened

    def read(self, post_ids: Iterable[int]) -> dict[int, PostPeople]:
        """Each given post's people ({} in a solo workspace)."""
        if not self.team:
            return {}
        from studio.team.people import post_people

        return post_people(self._store, list(post_ids))


def conflict_tag(people: PostPeople | None) -> str:
    """ "Conflict copy from bob" for a conflict copy, else ""."""
    if people is None or not people.conflict_from:
        return ""
    return f"Conflict copy from {people.conflict_from}"


def people_line(people: PostPeople | None, zone: tzinfo | None) -> str:
    """ "Written by alice · approved by carol on Thu 3 Dec, 14:20", or "" when there is nobody to name."""
    if people is None:
        return ""
    parts = []
    if people.conflict_from:
        parts.append(
            f"Conflict copy from {people.conflict_from}: their version of a post another member changed "
            "first; open both, keep what is right and delete the other"
        )
    if people.author:
        parts.append(f"Written by {people.author}")
    if people.approved_by and people.approved_at is not None:
        when = people.approved_at.astimezone(zone)
        parts.append(f"approved by {people.approved_by} on {when:%a} {when.day} {when:%b}, {when:%H:%M}")
    elif people.approved_by:
        parts.append(f"approved by {people.approved_by}")
    elif people.author:
        parts.append("not approved yet")
    if len(parts) > 1 and people.conflict_from:
        return parts[0] + "\n" + " · ".join(parts[1:])
    return " · ".join(parts)
