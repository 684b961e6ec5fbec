"""What a post becomes on each network (its thread of parts), and the checks before it is scheduled."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from studio.errors import InputError
from studio.platforms import network_by_id
from studio.store.models import Account

__all__ = ["check_alt_texts", "parts_per_network"]


def parts_per_network(
    body: str,
    accounts: Sequence[Account],
    *,
    check: bool = False,
    text_for: Mapping[str, str] | None = None,
) -> dict[str, tuple[str, ...]]:
    """The thread each network gets, fixed now so a retry resends exactly the same parts.

    Each network's thread is made of its own text in `text_for` where it has one, else of `body`.

    Where two accounts of one network differ (Mastodon instances set their own limits), the tightest wins.
    With `check`, a part still over its network's limit (a network without threads, or an unbreakable
    run of text) is refused, naming the network.
    """
    from studio.text import count, parts_for

    parts = {}
    for network in sorted({a.network for a in accounts}):
        mine = [a.options for a in accounts if a.network == network]
        limit = min((o.max_characters for o in mine if o.max_characters), default=None)
        url_length = max((o.url_length for o in mine if o.url_length), default=None)
        text = (text_for or {}).get(network) or body
        parts[network] = parts_for(text, network, limit=limit, url_length=url_length)
        for number, text in enumerate(parts[network], 1):
            counted = count(text, network, limit=limit, url_length=url_length)
            if check and not counted.ok:
                where = f"part {number} of the thread" if len(parts[network]) > 1 else "the text"
                raise InputError(
                    f"post for {network_by_id(network).name}",
                    f"{where} is {-counted.remaining:,} over the {counted.limit:,} limit",
                    "shorten it, or leave that network out",
                )
    return parts


def check_alt_texts(conn: sqlite3.Connection, post_id: int) -> None:
    """Every picture needs alt text before it goes out (people using screen readers read it)."""
    for position, kind in conn.execute(
        "SELECT pm.position, m.kind FROM post_media pm JOIN media m ON m.id = pm.media_id "
        "WHERE pm.post_id = ? AND trim(m.alt_text) = '' ORDER BY pm.position",
        (post_id,),
    ):
        raise InputError(
            f"picture {position + 1} ({kind})",
            "has no alt text (people using screen readers could not know what it shows)",
            "describe it in the media strip's alt text field",
        )
