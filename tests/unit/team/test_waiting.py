"""The count of changes waiting for the hub, read from a real SQLite workspace (no hub needed)."""

from __future__ import annotations

from studio.store import NewPost, Store
from studio.team.hub import HubAddress
from studio.team.link import write_link
from studio.team.waiting import conflict_copies, waiting_changes

_NOWHERE = HubAddress("host=127.0.0.1 port=1 dbname=gone user=studio")


def _join(store: Store) -> None:
    with store.db.write() as conn:
        write_link(conn, _NOWHERE, "IT comms", "alice", "copy-1")


def _as_pushed(store: Store, post_id: int) -> None:
    """What a push leaves behind: the post is in the hub at rev 1 and nothing of it waits."""
    with store.db.write() as conn:
        conn.execute("UPDATE team_posts SET rev = 1, dirty = 0 WHERE post_id = ?", (post_id,))


def test_a_solo_workspace_has_nothing_waiting(store: Store) -> None:
    store.posts.create(NewPost("A draft"))
    assert waiting_changes(store) == 0


def test_new_and_edited_posts_and_unpushed_deletes_are_counted(store: Store) -> None:
    _join(store)
    first = store.posts.create(NewPost("Printers are back"))
    second = store.posts.create(NewPost("Wi-Fi maintenance tonight"))
    assert waiting_changes(store) == 2
    _as_pushed(store, first.id)
    _as_pushed(store, second.id)
    assert waiting_changes(store) == 0
    store.posts.save_draft(first.id, "Printers are back on every floor")  # an edit marks it
    store.posts.delete_draft(second.id)  # in the hub already: a tombstone waits
    assert waiting_changes(store) == 2
    _as_pushed(store, first.id)
    with store.db.write() as conn:
        conn.execute("DELETE FROM team_tombstones")  # the hub took the delete
    assert waiting_changes(store) == 0


def test_a_post_never_pushed_and_deleted_leaves_nothing_waiting(store: Store) -> None:
    _join(store)
    draft = store.posts.create(NewPost("Gone before it went up"))
    store.posts.delete_draft(draft.id)
    assert waiting_changes(store) == 0


def test_conflict_copies_name_the_member_whose_version_they_keep(store: Store) -> None:
    _join(store)
    original = store.posts.create(NewPost("Exam week: print early"))
    copy = store.posts.create(NewPost("Exam week: print before 10:00"))
    assert conflict_copies(store) == {}
    with store.db.write() as conn:
        conn.execute(
            "UPDATE team_posts SET conflict_of = (SELECT uid FROM team_posts WHERE post_id = ?), "
            "conflict_from = 'bob' WHERE post_id = ?",
            (original.id, copy.id),
        )
    assert conflict_copies(store) == {copy.id: "bob"}
    store.posts.delete_draft(copy.id)  # kept the right one: the copy goes
    assert conflict_copies(store) == {}
