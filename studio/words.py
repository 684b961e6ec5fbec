"""The words people read for counts and for where a post is, instead of "account(s)" or `handed_off`.

    counted(2, "published delivery")          # "2 published deliveries"
    state_words("retrying", retry_at=t, now=n)  # "Will retry at 14:05"
    state_words("held", held_for="outage on Campus Wi-Fi")  # "Held (outage on Campus Wi-Fi)"
    ready_to_post("Instagram", "Meet Sam\\nfrom the desk")  # "Ready to post on Instagram: Meet Sam"

Plain Python: the app, the CLI and the reports say the same thing the same way.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from textwrap import shorten

__all__ = ["counted", "first_line", "plural", "ready_to_post", "state_words", "when_words"]

_VOWELS = "aeiou"


def plural(word: str) -> str:
    """The regular English plural of the last word: delivery → deliveries, inbox → inboxes, day → days."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def counted(n: int, word: str, plural_form: str = "") -> str:
    """`n` and the noun in the right number; `plural_form` for the irregular ones ("person", "people")."""
    return f"{n:,} {word if n == 1 else plural_form or plural(word)}"


def first_line(text: str, width: int = 60) -> str:
    """The first non-blank line of a post, shortened to `width` characters with an ellipsis."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return shorten(line, width, placeholder="…") if len(line) > width else line


def when_words(at: datetime, now: datetime, zone: tzinfo | None = None) -> str:
    """A time as a person says it beside a verb: `at 14:05`, `tomorrow at 09:00`, `on Tue 2 Dec at 10:00`."""
    local, today = at.astimezone(zone), now.astimezone(zone).date()
    clock = f"at {local:%H:%M}"
    if local.date() == today:
        return clock
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {clock}"
    return f"on {local:%a} {local.day} {local:%b} {clock}"


# What each delivery state means to the person, where nothing more is known.
_STATES = {
    "draft": "Draft",
    "in_review": "In review",
    "approved": "Approved",
    "scheduled": "Scheduled",
    "published": "Published",
    "queued": "Queued",
    "sending": "Posting now",
    "sent": "Posted",
    "retrying": "Will retry",
    "failed": "Failed",
    "cancelled": "Cancelled",
    "missed": "Missed its time",
    "held": "Held",
    "handed_off": "Ready to post by hand",
}


def state_words(
    state: str,
    *,
    retry_at: datetime | None = None,
    now: datetime | None = None,
    zone: tzinfo | None = None,
    held_for: str = "",
) -> str:
    """A delivery state (or a post status), as a person reads it.

    Args:
        state: the state's value, e.g. "handed_off" (a `DeliveryState` is a str too).
        retry_at: when a retrying delivery is tried next ("Will retry at 14:05").
        now: the clock `retry_at` is said against (today, tomorrow, a date).
        zone: the zone times are shown in (None: the computer's).
        held_for: why a held delivery waits ("Held (outage on Campus Wi-Fi)").
    """
    words = _STATES.get(str(state), str(state).replace("_", " ").capitalize())
    if state == "retrying" and retry_at is not None and now is not None:
        return f"{words} {when_words(retry_at, now, zone)}" if retry_at > now else "Will retry now"
    if state == "held" and held_for.strip():
        return f"{words} ({held_for.strip()})"
    return words


def ready_to_post(network_name: str, text: str) -> str:
    """The line that says a handoff folder is ready: "Ready to post on Instagram: <first line>"."""
    line = first_line(text)
    return f"Ready to post on {network_name}: {line}" if line else f"Ready to post on {network_name}"
