"""One sync round: push, keep what lost as conflict copies, push those, pull (docs/TEAM.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.secrets import CredentialStore
from studio.store import Store
from studio.team.content import write_post
from studio.team.hub import connect, mapped
from studio.team.hub_schema import migrate
from studio.team.incident_refs import name_incidents
from studio.team.incidents import exchange_incidents
from studio.team.kits import exchange_kits, refused
from studio.team.link import TeamLink, applying, require_link
from studio.team.members import pull_members
from studio.team.pictures import exchange_pictures
from studio.team.publishers import publishable, record_publishers
from studio.team.pull import apply_post, fetch_posts, pull
from studio.team.push import Pushed, push
from studio.team.series import pull_series, push_series

if TYPE_CHECKING:
    import psycopg

__all__ = ["SyncReport", "exchange", "sync_round"]


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one round did."""

    pushed: int  # posts whose changes the hub took
    deleted: int  # tombstones the hub took
    conflicts: int  # conflict copies made here: another laptop changed those posts first
    pulled: int  # posts that changed here
    refused: tuple[str, ...] = ()  # what this laptop refused from the hub (a hostile kit): one line each


def sync_round(store: Store, credentials: CredentialStore) -> SyncReport:
    """One round with the hub now; HubError (one line) when it cannot be reached."""
    link = require_link(store)
    conn = connect(link.hub, credentials)
    try:
        report = exchange(store, conn, link)
        record_publishers(store, conn, link, publishable(store, credentials))  # the keyring stays here
        return report
    finally:
        conn.close()


def exchange(store: Store, conn: psycopg.Connection[Any], link: TeamLink) -> SyncReport:
    """A round over an open hub connection (the claimer's too)."""
    import psycopg

    try:
        migrate(conn, link.hub)  # a hub left behind by a newer Studio is refused here, unchanged
        push_series(store, conn, link)  # first: a number taken elsewhere renumbers a post before it goes up
        with store.db.write() as local:
            name_incidents(local)  # posts name their incident by its hub uid
        first = push(store, conn, link)
        conflicts = keep_conflicts(store, conn, link, first)
        second = push(store, conn, link) if conflicts else Pushed()
        pulled = pull(store, conn, require_link(store))
        pull_series(store, conn, link)  # after the posts: numbers name them by uid
        exchange_incidents(store, conn, link)  # after the posts too: updates and replies name them
        exchange_kits(store, conn, link)
        exchange_pictures(store, conn, link)  # after the posts: their rows say which pictures they use
        pull_members(store, conn)  # the review rules read the roles offline too
    except psycopg.Error as error:
        raise mapped(link.hub, error) from None
    totals = (first.posts + second.posts, first.deleted + second.deleted, conflicts, pulled)
    return SyncReport(*totals, refused=refused(store))


def keep_conflicts(store: Store, conn: psycopg.Connection[Any], link: TeamLink, pushed: Pushed) -> int:
    """Keep each local version that lost as a draft "conflict copy from <member>"; take the hub's version.

    The copy is a new post (a new uid, pushed next) with no deliveries, so nothing of it can go out twice.
    Returns how many copies were made.
    """
    if not pushed.lost and not pushed.refetch:
        return 0
    with store.db.write() as local:  # not `applying`: the copies are this laptop's own new posts
        for _post_id, uid, content, accounts in pushed.lost:
            copy = write_post(local, None, {**content, "status": "draft"}, accounts)
            local.execute(
                "UPDATE team_posts SET conflict_of = ?, conflict_from = ? WHERE post_id = ?",
                (uid, link.member, copy),
            )
    hub_posts = fetch_posts(conn, [uid for _id, uid, _c, _a in pushed.lost] + pushed.refetch)
    with applying(store) as local:
        for post in hub_posts:
            apply_post(local, post, link.copy_id, force=True)
    return len(pushed.lost)
