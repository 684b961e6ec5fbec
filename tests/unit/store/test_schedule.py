"""The queue table's and the calendar's queries on a real SQLite workspace."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from studio.store import Account, DeliveryState, NewAccount, NewPost, PostStatus, Store
from studio.store.schedule import QueueFilter, QueueKey

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _post(store: Store, accounts: tuple[Account, ...], hours: int, body: str = "", **kw: object) -> int:
    status = kw.pop("status", PostStatus.SCHEDULED)
    assert isinstance(status, PostStatus)
    new = NewPost(
        body or f"post at +{hours}h", tuple(a.id for a in accounts), scheduled_at=T0 + timedelta(hours=hours)
    )
    return store.posts.create(new, status, at=T0 - timedelta(days=1)).id


def test_rows_are_deliveries_newest_first_and_posts_without_accounts_show_once(
    store: Store, masto: Account, bsky: Account
) -> None:
    first = _post(store, (masto, bsky), 1)
    lonely = _post(store, (), 2, status=PostStatus.DRAFT)
    rows = store.schedule.page()
    assert [(r.post_id, r.network) for r in rows] == [(lonely, ""), (first, "bluesky"), (first, "mastodon")]
    assert rows[0].delivery_id is None
    assert rows[0].status == "draft"
    assert rows[1].status == "queued"
    assert rows[1].account_name == "it-bsky"
    assert rows[1].when == T0 + timedelta(hours=1)
    assert store.schedule.count() == 3


def test_keyset_pages_cover_every_row_once_in_order(store: Store, masto: Account, bsky: Account) -> None:
    for i in range(7):
        _post(store, (masto, bsky), i % 3)  # equal times: the post id and delivery id break the ties
    seen: list[QueueKey] = []
    after = None
    while page := store.schedule.page(after=after, limit=4):
        seen += [r.key for r in page]
        after = page[-1].key
    assert len(seen) == len(set(seen)) == 14 == store.schedule.count()
    assert seen == sorted(seen, reverse=True)


def test_filters_by_status_network_account_and_text(store: Store, masto: Account, bsky: Account) -> None:
    failed = _post(store, (masto, bsky), 1, "Printer queue is down")
    _post(store, (masto,), 2, "Wi-Fi tip 100% free")
    draft = _post(store, (bsky,), 3, "draft for later", status=PostStatus.DRAFT)
    claimed = store.deliveries.claim_due(T0 + timedelta(hours=1), limit=1, claimer="t")[0]
    store.deliveries.mark_final_failure(claimed, "401 unauthorised")
    f = store.schedule
    assert [(r.post_id, r.status, r.last_error) for r in f.page(QueueFilter(statuses=("failed",)))] == [
        (failed, "failed", "401 unauthorised")
    ]
    assert [r.post_id for r in f.page(QueueFilter(statuses=("draft",)))] == [draft]
    assert f.count(QueueFilter(statuses=("queued",))) == 2  # the draft's delivery waits, but shows as draft
    assert {r.post_id for r in f.page(QueueFilter(networks=("bluesky",)))} == {failed, draft}
    assert f.count(QueueFilter(account_ids=(masto.id,))) == 2
    assert [r.post_id for r in f.page(QueueFilter(text="PRINTER"))] == [failed, failed]
    assert [r.post_id for r in f.page(QueueFilter(text="100%"))] == [failed + 1]  # % is not a wildcard
    assert f.count(QueueFilter(text="it-bsky")) == 2  # account names match too
    combined = QueueFilter(statuses=("queued",), networks=("bluesky",))
    assert [(r.post_id, r.network) for r in f.page(combined)] == [(failed, "bluesky")]
    assert f.count(combined) == 1
    assert f.networks() == ["bluesky", "mastodon"]


def test_rows_of_a_post_follow_its_changes(store: Store, masto: Account) -> None:
    post = _post(store, (masto,), 1)
    store.posts.cancel(post)
    (row,) = store.schedule.rows_of_post(post)
    assert row.state is DeliveryState.CANCELLED
    assert row.status == "cancelled"


def test_calendar_gets_posts_in_a_range_with_networks_and_trouble(
    store: Store, masto: Account, bsky: Account
) -> None:
    inside = _post(store, (masto, bsky), 24)
    _post(store, (masto,), 24 * 9)  # after the range
    cancelled = _post(store, (masto,), 30)
    store.posts.cancel(cancelled)
    unscheduled = store.posts.create(NewPost("no time yet"))
    missed = _post(store, (bsky,), 26)
    store.deliveries.mark_missed(store.posts.get(missed).deliveries[0].id, at=T0)
    week = store.schedule.posts_between(T0, T0 + timedelta(days=7))
    assert [p.id for p in week] == [inside, missed]
    assert week[0].networks == ("mastodon", "bluesky")
    assert week[0].status_word == "scheduled"
    assert week[1].status_word == "missed"
    assert not week[0].sent_any
    with_cancelled = store.schedule.posts_between(T0, T0 + timedelta(days=7), cancelled=True)
    assert cancelled in [p.id for p in with_cancelled]
    assert unscheduled.id not in [p.id for p in with_cancelled]


def test_next_due_is_the_first_waiting_delivery_of_a_scheduled_post(
    store: Store, masto: Account, bsky: Account
) -> None:
    assert store.schedule.next_due() is None
    _post(store, (masto,), 1, status=PostStatus.DRAFT)  # earlier, but not scheduled: never taken
    later = _post(store, (bsky,), 5, "second")
    sooner = _post(store, (masto,), 3, "first one")
    due = store.schedule.next_due()
    assert due is not None
    assert (due.post_id, due.account_name, due.network, due.at, due.body) == (
        sooner,
        "it-masto",
        "mastodon",
        T0 + timedelta(hours=3),
        "first one",
    )
    store.posts.cancel(sooner)
    due = store.schedule.next_due()
    assert due is not None
    assert due.post_id == later


def test_scheduled_posts_without_an_account_are_counted(store: Store, masto: Account) -> None:
    assert store.schedule.scheduled_without_accounts() == 0
    _post(store, (), 2, "nowhere to go")
    _post(store, (), 3, "a draft", status=PostStatus.DRAFT)
    _post(store, (masto,), 4, "has an account")
    assert store.schedule.scheduled_without_accounts() == 1


def test_a_removed_account_keeps_its_rows(store: Store) -> None:
    gone = store.accounts.add(NewAccount("mastodon", "old-account", instance_url="https://old.example"))
    post = _post(store, (gone,), 1)
    store.accounts.remove(gone.id)
    (row,) = store.schedule.page()
    assert (row.post_id, row.account_id, row.account_name) == (post, None, "old-account")


def test_handed_off_deliveries_show_and_filter_as_such(store: Store, masto: Account) -> None:
    insta = store.accounts.add(NewAccount("instagram", "uni_it"))
    post = _post(store, (masto, insta), 0)
    for claimed in store.deliveries.claim_due(T0, limit=5, claimer="t"):
        if claimed.network == "instagram":
            done = store.deliveries.record_part_sent(claimed, 0, remote_id="folder", at=T0)
            store.deliveries.mark_handed_off(done, folder="handoff/1", folder_url="file:///handoff/1", at=T0)
        else:
            store.deliveries.mark_retry(claimed, "503", T0 + timedelta(minutes=5), at=T0)
    (row,) = store.schedule.page(QueueFilter(statuses=("handed_off",)))
    assert (row.post_id, row.state, row.remote_url) == (post, DeliveryState.HANDED_OFF, "file:///handoff/1")
    (calendar,) = store.schedule.posts_between(T0 - timedelta(hours=1), T0 + timedelta(hours=1))
    assert calendar.status_word == "handed_off"  # the person has something to do before "retrying"
