"""Published deliveries for the metrics tests, recorded the way the runner records them."""

from __future__ import annotations

from datetime import datetime, timedelta

from studio.store import Delivery, NewPost, PostStatus, Store


def publish(
    store: Store,
    account_ids: tuple[int, ...],
    text: str,
    *,
    sent_at: datetime,
    remote: str = "",
    series: str = "",
) -> list[Delivery]:
    """A post sent at `sent_at` to the accounts; each delivery's remote id is `remote` (default: its id)."""
    post = store.posts.create(NewPost(text, account_ids), PostStatus.SCHEDULED)
    if series:
        with store.db.write() as conn:
            conn.execute("UPDATE posts SET series = ? WHERE id = ?", (series, post.id))
    claimed = store.deliveries.claim_due(sent_at + timedelta(days=3650), limit=50, claimer="test")
    done = []
    for d in claimed:
        if d.post_id != post.id:
            continue
        rid = remote or (
            f"at://did:plc:test/app.bsky.feed.post/{d.id}" if d.network == "bluesky" else str(d.id)
        )
        for part in d.parts:
            d = store.deliveries.record_part_sent(d, part.position, remote_id=rid, at=sent_at)
        url = f"https://social.example/{d.network}/{d.id}"
        done.append(store.deliveries.mark_sent(d, remote_id=rid, remote_url=url, at=sent_at))
    return done
