"""Published deliveries for the metrics tests, recorded the way the runner records them."""

from __future__ import annotations

from datetime import datetime, timedelta

from studio.listen.model import Counts
from studio.store import Delivery, NewAccount, NewPost, PostStatus, Store
from studio.store.incidents import NewIncident


def publish(
    store: Store,
    account_ids: tuple[int, ...],
    text: str,
    *,
    sent_at: datetime,
    remote: str = "",
    series: str = "",
    incident: str = "",
) -> list[Delivery]:
    """A post sent at `sent_at` to the accounts; each delivery's remote id is `remote` (default: its id)."""
    post = store.posts.create(NewPost(text, account_ids), PostStatus.SCHEDULED)
    if series or incident:
        with store.db.write() as conn:
            conn.execute(
                "UPDATE posts SET series = ?, incident = ? WHERE id = ?", (series, incident, post.id)
            )
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


_TEXTS = (
    "Tech Tip #{n}: lock your screen when you leave your desk (Windows+L, or Ctrl+Cmd+Q on a Mac).",
    "Phishing alert: IT never asks for your password by e-mail. Forward anything odd to the service desk.",
    "New this week: eduroam now works in the library annex. Forget the network once and join again.",
    "Printing from your laptop: install the campus print driver from the software centre in two clicks.",
    "Tech Tip #{n}: turn on two-step verification for your university account before the exam period.",
)


def demo_month(store: Store, *, posts: int = 24, first: datetime) -> None:
    """A month of posts on Mastodon, Bluesky and Instagram with series, an outage thread and numbers."""
    masto = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://uni.social"))
    sky = store.accounts.add(NewAccount("bluesky", "it-bsky", handle="it.example.org"))
    insta = store.accounts.add(NewAccount("instagram", "it-insta"))
    incident = store.incidents.create(
        NewIncident(
            "outage", "Campus VPN", "Off-campus access fails", "identified", first, (masto.id, sky.id)
        )
    )
    store.incidents.close(incident, at=first + timedelta(days=9))  # an open outage would hold promotions
    series = ("Tech Tips", "Security", "", "Tech Tips", "Security")
    for n in range(posts):
        at = first + timedelta(days=n * 28 // posts, hours=9 + n % 6)
        outage = n in (5, 6, 7)
        text = (
            f"Update {n - 4} on the Campus VPN outage: we are on it, next update within the hour."
            if outage
            else _TEXTS[n % len(_TEXTS)].format(n=40 + n)
        )
        accounts = (masto.id, sky.id) if outage else (masto.id, sky.id, insta.id)
        sent = publish(
            store, accounts, text, sent_at=at, series="" if outage else series[n % len(series)],
            incident=str(incident) if outage else "",
        )  # fmt: skip
        snapshots = []
        for d in sent:
            weight = {"mastodon": 3, "bluesky": 5, "instagram": 8}[d.network] * (4 if outage else 1)
            likes = (n * 7 + weight * 3) % 40 + weight
            counts = Counts(
                likes, likes // 4, likes // 6, likes // 10 if d.network == "bluesky" else None, at
            )
            snapshots.append((d.id, counts, "typed" if d.network == "instagram" else "auto-1d"))
        if n % 9 != 8:  # a few never measured
            store.metrics.record(snapshots)
