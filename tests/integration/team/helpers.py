"""What the team tests compare: a workspace's posts as the people using it see them, keyed by hub uid."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from studio.store import MediaItem, Store


def uid_of(store: Store, post_id: int) -> str:
    with store.db.read() as conn:
        return str(conn.execute("SELECT uid FROM team_posts WHERE post_id = ?", (post_id,)).fetchone()[0])


def post_id(store: Store, uid: str) -> int:
    with store.db.read() as conn:
        row = conn.execute("SELECT post_id FROM team_posts WHERE uid = ?", (uid,)).fetchone()
    assert row is not None, f"post {uid} is not in {store.workspace.name}"
    return int(row[0])


def view(store: Store) -> dict[str, dict[str, Any]]:
    """Every post by uid: content, pictures, accounts and deliveries (with their keys), ids left out."""
    found = {}
    for post in store.posts.page(limit=10_000):
        names = {a.id: a.name for a in store.accounts.list()}
        found[uid_of(store, post.id)] = {
            "body": post.body,
            "status": post.status.value,
            "scheduled_at": post.scheduled_at,
            "text_for": dict(post.text_for),
            "format_for": dict(post.format_for),
            "media": [(m.media.sha256, m.media.alt_text, m.template, m.caption) for m in post.media],
            "accounts": [names[i] for i in post.account_ids],
            "deliveries": sorted(
                (
                    d.account_name,
                    d.state.value,
                    d.due_at,
                    d.idempotency_key,
                    tuple((p.text, p.idempotency_key, p.record_key, p.remote_id) for p in d.parts),
                )
                for d in post.deliveries
            ),
        }
    return found


def picture(store: Store, folder: Path, colour: tuple[int, int, int] = (30, 120, 200)) -> MediaItem:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG")
    path = folder / f"picture-{colour[0]}.jpg"
    path.write_bytes(buffer.getvalue())
    return store.media.add(path, width=64, height=48, mime="image/jpeg", alt_text="A map of the campus")
