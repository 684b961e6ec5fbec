"""The colour of each status word, shared by the table's status dots and the calendar's chips."""

from __future__ import annotations

from studio.gui.theme import Palette

__all__ = ["STATUS_WORDS", "mix", "status_colour"]

# Post statuses and delivery states, as the queue shows them.
STATUS_WORDS = {
    "draft": "Draft",
    "in_review": "In review",
    "approved": "Approved",
    "scheduled": "Scheduled",
    "published": "Published",
    "queued": "Queued",
    "sending": "Sending",
    "sent": "Sent",
    "retrying": "Retrying",
    "failed": "Failed",
    "missed": "Missed",
    "held": "Held",
    "handed_off": "Handed off",
    "cancelled": "Cancelled",
}

_LIGHT = {
    "draft": "#7a8496",
    "in_review": "#7b55c7",
    "approved": "#23867f",
    "scheduled": "#2f6fde",
    "queued": "#2f6fde",
    "sending": "#2f6fde",
    "published": "#2f855a",
    "sent": "#2f855a",
    "handed_off": "#0e7490",
    "retrying": "#c26a0a",
    "missed": "#a86712",
    "held": "#9a6b00",
    "failed": "#c23b3b",
    "cancelled": "#a3acb9",
}
_DARK = {
    **_LIGHT,
    "draft": "#9aa4b2",
    "in_review": "#a98bf0",
    "approved": "#4cc2b8",
    "scheduled": "#6ea1ff",
    "queued": "#6ea1ff",
    "sending": "#6ea1ff",
    "published": "#5cc58c",
    "sent": "#5cc58c",
    "handed_off": "#38bdd8",
    "retrying": "#f0a04b",
    "missed": "#e0a94a",
    "held": "#d9b44a",
    "failed": "#f07171",
    "cancelled": "#6b7482",
}


def status_colour(status: str, palette: Palette) -> str:
    """The colour for a status word in this palette (muted text for one it does not know)."""
    return (_DARK if palette.name == "dark" else _LIGHT).get(status, palette.muted)


def mix(colour: str, background: str, amount: float) -> str:
    """`amount` of `colour` over `background` (both #rrggbb): the soft tint behind a chip."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(background[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x * amount + y * (1 - amount)):02x}" for x, y in zip(a, b, strict=True))
