"""The inbox's rows in a real SQLite file: fetched once, read, done, and tied to the post they answer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from studio.listen.model import Mention
from studio.store import NewAccount, NewPost, PostStatus, open_store

_AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _mention(remote_id: str, *, in_reply_to: str | None = None, minute: int = 0) -> Mention:
    return Mention(
        "mastodon", "reply" if in_reply_to else "mention", remote_id, f"https://uni.social/@kim/{remote_id}",
        "@kim@uni.social", "Kim", "is the VPN down?", _AT.replace(minute=minute), in_reply_to=in_reply_to,
    )  # fmt: skip


def test_an_item_is_kept_once_and_found_with_the_post_it_answers(tmp_path: Path) -> None:
    with open_store(tmp_path / "ws") as store:
        account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://uni.social"))
        post = store.posts.create(NewPost("The VPN is back", (account.id,)), PostStatus.SCHEDULED)
        [delivery] = post.deliveries
        with store.db.write() as conn:
            conn.execute("UPDATE delivery_parts SET remote_id = '111' WHERE delivery_id = ?", (delivery.id,))

        assert store.inbox.add(account.id, _mention("900", in_reply_to="111"), support=True, findings=["ID"])
        assert not store.inbox.add(account.id, _mention("900", in_reply_to="111"), support=False, findings=[])
        assert store.inbox.add(account.id, _mention("901", minute=5), support=False, findings=[])

        newest, answer = store.inbox.items()
        assert (newest.remote_id, answer.remote_id) == ("901", "900")
        assert (answer.in_reply_to_delivery, answer.in_reply_to_post) == (delivery.id, post.id)
        assert (answer.support, answer.findings, answer.account_name) == (True, ("ID",), "it-masto")
        assert newest.in_reply_to_post is None
        assert store.inbox.unread_count() == 2


def test_read_done_assign_and_reply_change_what_is_listed(tmp_path: Path) -> None:
    with open_store(tmp_path / "ws") as store:
        account = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://uni.social"))
        store.inbox.add(account.id, _mention("1"), support=False, findings=[])
        store.inbox.add(account.id, _mention("2", minute=1), support=False, findings=[])
        first, second = (i.id for i in sorted(store.inbox.items(), key=lambda i: i.remote_id))
        store.inbox.mark_read(first)
        assert [i.remote_id for i in store.inbox.items(unread=True)] == ["2"]
        store.inbox.mark_done(second)
        assert [i.remote_id for i in store.inbox.items()] == ["1"]
        assert len(store.inbox.items(done=True)) == 2
        store.inbox.mark_done(second, done=False)
        store.inbox.assign(second, "bob")
        reply = store.posts.create(NewPost("Thanks, Kim"))
        store.inbox.set_reply(second, reply.id)
        found = store.inbox.by_reply_post(reply.id)
        assert found is not None
        assert (found.id, found.assigned_to) == (second, "bob")
        assert store.inbox.unread_count() == 1


def test_the_cursor_keeps_its_place_and_the_servers_wait(tmp_path: Path) -> None:
    with open_store(tmp_path / "ws") as store:
        account = store.accounts.add(NewAccount("bluesky", "it-sky", handle="it.example.org"))
        assert store.inbox.cursor(account.id) == (None, None)
        store.inbox.set_cursor(account.id, "2026-12-01T09:30:00Z")
        store.inbox.set_cursor(account.id, None, wait_until=_AT)  # a 429: the place is kept
        assert store.inbox.cursor(account.id) == ("2026-12-01T09:30:00Z", _AT)
