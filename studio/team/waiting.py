"""How many of this laptop's changes wait for the hub: the app's "Offline: 3 changes waiting" (docs/TEAM.md).

Read from the local workspace only, so it answers offline: every post marked changed since its last push
(`team_posts.dirty`) and every deleted post whose tombstone the hub has not taken yet (`team_tombstones`).
A solo workspace has no team, so nothing waits there.
"""

from __future__ import annotations

from studio.store import Store

__all__ = ["waiting_changes"]


def waiting_changes(store: Store) -> int:
    """The changes made here that the hub has not taken yet (0 in a solo workspace)."""
    with store.db.read() as conn:
        if conn.execute("SELECT 1 FROM team_link").fetchone() is None:
            return 0
        dirty = conn.execute("SELECT count(*) FROM team_posts WHERE dirty = 1").fetchone()[0]
        gone = conn.execute("SELECT count(*) FROM team_tombstones").fetchone()[0]
    return int(dirty) + int(gone)
