"""Why a delivery waits, as a person reads it: "Held (outage on Campus Wi-Fi)", not a bare "held".

Only an open outage holds posts (`studio.workflows.incidents`); each hold is recorded for its incident, so
the service comes from there. Read once per change of the workspace: open incidents are few.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.errors import UserError
from studio.store import Store

__all__ = ["Holds", "held_word", "read_holds"]


def held_word(service: str) -> str:
    """`Held (outage on Campus Wi-Fi)`, or `Held` when no open outage claims it."""
    return f"Held (outage on {service})" if service else "Held"


@dataclass(frozen=True, slots=True)
class Holds:
    """Which open outage holds which delivery and post (by the incident's service)."""

    deliveries: dict[int, str] = field(default_factory=dict)
    posts: dict[int, str] = field(default_factory=dict)

    def delivery_word(self, delivery_id: int | None) -> str:
        """The held word for one delivery."""
        return held_word(self.deliveries.get(delivery_id, "") if delivery_id is not None else "")

    def post_word(self, post_id: int) -> str:
        """The held word for a post (the first outage holding one of its deliveries)."""
        return held_word(self.posts.get(post_id, ""))

    def summary(self) -> str:
        """`2 held (outage on Campus Wi-Fi)` for the status bar; "" when nothing is held."""
        if not self.deliveries:
            return ""
        services = ", ".join(dict.fromkeys(self.deliveries.values()))
        plural = "s" if len(dict.fromkeys(self.deliveries.values())) > 1 else ""
        return f"{len(self.deliveries)} held (outage{plural} on {services})"


def read_holds(store: Store) -> Holds:
    """What the open outages hold now (nothing, at the cost of one query, when none is open)."""
    try:
        incidents = store.incidents.list_all(open_only=True)
        deliveries: dict[int, str] = {}
        posts: dict[int, str] = {}
        for incident in sorted(incidents, key=lambda i: i.id):
            for delivery_id in store.incidents.holds(incident.id):
                if delivery_id in deliveries:
                    continue
                delivery = store.deliveries.get(delivery_id)
                if delivery.state.value != "held":
                    continue  # released or sent by hand since; the hold record is only history
                deliveries[delivery_id] = incident.service
                posts.setdefault(delivery.post_id, incident.service)
    except UserError:
        return Holds()  # the views say the workspace is unreadable where it matters
    return Holds(deliveries, posts)
