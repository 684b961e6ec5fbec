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
from studio.errors import InputError, UserError
from studio.platforms import Format, Network, network_by_id
from studio.publish.images import cropped_image, delivery_format, uses_template
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
        for label, uri in _previews(store, post, item, networks, kit):
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
    store: Store, post: Post, item: PostMedia, networks: list[str], kit: BrandKit | None
) -> list[tuple[str, str | None]]:
    """(label, data URI) per network format, drawn as publishing will send it (`studio.publish.images`)."""
    original = store.workspace / item.media.relpath
    # A status card goes out as it was made; without a kit nothing can be drawn.
    if kit is None or (item.template and not uses_template(item.template)):
        return [("status card" if item.template == "status" else "as imported", thumbnail_uri(original))]
    # The store keeps Mastodon's focus (-1..1, y up); the renderer wants fractions from the top-left.
    focus = ((item.media.focus_x + 1) / 2, (1 - item.media.focus_y) / 2)
    shown: list[tuple[str, str | None]] = []
    formats: dict[str, tuple[Format, Network]] = {}  # format id -> the format and a network posting it
    for network_id in networks:
        network = network_by_id(network_id)
        try:
            fmt = delivery_format(network, item.template, post.format_for.get(network_id, ""))
        except InputError as error:
            shown.append((f"{network.name}: {error.why}", thumbnail_uri(original)))
            continue
        if fmt is not None:
            formats.setdefault(fmt.id, (fmt, network))
    if not formats:
        return shown or [("as imported", thumbnail_uri(original))]
    with tempfile.TemporaryDirectory() as tmp:
        if not item.template:  # `queue add --image`: cropped to each network's format, nothing drawn on it
            return shown + [_cropped(original, Path(tmp), n, f, kit, focus) for f, n in formats.values()]
        result = render(
            RenderRequest(
                sources=(original,),
                out_dir=Path(tmp),
                kit=kit,
                template=item.template,
                formats=tuple(formats),
                caption=item.caption,
                focus=focus,
                workers=1,
            )
        )
        picture = result.pictures[0]
        if picture.problem is not None:
            return [(f"{item.template} ({picture.problem.why})", thumbnail_uri(original))]
        return shown + [
            (f"{o.format_id}, {o.size[0]}x{o.size[1]}", thumbnail_uri(o.path, longest=800))
            for o in picture.outputs
        ]


def _cropped(
    original: Path, tmp: Path, network: Network, fmt: Format, kit: BrandKit, focus: tuple[float, float]
) -> tuple[str, str | None]:
    try:
        made = cropped_image(original, network, fmt, kit, focus=focus)
    except UserError as error:
        return (f"{fmt.id} ({error.why})", thumbnail_uri(original))
    path = tmp / f"{fmt.id}.jpg"
    path.write_bytes(made.data)
    return (f"{fmt.id}, {made.width}x{made.height}", thumbnail_uri(path, longest=800))
