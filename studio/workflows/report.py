"""The monthly report: one HTML file a committee can drop into its annual report.

Totals, a small bar chart (inline SVG, no script) of posts per network and per series, the month's
incidents, the engagement (top posts, per network, per series, incident threads' reach; from each delivery's
latest snapshot, `studio.workflows.engagement`), and every published post with its link, time and pictures.
"""

from __future__ import annotations

import urllib.parse
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from studio.errors import InputError
from studio.platforms import network_by_id
from studio.store import Store
from studio.store.archive import ArchiveEntry
from studio.store.zones import show_time
from studio.words import counted
from studio.workflows.engagement import EngagementRow, Measured, by_post, engagement_by, measure
from studio.workflows.html_page import esc, page, thumbnail_uri
from studio.workflows.recurrence import local_slot

__all__ = [
    "MonthSummary",
    "bar_chart_svg",
    "engagement_section",
    "month_bounds",
    "monthly_report",
    "summarise",
]

_BAR = "#1D3F72"


@dataclass(frozen=True, slots=True)
class MonthSummary:
    """What a month's report counts: published posts (one per post) and deliveries per network and series."""

    posts: int
    deliveries: int
    per_network: tuple[tuple[str, int], ...]
    per_series: tuple[tuple[str, int], ...]


def month_bounds(month: str, zone: tzinfo) -> tuple[datetime, datetime]:
    """`2026-03` as its first instant and the next month's, in `zone` (as UTC)."""
    try:
        year, number = (int(x) for x in month.split("-"))
        first = date(year, number, 1)
    except ValueError:
        raise InputError(f"--month {month!r}", "not a month", "write it as YYYY-MM, e.g. 2026-03") from None
    following = date(year + number // 12, number % 12 + 1, 1)
    if isinstance(zone, ZoneInfo):
        return local_slot(first, time(0), zone), local_slot(following, time(0), zone)
    return (
        datetime.combine(first, time(0), tzinfo=zone),
        datetime.combine(following, time(0), tzinfo=zone),
    )


def summarise(entries: list[ArchiveEntry]) -> MonthSummary:
    """Counts for the chart and the totals."""
    networks = Counter(e.network for e in entries)
    series = Counter(e.series or "(no series)" for e in {e.post_id: e for e in entries}.values())
    return MonthSummary(
        posts=len({e.post_id for e in entries}),
        deliveries=len(entries),
        per_network=tuple(sorted(networks.items(), key=lambda kv: (-kv[1], kv[0]))),
        per_series=tuple(sorted(series.items(), key=lambda kv: (-kv[1], kv[0]))),
    )


def bar_chart_svg(title: str, rows: tuple[tuple[str, int], ...]) -> str:
    """A horizontal bar chart as inline SVG (labels, bars, values), readable without a script."""
    label_w, bar_w, row_h = 160, 320, 26
    height = 30 + row_h * max(len(rows), 1)
    top = max((n for _, n in rows), default=0) or 1
    width_all = label_w + bar_w + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width_all}" height="{height}" '
        f'viewBox="0 0 {width_all} {height}" font-family="sans-serif" font-size="13">',
        f"<title>{esc(title)}</title>",
        f'<text x="0" y="16" font-weight="bold">{esc(title)}</text>',
    ]
    for i, (label, n) in enumerate(rows):
        y = 26 + i * row_h
        width = round(bar_w * n / top)
        parts += [
            f'<text x="0" y="{y + 15}">{esc(label)}</text>',
            f'<rect x="{label_w}" y="{y + 3}" width="{width}" height="{row_h - 8}" fill="{_BAR}"/>',
            f'<text x="{label_w + width + 6}" y="{y + 15}">{n}</text>',
        ]
    if not rows:
        parts.append('<text x="0" y="42">nothing published</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def monthly_report(store: Store, month: str, zone: tzinfo) -> str:
    """The HTML report of everything published in `month` (YYYY-MM, read in `zone`)."""
    start, end = month_bounds(month, zone)
    measured = measure(store, start, end)
    entries = [m.entry for m in measured]
    summary = summarise(entries)
    incidents = [i for i in store.incidents.list_all() if start <= i.started_at < end]
    body = [
        f"<h1>Social media report, {esc(start.astimezone(zone).strftime('%B %Y'))}</h1>",
        f"<p>{counted(summary.posts, 'post')} published as {counted(summary.deliveries, 'update')} on "
        f"{counted(len(summary.per_network), 'network')}; "
        f"{counted(len(incidents), 'incident or maintenance', 'incidents and maintenance')} covered.</p>",
        bar_chart_svg("Posts per network", summary.per_network),
        bar_chart_svg("Posts per series", summary.per_series),
    ]
    if incidents:
        body.append(
            "<h2>Incidents and maintenance</h2><table><tr><th>Service</th><th>Kind</th><th>Started</th>"
            "<th>Updates</th><th>Outcome</th></tr>"
        )
        for i in sorted(incidents, key=lambda i: i.started_at):
            outcome = i.stage.replace("_", " ") + ("" if i.is_open else " (closed)")
            body.append(
                f"<tr><td>{esc(i.service)}</td><td>{esc(i.kind)}</td>"
                f"<td>{esc(show_time(i.started_at, zone))}</td>"
                f"<td>{len(i.updates)}</td><td>{esc(outcome)}</td></tr>"
            )
        body.append("</table>")
    names = {str(i.id): f"{i.service} ({i.kind})" for i in store.incidents.list_all()}
    body += engagement_section(measured, names, zone)
    body.append("<h2>Published posts</h2>")
    by_post: dict[int, list[ArchiveEntry]] = {}
    for e in entries:
        by_post.setdefault(e.post_id, []).append(e)
    for post_id, copies in by_post.items():
        post = store.posts.get(post_id)
        links = ", ".join(_linked(c.account, c.remote_url) for c in copies)
        body.append(
            f"<section class=card><p class=meta>{esc(show_time(copies[0].sent_at, zone))} · {links}</p>"
        )
        body.append(f"<div class=text>{esc(copies[0].text)}</div>")
        for item in post.media:
            uri = thumbnail_uri(store.workspace / item.media.relpath, longest=640)
            if uri is not None:
                body.append(f'<img src="{uri}" alt="{esc(item.media.alt_text)}">')
        body.append("</section>")
    if not by_post:
        body.append("<p>Nothing was published this month.</p>")
    return page(f"Social media report {month}", "\n".join(body))


def engagement_section(measured: list[Measured], incidents: dict[str, str], zone: tzinfo) -> list[str]:
    """The report's engagement: totals, top posts, per network, per series and incident threads' reach.

    `incidents` names each incident by its id (as posts keep it). Numbers are the latest snapshots.
    """
    body = ["<h2 id=engagement>Engagement</h2>"]
    done = [m for m in measured if m.counts is not None]
    if not done:
        body.append(
            "<p>No numbers yet for this month: run <code>studio metrics pull</code>, or add the numbers of "
            "handoff networks with <code>studio metrics add</code>.</p>"
        )
        return body
    everything = engagement_by(measured, lambda m: "all")[0]
    latest = max(m.counts.measured_at for m in done if m.counts is not None)
    body.append(
        f"<p>{counted(everything.likes, 'like')}, {counted(everything.reposts, 'repost')}, "
        f"{counted(everything.replies, 'reply', 'replies')} and {counted(everything.quotes, 'quote')} "
        f"on {everything.measured} of {counted(everything.updates, 'update')} measured "
        f"(latest numbers {esc(show_time(latest, zone))}).</p>"
    )
    posts = sorted(by_post(measured), key=lambda p: (-p.sums.engagement, p.sent_at))
    top = [p for p in posts if p.sums.engagement > 0][:5]
    if top:
        body.append("<h3>Top posts</h3><ol class=top>")
        for p in top:
            first = (p.text.splitlines() or [""])[0]
            first = first if len(first) <= 90 else first[:89] + "…"
            where = ", ".join(
                _linked(m.entry.account, m.entry.remote_url) + f" {_numbers(m)}" for m in p.deliveries
            )
            body.append(
                f"<li><b>{esc(first)}</b> · {counted(p.sums.engagement, 'interaction')}<br>"
                f"<span class=meta>{esc(show_time(p.sent_at, zone))} · {where}</span></li>"
            )
        body.append("</ol>")
    networks = engagement_by(measured, lambda m: network_by_id(m.entry.network).name)
    body.append(bar_chart_svg("Engagement per network", tuple((r.label, r.engagement) for r in networks)))
    body.append(_table("Network", networks))
    series = engagement_by(measured, lambda m: m.entry.series or "(no series)")
    body.append(bar_chart_svg("Engagement per series", tuple((r.label, r.engagement) for r in series)))
    body.append(_table("Series", series))
    threads = engagement_by(
        [m for m in measured if m.entry.incident],
        lambda m: incidents.get(m.entry.incident, f"incident {m.entry.incident}"),
    )
    if threads:
        body.append("<h3>Incident threads' reach</h3>")
        body.append(_table("Incident", threads))
    return body


def _numbers(m: Measured) -> str:
    c = m.counts
    if c is None:
        return "(not measured)"
    quotes = "" if c.quotes is None else f" · {counted(c.quotes, 'quote')}"
    replies = counted(c.replies, "reply", "replies")
    return f"({counted(c.likes, 'like')} · {counted(c.reposts, 'repost')} · {replies}{quotes})"


def _table(label: str, rows: tuple[EngagementRow, ...]) -> str:
    head = (
        f"<table class=numbers><tr><th>{esc(label)}</th><th>Updates</th><th>Measured</th><th>Likes</th>"
        "<th>Reposts</th><th>Replies</th><th>Quotes</th><th>Per update</th></tr>"
    )
    cells = [
        f"<tr><td>{esc(r.label)}</td><td>{r.updates}</td><td>{r.measured}</td><td>{r.likes}</td>"
        f"<td>{r.reposts}</td><td>{r.replies}</td><td>{r.quotes if r.quoted else '—'}</td>"
        f"<td>{r.per_update:.1f}</td></tr>"
        for r in rows
    ]
    return head + "".join(cells) + "</table>"


def _linked(account: str, url: str | None) -> str:
    return f'<a href="{esc(url)}">{esc(account)}</a>' if url and _web_link(url) else esc(account)


def _web_link(url: str) -> bool:
    """True for an http(s) address with a host: publishing checks servers' links, and this guards the
    report against one stored before that check (a `javascript:` href would run in the reader's browser)."""
    if not url.isprintable() or " " in url:
        return False
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
