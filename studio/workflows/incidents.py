"""Incidents and maintenance as living threads: open, update, close, with incident mode holding promotions.

Every update is one post to the incident's accounts. The first starts a thread on each account; each later
delivery names the previous update's delivery on the same account (`reply_to_delivery_id`), and the
publisher asks `store.deliveries.reply_target` where to attach it. While an outage is open, the
promotional (non-incident) posts queued on its accounts are held; closing it releases them.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from studio.brand import BrandKit
from studio.errors import InputError
from studio.store import Delivery, NewPost, Post, PostStatus, Store
from studio.store.incidents import Incident, NewIncident
from studio.store.times import now_utc
from studio.text import split
from studio.workflows.incident_texts import IncidentTexts, fill
from studio.workflows.stages import FINAL, FIRST, IncidentKind, check_stage, stage_label
from studio.workflows.status_card import RenderedCard, import_card, rendered_card

__all__ = [
    "DEFAULT_NEXT_UPDATE",
    "IncidentRequest",
    "UpdateResult",
    "close_incident",
    "draft_text",
    "held_deliveries",
    "next_update_at",
    "open_incident",
    "post_update",
]

# When no "next update" is given: outages promise one within half an hour (the field's common practice);
# a maintenance announcement promises none, a running maintenance one within the hour.
DEFAULT_NEXT_UPDATE: dict[IncidentKind, dict[str, int]] = {
    IncidentKind.OUTAGE: {"investigating": 30, "identified": 30, "monitoring": 30},
    IncidentKind.MAINTENANCE: {"starting": 60, "in_progress": 60, "extended": 60},
}


@dataclass(frozen=True, slots=True)
class IncidentRequest:
    """What the user gives to open an incident."""

    service: str
    impact: str
    account_names: tuple[str, ...]
    kind: IncidentKind = IncidentKind.OUTAGE
    status_url: str = ""
    started_at: datetime | None = None  # None: now
    next_update_minutes: int | None = None  # None: the stage's default; 0: promise none
    text: str | None = None  # None: the stage's template


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What posting an update did: the incident after it, the update's post, and the deliveries moved."""

    incident: Incident
    post: Post
    held: tuple[int, ...] = ()  # promotional deliveries held now
    released: tuple[int, ...] = ()  # promotional deliveries released (when the incident closed)


def open_incident(
    store: Store,
    request: IncidentRequest,
    texts: IncidentTexts,
    *,
    zone: tzinfo | None = None,
    help_desk: str = "",
    card_kit: BrandKit | None = None,
    now: datetime | None = None,
) -> UpdateResult:
    """Open an incident and post its first update (a new thread on each account), in one transaction.

    With `card_kit`, every update carries a status card rendered in that kit (`status_card`).
    """
    moment = now or now_utc()
    service, impact = request.service.strip(), request.impact.strip()
    if not service:
        raise InputError("--service", "is empty", "name the service, e.g. --service 'Campus Wi-Fi'")
    if not impact:
        raise InputError("--impact", "is empty", "say what people notice, e.g. --impact 'no connection'")
    _check_url(request.status_url)
    if not request.account_names:
        raise InputError("--account", "an incident needs at least one account", "give --account NAME")
    first = FIRST[request.kind]
    # The card is rendered before the transaction: Pillow's half second never holds the database's lock.
    with _card(store, card_kit, service, impact, first) as card, store.db.write():
        accounts = tuple(store.accounts.by_name(n).id for n in request.account_names)
        incident_id = store.incidents.create(
            NewIncident(
                kind=request.kind.value,
                service=service,
                impact=impact,
                stage=first,
                started_at=request.started_at or moment,
                account_ids=accounts,
                status_url=request.status_url.strip(),
            ),
            at=moment,
        )
        return _post(
            store,
            store.incidents.get(incident_id),
            first,
            texts,
            text=request.text,
            minutes=request.next_update_minutes,
            zone=zone,
            help_desk=help_desk,
            card=card,
            now=moment,
        )


def post_update(
    store: Store,
    incident_id: int,
    stage: str,
    texts: IncidentTexts,
    *,
    text: str | None = None,
    next_update_minutes: int | None = None,
    zone: tzinfo | None = None,
    help_desk: str = "",
    card_kit: BrandKit | None = None,
    now: datetime | None = None,
) -> UpdateResult:
    """Post an update at `stage`, replying in the incident's thread; the final stage closes the incident."""
    moment = now or now_utc()
    before = _open(store, incident_id)
    wanted = check_stage(IncidentKind(before.kind), before.stage, stage)
    with _card(store, card_kit, before.service, before.impact, wanted) as card, store.db.write():
        incident = _open(store, incident_id)  # again under the lock: another update may have come first
        wanted = check_stage(IncidentKind(incident.kind), incident.stage, stage)
        return _post(
            store,
            incident,
            wanted,
            texts,
            text=text,
            minutes=next_update_minutes,
            zone=zone,
            help_desk=help_desk,
            card=card,
            now=moment,
        )


def close_incident(
    store: Store,
    incident_id: int,
    texts: IncidentTexts,
    *,
    text: str | None = None,
    zone: tzinfo | None = None,
    help_desk: str = "",
    card_kit: BrandKit | None = None,
    now: datetime | None = None,
) -> UpdateResult:
    """Close an incident by posting its resolved/complete update and releasing what it held."""
    moment = now or now_utc()
    before = _open(store, incident_id)
    final = FINAL[IncidentKind(before.kind)]
    check_stage(IncidentKind(before.kind), before.stage, final, what="close")
    with _card(store, card_kit, before.service, before.impact, final) as card, store.db.write():
        incident = _open(store, incident_id)
        check_stage(IncidentKind(incident.kind), incident.stage, final, what="close")
        return _post(
            store,
            incident,
            final,
            texts,
            text=text,
            minutes=0,
            zone=zone,
            help_desk=help_desk,
            card=card,
            now=moment,
        )


def draft_text(
    incident: Incident,
    stage: str,
    texts: IncidentTexts,
    next_update: datetime | None,
    *,
    zone: tzinfo | None = None,
    help_desk: str = "",
    now: datetime | None = None,
) -> str:
    """The prefilled text of an update at `stage` (what the app shows for editing)."""
    moment = now or now_utc()
    values = {
        "service": incident.service,
        "impact": incident.impact,
        "stage": stage_label(stage),
        "status_url": incident.status_url,
        "next_update": _clock(next_update, zone, moment) if next_update else "",
        "started": _clock(incident.started_at, zone, moment),
        "help_desk": help_desk,
    }
    return fill(texts.template(IncidentKind(incident.kind), stage), values)


def next_update_at(kind: IncidentKind, stage: str, minutes: int | None, now: datetime) -> datetime | None:
    """The time the update at `stage` promises for the next one (None: no promise)."""
    if stage == FINAL[kind]:
        return None
    if minutes is None:
        minutes = DEFAULT_NEXT_UPDATE[kind].get(stage, 0)
    if minutes < 0:
        raise InputError(f"--next-update {minutes}", "is negative", "give minutes from now, or 0 for none")
    return now + timedelta(minutes=minutes) if minutes else None


def held_deliveries(store: Store, incident_id: int) -> list[Delivery]:
    """The promotional deliveries this incident holds, in the order they were held."""
    return [store.deliveries.get(i) for i in store.incidents.holds(incident_id)]


def _post(
    store: Store,
    incident: Incident,
    stage: str,
    texts: IncidentTexts,
    *,
    text: str | None,
    minutes: int | None,
    zone: tzinfo | None,
    help_desk: str,
    card: RenderedCard | None,
    now: datetime,
) -> UpdateResult:
    kind = IncidentKind(incident.kind)
    promised = next_update_at(kind, stage, minutes, now)
    body = text.strip() if text is not None else ""
    if text is None:
        body = draft_text(incident, stage, texts, promised, zone=zone, help_desk=help_desk, now=now)
    if not body:
        raise InputError("--text", "the update's text is empty", "write what people need to know")
    media: tuple[tuple[int, str, str], ...] = ()
    if card is not None:
        media = ((import_card(store, card).id, "status", card.caption),)
    new = NewPost(
        body=body,
        account_ids=incident.account_ids,
        media=media,
        parts=_thread_parts(store, incident, body),
        incident=str(incident.id),
        reply_to=_previous_deliveries(store, incident),
    )
    if store.settings.get().solo_mode:
        post = store.posts.create(new, PostStatus.SCHEDULED, at=now)
    else:
        # An incident update goes out now: the on-call person is its author and approver, so it passes the
        # review steps at once rather than waiting in a reviewer's queue.
        post = store.posts.create(new, at=now)
        for step in (PostStatus.IN_REVIEW, PostStatus.APPROVED, PostStatus.SCHEDULED):
            post = store.posts.set_status(post.id, step, at=now)
    store.incidents.add_update(incident.id, stage, post.id, promised, at=now)
    held: list[int] = []
    released: list[int] = []
    if kind is IncidentKind.OUTAGE and stage != FINAL[kind]:
        held = store.deliveries.hold_promotional(
            list(incident.account_ids), f"incident {incident.id}: {incident.service}", at=now
        )
        store.incidents.record_holds(incident.id, held)
    if stage == FINAL[kind]:
        released = _release(store, incident.id, now)
        store.incidents.close(incident.id, at=now)
    return UpdateResult(store.incidents.get(incident.id), post, tuple(held), tuple(released))


def _release(store: Store, incident_id: int, now: datetime) -> list[int]:
    """Release what this incident held; a post on an account another open outage covers stays held by it."""
    free: list[int] = []
    for delivery in held_deliveries(store, incident_id):
        other = store.incidents.other_open_outage(incident_id, delivery.account_id)
        if other is None:
            free.append(delivery.id)
        else:
            store.incidents.record_holds(other, [delivery.id])
    store.incidents.mark_released(incident_id, at=now)
    return store.deliveries.release(free, at=now)


def _thread_parts(store: Store, incident: Incident, body: str) -> dict[str, tuple[str, ...]]:
    """An update too long for a network becomes a numbered thread there (it still replies as one update)."""
    parts: dict[str, tuple[str, ...]] = {}
    for network in {store.accounts.get(a).network for a in incident.account_ids}:
        try:
            pieces = split(body, network, numbering=True)
        except KeyError:  # a network the text engine does not know (a handoff-only one): post it whole
            continue
        if len(pieces) > 1:
            parts[network] = tuple(pieces)
    return parts


def _previous_deliveries(store: Store, incident: Incident) -> dict[int, int]:
    """For each account, the latest earlier update's delivery on it: the one the new update replies to."""
    out: dict[int, int] = {}
    for update in reversed(incident.updates):
        for d in store.posts.get(update.post_id).deliveries:
            if d.account_id is not None and d.account_id in incident.account_ids:
                out.setdefault(d.account_id, d.id)
        if len(out) == len(incident.account_ids):
            break
    return out


def _card(
    store: Store, kit: BrandKit | None, service: str, impact: str, stage: str
) -> AbstractContextManager[RenderedCard | None]:
    """The update's status card, rendered now (nothing without a kit)."""
    if kit is None:
        return nullcontext()
    return rendered_card(store.workspace, service, impact, stage, kit)


def _open(store: Store, incident_id: int) -> Incident:
    incident = store.incidents.get(incident_id)
    if not incident.is_open:
        raise InputError(
            f"incident {incident_id}", "is closed", "open a new incident with `studio incident open`"
        )
    return incident


def _check_url(url: str) -> None:
    url = url.strip()
    if url and not url.startswith(("https://", "http://")):
        raise InputError(
            f"--status-url {url!r}", "is not a web address", "give it like https://status.example.edu"
        )


def _clock(moment: datetime, zone: tzinfo | None, now: datetime) -> str:
    """`14:30 CET` today, `Mon 23 Nov 14:30 CET` another day: what followers read."""
    local = moment.astimezone(zone)
    today = now.astimezone(zone).date()
    text = local.strftime("%H:%M %Z") if local.date() == today else local.strftime("%a %d %b %H:%M %Z")
    return text.strip()
