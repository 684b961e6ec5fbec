"""How many of this laptop's changes wait for the hub: the app's "Offline: 3 changes waiting" (docs/TEAM.md),
and which conflict copies are here (the app tells of the new ones after a round).

Read from the local workspace only, so it answers offline: every post marked changed since its last push
(`team_posts.dirty`) and every deleted post whose tombstone the hub has not taken yet (`team_tombstones`).
A solo workspace has no team, so nothing waits there.
"""

from __future__ import annotations

from studio.store import Store

__all__ = ["conflict_copies", "waiting_changes"]


def waiting_changes(store: Store) -> int:
    """The changes made here that the hub has not taken yet (0 in a solo workspace)."""
    with store.db.read() as conn:
        if conn.execute("SELECT 1 FROM team_link").fetchone() is None:
            return 0
        dirty = conn.execute("SELECT count(*) FROM team_posts WHERE dirty = 1").fetchone()[0]
        gone = conn.execute("SELECT count(*) FROM team_tombstones").fetchone()[0]
    return int(dirty) + int(gone)


def conflict_copies(store: Store) -> dict[int, str]:
    """Every conflict copy in the workspace: its post id to the member whose version it keeps."""
    with store.db.read() as conn:
        rows = conn.execute(
            "SELECT t.post_id, t.conflict_from FROM team_posts t JOIN posts p ON p.id = t.post_id "
            "WHERE t.conflict_of IS NOT NULL"
        ).fetchall()
    return {int(post_id): str(member or "") for post_id, member in rows}
