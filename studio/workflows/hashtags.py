"""The workspace's own hashtags, for Compose's hashtag menu: what the team has used, most used first."""

from __future__ import annotations

from collections import Counter

from studio.store import Store

__all__ = ["recent_hashtags"]


def recent_hashtags(store: Store, *, posts: int = 200, limit: int = 12) -> list[str]:
    """Hashtags in the latest `posts` posts, most used first (ties: the most recently used first).

    Tags that differ only in case are one tag, spelled as most recently written (#techtiptuesday
    corrected to #TechTipTuesday is offered as corrected).
    """
    from studio.text.entities import hashtag_spans, url_spans  # the text engine: in the pool, not at start-up

    uses: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    order: dict[str, int] = {}
    for rank, post in enumerate(store.posts.page(limit=posts)):  # newest first
        links = url_spans(post.body)
        for start, end in hashtag_spans(post.body):
            if any(a <= start < b for a, b in links):
                continue  # the #top of https://example.edu/#top
            tag = post.body[start:end]
            key = tag.casefold()
            uses[key] += 1
            spelling.setdefault(key, tag)
            order.setdefault(key, rank)
    best = sorted(uses, key=lambda key: (-uses[key], order[key]))
    return [spelling[key] for key in best[:limit]]
