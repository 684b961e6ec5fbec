"""The monthly report's engagement section, from a real workspace, measured and unmeasured posts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from studio.listen.model import Counts
from studio.store import Account, Store
from studio.workflows.report import monthly_report
from tests.unit.listen.sent import demo_month, publish

ZONE = ZoneInfo("Europe/Amsterdam")


def _row(html: str, label: str) -> list[str]:
    match = re.search(rf"<tr><td>{re.escape(label)}</td>(.*?)</tr>", html)
    assert match is not None, label
    return re.findall(r"<td>(.*?)</td>", match[1])


def test_top_posts_networks_series_and_the_incident_thread(store: Store) -> None:
    demo_month(store, first=datetime(2026, 11, 2, tzinfo=UTC))
    html = monthly_report(store, "2026-11", ZONE)
    section = html[html.index("<h2 id=engagement>") : html.index("<h2>Published posts</h2>")]
    assert "63 of 69 updates measured" in section
    top = re.findall(r"<li><b>(.*?)</b> · ([0-9,]+) interactions", section)
    assert len(top) == 5
    assert [int(n) for _, n in top] == sorted((int(n) for _, n in top), reverse=True)
    # Per network: updates, measured, likes, reposts, replies, quotes (Bluesky only), per update.
    assert _row(section, "Bluesky")[:2] == ["24", "22"]
    assert _row(section, "Mastodon")[5] == "—"
    assert _row(section, "Tech Tips")[0] == "27"
    assert _row(section, "Campus VPN (outage)")[:2] == ["6", "6"]
    # Sums agree with the totals line.
    likes = sum(int(_row(section, n)[2]) for n in ("Bluesky", "Mastodon", "Instagram"))
    assert f"{likes:,} likes" in section


def test_a_month_without_numbers_says_how_to_get_them(store: Store, masto: Account) -> None:
    publish(store, (masto.id,), "Not measured yet", sent_at=datetime(2026, 10, 5, 9, tzinfo=UTC))
    html = monthly_report(store, "2026-10", ZONE)
    assert "No numbers yet for this month: run <code>studio metrics pull</code>" in html
    assert "Top posts" not in html


def test_the_report_of_a_month_reads_each_delivery_once(store: Store, masto: Account) -> None:
    # A post measured twice counts its latest snapshot, not the sum of both.
    [d] = publish(store, (masto.id,), "Measured twice", sent_at=datetime(2026, 9, 5, 9, tzinfo=UTC))
    at = datetime(2026, 9, 5, 10, tzinfo=UTC)
    store.metrics.record([(d.id, Counts(3, 1, 0, None, at), "auto-1h")])
    store.metrics.record([(d.id, Counts(9, 2, 1, None, at + timedelta(days=1)), "auto-1d")])
    html = monthly_report(store, "2026-09", ZONE)
    assert "9 likes, 2 reposts, 1 reply and 0 quotes on 1 of 1 update measured" in html
