"""What the Incidents view works with, built once: the kit for texts and cards, the zone, the calls it makes.

Plain Python (no Qt): the functions here run in a worker and call the Qt-free workflows and the runner.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from html import escape

from PIL import Image

from studio.brand import BrandKit, Previewer
from studio.publish import Runner, RunReport
from studio.secrets import CredentialStore
from studio.store import DeliveryState, Post, Store
from studio.store.incidents import Incident
from studio.store.times import now_utc
from studio.store.zones import user_zone
from studio.team import claim_strategy
from studio.words import counted, state_words
from studio.workflows import (
    IncidentRequest,
    IncidentTexts,
    UpdateResult,
    draft_text,
    load_texts,
    open_incident,
    post_update,
)
from studio.workflows.incidents import next_update_at
from studio.workflows.stages import IncidentKind, stage_label
from studio.workflows.status_card import preview_card

__all__ = ["IncidentDesk", "facts_html", "outcome"]

CARD_PREVIEW_WIDTH = 480


@dataclass
class IncidentDesk:
    """The store plus the kit and zone the incident updates are written in."""

    store: Store
    kit: BrandKit
    texts: IncidentTexts
    zone: tzinfo | None
    credentials: CredentialStore  # for "Post now": the runner's publishers take their credentials from it
    publish: bool = True  # "Post now" sends at once; off: updates wait for the next publish run
    _previewer: Previewer | None = None
    _preview_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def build(cls, store: Store, credentials: CredentialStore, kit: BrandKit) -> IncidentDesk:
        """The desk for a workspace: its kit's texts and cards, the workspace's display zone."""
        zone = user_zone(store.settings.get().display_timezone)
        return cls(store, kit, load_texts(kit.folder), zone, credentials)

    def use_kit(self, kit: BrandKit) -> None:
        """Write and draw with this kit from now on (the Brand view changed the workspace's)."""
        with self._preview_lock:
            self.kit, self.texts, self._previewer = kit, load_texts(kit.folder), None

    def draft(self, incident: Incident, stage: str, minutes: int, now: datetime | None = None) -> str:
        """The stage's template, filled in for this incident (what the editor starts with)."""
        moment = now or now_utc()
        promised = next_update_at(IncidentKind(incident.kind), stage, minutes, moment)
        return draft_text(
            incident,
            stage,
            self.texts,
            promised,
            zone=self.zone,
            help_desk=self.kit.help_desk_url,
            now=moment,
        )

    def card(self, service: str, impact: str, stage: str) -> Image.Image:
        """The status card preview (worker thread; one at a time, the previewer keeps caches)."""
        with self._preview_lock:
            if self._previewer is None:
                self._previewer = Previewer(self.kit, CARD_PREVIEW_WIDTH)
            return preview_card(self._previewer, service, impact, stage)

    def open(self, request: IncidentRequest) -> UpdateResult:
        """Open an incident and queue its first update (a new thread on each account)."""
        return open_incident(
            self.store,
            request,
            self.texts,
            zone=self.zone,
            help_desk=self.kit.help_desk_url,
            card_kit=self.kit,
        )

    def update(self, incident_id: int, stage: str, text: str, minutes: int) -> UpdateResult:
        """Queue an update replying in the thread (the final stage closes the incident)."""
        return post_update(
            self.store,
            incident_id,
            stage,
            self.texts,
            text=text,
            next_update_minutes=minutes,
            zone=self.zone,
            help_desk=self.kit.help_desk_url,
            card_kit=self.kit,
        )

    def send_due(self) -> RunReport:
        """Publish what is due now: the update just queued, and anything else whose time has come."""
        claimer = claim_strategy(self.store, self.credentials)  # a team workspace claims in its hub
        return Runner(self.store, credentials=self.credentials, kit=lambda: self.kit, claimer=claimer).run()


def outcome(incident: Incident, post: Post, report: RunReport | None) -> list[tuple[bool, str, str]]:
    """What to tell the user after an update: (is a warning, text, fix) lines, plain strings."""
    what = f"{incident.service}: {stage_label(incident.updates[-1].stage)} update"
    sent = [d for d in post.deliveries if d.state is DeliveryState.SENT]
    waiting = [d for d in post.deliveries if d.state is not DeliveryState.SENT]
    lines: list[tuple[bool, str, str]] = []
    if report is None:
        lines.append((False, f"{what} queued for {counted(len(post.deliveries), 'account')}", ""))
    elif report.busy:
        lines.append((False, f"{what} queued: another Studio is publishing, it goes out with that run", ""))
    elif not waiting:
        lines.append((False, f"{what} posted to {counted(len(sent), 'account')}", ""))
    else:
        by_hand = [d for d in waiting if d.state is DeliveryState.HANDED_OFF]
        stuck = [d for d in waiting if d.state is not DeliveryState.HANDED_OFF]
        if by_hand:  # not a problem: a folder waits for a person (the notification and the queue say where)
            names = ", ".join(d.account_name for d in by_hand)
            lines.append((False, f"{what} is ready to post by hand on {names}", ""))
        if stuck:
            now = now_utc()
            said = [d.last_error or state_words(d.state, retry_at=d.next_attempt_at, now=now) for d in stuck]
            problems = "; ".join(f"{d.account_name}: {why}" for d, why in zip(stuck, said, strict=True))
            lines.append(
                (
                    True,
                    f"{what}: {len(sent)} of {counted(len(post.deliveries), 'account')} posted; {problems}",
                    "the publisher tries the others again; see the thread for each account",
                )
            )
    if not incident.is_open:
        lines.append((False, f"{incident.service} is closed; the held posts were released", ""))
    return lines


def facts_html(incident: Incident, account_names: list[str], zone: tzinfo | None) -> str:
    """The line under an incident's heading: kind and stage, accounts, the status link (escaped rich text)."""
    if incident.is_open:
        state = stage_label(incident.stage)
    elif incident.closed_at:
        state = f"closed {incident.closed_at.astimezone(zone):%a %d %b, %H:%M}"
    else:
        state = "closed"
    # Rich text for the link: every value typed by a person is escaped, so a "<" stays a "<".
    facts = [escape(f"{incident.kind.capitalize()} · {state}"), escape("To " + ", ".join(account_names))]
    if incident.status_url:
        url = escape(incident.status_url, quote=True)
        facts.append(f'<a href="{url}">{url}</a>')
    return " · ".join(facts)
