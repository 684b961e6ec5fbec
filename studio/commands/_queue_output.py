"""How `studio queue list` and `queue show` print posts: plain lines for people, JSON for scripts.

Each delivery carries its own `text`: what that network gets (its own text, else the main text), before
thread splitting; `parts` (in `show`) are that text as the network's thread.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from studio.commands._handoff_cli import folder_of, handoff_lines

if TYPE_CHECKING:
    from studio.store import Delivery, DeliveryEvent, Post

__all__ = ["first_line", "iso", "post_json", "print_list", "print_show", "show_json", "state_word"]


def iso(moment: datetime | None) -> str | None:
    """UTC, to the second, with a Z: what scripts parse."""
    return None if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def first_line(text: str) -> str:
    """The first line of a text (empty for none)."""
    return text.splitlines()[0] if text else ""


def state_word(d: Delivery) -> str:
    """A delivery's state as `queue list` and `show` say it."""
    if d.state.value == "retrying" and d.next_attempt_at is not None:
        return f"retrying (attempt {d.attempts})"
    if d.state.value == "handed_off":
        return "HANDED OFF (waits for you)"
    return d.state.value


def post_json(post: Post) -> dict[str, Any]:
    """The shape scripts rely on: id, status, text, scheduled_at, deliveries[...] (each with its `text`)."""
    return {
        "id": post.id,
        "status": post.status.value,
        "text": post.body,
        "scheduled_at": iso(post.scheduled_at),
        "deliveries": [
            {
                "account": d.account_name,
                "network": d.network,
                "state": d.state.value,
                "attempts": d.attempts,
                "remote_url": d.remote_url,
                "last_error": d.last_error or None,
                "text": post.text_on(d.network),
            }
            for d in post.deliveries
        ],
    }


def show_json(post: Post, events: dict[int, list[DeliveryEvent]]) -> str:
    """`queue show --json`: the list's shape plus folders, parts, audit, pictures and the own texts."""
    doc = post_json(post)
    doc["text_for"] = dict(sorted(post.text_for.items()))
    doc["format_for"] = dict(sorted(post.format_for.items()))
    for entry, d in zip(doc["deliveries"], post.deliveries, strict=True):
        entry["folder"] = folder_of(d)  # handoff networks: the ready folder, once written
        entry["parts"] = [
            {"position": p.position, "text": p.text, "remote_uri": p.remote_uri, "sent_at": iso(p.sent_at)}
            for p in d.parts
        ]
        entry["events"] = [
            {"at": iso(e.at), "kind": e.kind, "attempt": e.attempt, "detail": e.detail} for e in events[d.id]
        ]
    doc["media"] = [
        {
            "sha256": m.media.sha256,
            "alt_text": m.media.alt_text,
            "kind": m.media.kind.value,
            "template": m.template,
            "caption": m.caption,
        }
        for m in post.media
    ]
    return json.dumps(doc, indent=2, ensure_ascii=False)


def print_list(posts: list[Post], zone: tzinfo | None) -> None:
    """One line per post: id, status, time, each delivery's state, the first line of the text."""
    from studio.store.zones import show_time

    for p in posts:
        when = show_time(p.scheduled_at, zone) or "now"
        states = ", ".join(f"{d.account_name}: {state_word(d)}" for d in p.deliveries)
        print(f"{p.id}\t{p.status.value}\t{when}\t{states}\t{first_line(p.body)[:60]}")
        for d in p.deliveries:
            for line in handoff_lines(d):
                print(f"\t{d.account_name}: {line}")


def print_show(post: Post, events: dict[int, list[DeliveryEvent]], zone: tzinfo | None) -> None:
    """The post for a person: its text, each network's own text, pictures, deliveries and their audit."""
    from studio.platforms import network_by_id
    from studio.store.zones import show_time

    print(f"post {post.id}: {post.status.value}, at {show_time(post.scheduled_at, zone) or 'now'}")
    print(post.body)
    if post.text_for:  # only then is "same as all" worth saying
        for network in dict.fromkeys([*(d.network for d in post.deliveries), *sorted(post.text_for)]):
            name = network_by_id(network).name
            own = post.text_for.get(network)
            if not own:
                print(f"text for {name}: same as all")
                continue
            print(f"text for {name}:")
            for line in own.splitlines():
                print(f"  {line}")
    for network, fmt in sorted(post.format_for.items()):
        print(f"format for {network_by_id(network).name}: {fmt}")
    for m in post.media:
        look = f", template {m.template}" if m.template else ""
        look += f", caption {m.caption!r}" if m.caption else ""
        print(
            f"  image {m.media.sha256[:12]} ({m.media.width}x{m.media.height}): "
            f"alt {m.media.alt_text!r}{look}"
        )
    for d in post.deliveries:
        print(f"- {d.account_name} ({d.network}): {state_word(d)}, {d.attempts} attempt(s)")
        handoff = handoff_lines(d)
        if d.remote_url and not handoff:  # a handed-off delivery's address is its folder, shown below
            print(f"    {d.remote_url}")
        for line in handoff:
            print(f"    {line}")
        if d.last_error:
            print(f"    last error: {d.last_error}")
        for e in events[d.id]:
            print(f"    {show_time(e.at, zone)}  {e.kind}  {e.detail}")
