"""The review bundle: one self-contained HTML file with every pending post, for an approver without Studio.

Each post shows its pictures (embedded, with alt text), its text per account and network as it will be
sent (thread parts numbered), its review history, and the exact commands that record the decision later.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from studio.store import Post, Store
from studio.store.zones import show_time
from studio.workflows.html_page import esc, page, thumbnail_uri

__all__ = ["review_bundle"]


def review_bundle(store: Store, posts: list[Post], *, now: datetime, zone: tzinfo | None = None) -> str:
    """The bundle for `posts` (usually `review.pending(store)`) as an HTML document."""
    cards = [_card(store, post, zone) for post in posts]
    intro = (
        "<h1>Posts waiting for review</h1>\n"
        f"<p class=meta>{len(posts)} post(s), made {esc(show_time(now, zone))}. "
        "Read each post as it will appear, then tell the team your decision; they record it with the command "
        "shown under the post.</p>"
    )
    if not posts:
        intro += "\n<p>Nothing is waiting for review.</p>"
    return page("Review bundle", intro + "\n" + "\n".join(cards))


def _card(store: Store, post: Post, zone: tzinfo | None) -> str:
    when = show_time(post.scheduled_at, zone) or "as soon as it is approved"
    parts = [f'<section class=card id="post-{post.id}">', f"<h2>Post {post.id}</h2>"]
    parts.append(
        f"<p class=meta>Planned for {esc(when)}"
        + (f" · series {esc(post.series)}" if post.series else "")
        + "</p>"
    )
    for item in post.media:
        uri = thumbnail_uri(store.workspace / item.media.relpath)
        if uri is None:
            parts.append(f"<p class=meta>(picture {esc(item.media.sha256[:12])} could not be read)</p>")
        else:
            parts.append(f'<img src="{uri}" alt="{esc(item.media.alt_text)}">')
        parts.append(f"<p class=meta>Alt text: {esc(item.media.alt_text) or '<b>missing</b>'}</p>")
    for d in post.deliveries:
        parts.append(f"<h3>{esc(d.account_name)} ({esc(d.network)})</h3>")
        for part in d.parts:
            label = (
                f"<p class=meta>Part {part.position + 1} of {len(d.parts)}</p>" if len(d.parts) > 1 else ""
            )
            parts.append(f"{label}<div class=text>{esc(part.text)}</div>")
    steps = store.reviews.steps(post.id)
    if steps:
        parts.append(
            "<p class=meta>History: "
            + "; ".join(
                f"{esc(show_time(s.at, zone))} {esc(s.person)} {esc(s.action.replace('_', ' '))}"
                + (f": “{esc(s.comment)}”" if s.comment else "")
                for s in steps
            )
            + "</p>"
        )
    parts.append(
        "<p class=meta>Record the decision: "
        f"<code>studio review approve {post.id} --as NAME --via bundle</code> or "
        f"<code>studio review changes {post.id} --as NAME --comment TEXT --via bundle</code></p>"
    )
    parts.append("</section>")
    return "\n".join(parts)
