"""The review bundle: one self-contained HTML file with every pending post, for an approver without Studio.

Each post shows its pictures rendered in the brand kit for each network it goes to (embedded, with alt
text), its text per account and network as it will be sent (thread parts numbered), its review history,
and the exact commands that record the decision later.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, tzinfo
from pathlib import Path

from studio.brand import BrandKit, RenderRequest, render
from studio.platforms import network_by_id
from studio.publish.images import publish_format, uses_template
from studio.store import Post, PostMedia, Store
from studio.store.zones import show_time
from studio.workflows.html_page import esc, page, thumbnail_uri

__all__ = ["review_bundle"]


def review_bundle(
    store: Store, posts: list[Post], *, now: datetime, zone: tzinfo | None = None, kit: BrandKit | None = None
) -> str:
    """The bundle for `posts` (usually `review.pending(store)`); `kit` renders the pictures per network."""
    cards = [_card(store, post, zone, kit) for post in posts]
    intro = (
        "<h1>Posts waiting for review</h1>\n"
        f"<p class=meta>{len(posts)} post(s), made {esc(show_time(now, zone))}. "
        "Read each post as it will appear, then tell the team your decision; they record it with the command "
        "shown under the post.</p>"
    )
    if not posts:
        intro += "\n<p>Nothing is waiting for review.</p>"
    return page("Review bundle", intro + "\n" + "\n".join(cards))


def _card(store: Store, post: Post, zone: tzinfo | None, kit: BrandKit | None) -> str:
    when = show_time(post.scheduled_at, zone) or "as soon as it is approved"
    parts = [f'<section class=card id="post-{post.id}">', f"<h2>Post {post.id}</h2>"]
    parts.append(
        f"<p class=meta>Planned for {esc(when)}"
        + (f" · series {esc(post.series)}" if post.series else "")
        + "</p>"
    )
    networks = list(dict.fromkeys(d.network for d in post.deliveries))
    for item in post.media:
        for label, uri in _previews(store, item, networks, kit):
            if uri is None:
                missing = f"picture {item.media.sha256[:12]} could not be read"
                parts.append(f"<p class=meta>({esc(label)}: {esc(missing)})</p>")
            else:
                parts.append(
                    f'<p class=meta>{esc(label)}</p><img src="{uri}" alt="{esc(item.media.alt_text)}">'
                )
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


def _previews(
    store: Store, item: PostMedia, networks: list[str], kit: BrandKit | None
) -> list[tuple[str, str | None]]:
    """(label, data URI) per network format, drawn as publishing will send it (`studio.publish.images`)."""
    original = store.workspace / item.media.relpath
    # Without a template (`queue add --image`) or as a status card, the picture goes out as it is.
    if kit is None or not uses_template(item.template):
        return [("status card" if item.template == "status" else "as imported", thumbnail_uri(original))]
    formats = list(
        dict.fromkeys(
            fmt.id for n in networks if (fmt := publish_format(network_by_id(n), item.template)) is not None
        )
    )
    if not formats:
        return [("as imported", thumbnail_uri(original))]
    with tempfile.TemporaryDirectory() as tmp:
        result = render(
            RenderRequest(
                sources=(original,),
                out_dir=Path(tmp),
                kit=kit,
                template=item.template,
                formats=tuple(formats),
                caption=item.caption,
                # The store keeps Mastodon's focus (-1..1, y up); the renderer wants fractions from top-left.
                focus=((item.media.focus_x + 1) / 2, (1 - item.media.focus_y) / 2),
                workers=1,
            )
        )
        picture = result.pictures[0]
        if picture.problem is not None:
            return [(f"{item.template} ({picture.problem.why})", thumbnail_uri(original))]
        return [
            (f"{o.format_id}, {o.size[0]}x{o.size[1]}", thumbnail_uri(o.path, longest=800))
            for o in picture.outputs
        ]
