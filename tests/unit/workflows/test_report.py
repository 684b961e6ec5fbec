"""The monthly report: counts, an inline SVG chart, incidents, pictures, all in one HTML file."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from studio.errors import InputError
from studio.store import Account, NewPost, PostStatus, Store
from studio.workflows.report import bar_chart_svg, month_bounds, monthly_report

BERLIN = ZoneInfo("Europe/Berlin")


def _publish(
    store: Store,
    text: str,
    accounts: tuple[Account, ...],
    when: datetime,
    series: str = "",
    media: tuple[tuple[int, str, str], ...] = (),
) -> int:
    new = NewPost(text, tuple(a.id for a in accounts), series=series, media=media)
    post = store.posts.create(new, PostStatus.SCHEDULED, at=when)
    for d in store.deliveries.claim_due(when + timedelta(minutes=1), limit=10, claimer="t"):
        d = store.deliveries.record_part_sent(d, 0, remote_id=str(d.id))
        store.deliveries.mark_sent(
            d, remote_id=str(d.id), remote_url=f"https://social.example/{d.id}", at=when
        )
    return post.id


def test_month_bounds_follow_the_zone() -> None:
    start, end = month_bounds("2026-03", BERLIN)
    assert (start, end) == (
        datetime(2026, 2, 28, 23, 0, tzinfo=UTC),
        datetime(2026, 3, 31, 22, 0, tzinfo=UTC),
    )
    assert month_bounds("2026-12", BERLIN)[1] == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
    with pytest.raises(InputError, match="write it as YYYY-MM"):
        month_bounds("March", BERLIN)


def test_the_chart_is_valid_svg_with_proportional_bars() -> None:
    svg = bar_chart_svg("Posts per network", (("mastodon", 4), ("bluesky", 2)))
    root = ET.fromstring(svg)
    widths = [int(r.get("width", "0")) for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    assert widths == [320, 160]
    assert "nothing published" in bar_chart_svg("Empty", ())


def test_the_report_counts_the_month_only(
    store: Store, masto: Account, bsky: Account, tmp_path: Path
) -> None:
    picture = tmp_path / "tip.png"
    Image.new("RGB", (800, 600), (30, 60, 120)).save(picture)
    media = store.media.add(picture, width=800, height=600, mime="image/png", alt_text="A tip card")
    march = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    _publish(store, "Tip <one>", (masto, bsky), march, series="Tech Tips", media=((media.id, "", ""),))
    _publish(store, "Wi-Fi back", (masto,), march + timedelta(days=1))
    _publish(store, "April fool", (masto,), datetime(2026, 4, 1, 8, 0, tzinfo=UTC))
    html = monthly_report(store, "2026-03", BERLIN)
    assert "Social media report, March 2026" in html
    assert "2 posts published as 3 updates on 2 networks" in html
    assert "April fool" not in html
    assert "Tip &lt;one&gt;" in html
    assert html.count("<svg") == 2
    assert html.count('src="data:image/jpeg;base64,') == 1
    assert "<script" not in html
    assert not re.search(r'src="(?!data:)', html)
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    series_labels = [t.text for t in ET.fromstring(charts[1]).iter("{http://www.w3.org/2000/svg}text")]
    assert "Tech Tips" in series_labels
    assert "(no series)" in series_labels
