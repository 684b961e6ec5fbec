"""Undo of a deleted draft: the same post made again through the store (Qt-free)."""

from __future__ import annotations

from studio.store import NewPost, Post, Store

__all__ = ["restore_draft"]


def restore_draft(store: Store, post: Post) -> Post:
    """Make a deleted draft again as it was: text, each network's own text and format, pictures, accounts.

    It may get a new id; its last change stays what it was, so it comes back to its place in the list. A draft
    that had deliveries (an older one, or one from `studio queue add`) gets them again, with their parts.
    """
    delivered = tuple(dict.fromkeys(d.account_id for d in post.deliveries if d.account_id is not None))
    parts: dict[str, tuple[str, ...]] = {}
    for delivery in post.deliveries:
        parts.setdefault(delivery.network, tuple(p.text for p in delivery.parts))
    new = NewPost(
        post.body,
        delivered,
        parts=parts,
        scheduled_at=post.scheduled_at,
        media=tuple((m.media.id, m.template, m.caption) for m in post.media),
        text_for=dict(post.text_for),
        format_for=dict(post.format_for),
        series=post.series,
        incident=post.incident,
    )
    again = store.posts.create(new, at=post.updated_at)
    store.posts.set_choices(again.id, account_ids=post.account_ids, at=post.updated_at)
    return store.posts.get(again.id)
