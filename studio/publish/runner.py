"""The runner: publish what is due, exactly once, and record every attempt (`studio publish-due`, the app).

One run: take the workspace lock; mark deliveries whose time passed beyond the late window as missed; claim
due deliveries in batches; for each, publish the parts not yet sent (each recorded the moment the network has
it), then mark it sent — or schedule a retry with capped exponential backoff and jitter (never sooner than the
server asked), or fail it for good (rejected content, too many attempts). An account whose credential is
refused is flagged for reconnecting and its deliveries stop; other accounts go on. A handoff network's
delivery ends handed off (its ready folder written) and waits for the person to confirm; it is never
claimed again, so its folder is never written twice.

Exactly once: a claim is one transaction; parts are recorded one by one; Mastodon gets each part's stable
Idempotency-Key and Bluesky each part's fixed record key, so resending after a crash finds what is there.
"""

from __future__ import annotations

import logging
import os
import random
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from studio.errors import FinalError, PublishError, RetryableError, UserError
from studio.publish.base import Publisher, ReconnectNeeded, SentPart
from studio.publish.factory import SENDING_EVENT, KitSource, Publishers, done_parts, post_input
from studio.publish.lock import PublishLock
from studio.secrets import CredentialStore
from studio.store import Account, ClaimLostError, Delivery, DeliveryState, PostStatus, Store
from studio.store.times import now_utc

__all__ = ["ClaimStrategy", "DueItem", "RunOptions", "RunReport", "Runner", "backoff", "local_claim"]

log = logging.getLogger(__name__)

PublisherFactory = Callable[[Account, Path], Publisher]
# Claims the next batch: (store, now, limit, claimer name) -> the deliveries now marked sending for this run.
ClaimStrategy = Callable[[Store, datetime, int, str], list[Delivery]]


def local_claim(store: Store, now: datetime, limit: int, claimer: str) -> list[Delivery]:
    """A solo workspace claims in its own SQLite file (a team workspace claims in the hub: studio.team)."""
    # Only ever called under the publishing lock, so dead runners' claims are taken over at once.
    return store.deliveries.claim_due(now, limit=limit, claimer=claimer, timeout=None)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How hard a run tries; the defaults suit a cron job every few minutes."""

    max_attempts: int = 8  # then the delivery fails for good and waits for the user
    base_delay: float = 60.0  # seconds before the first retry; doubles each time
    max_delay: float = 6 * 3600.0  # the cap of the backoff (a server's own wait may be longer)
    batch: int = 20  # deliveries claimed per transaction
    late_window: timedelta | None = None  # overrides the workspace's setting for this run


@dataclass
class RunReport:
    """What one run did, per delivery id."""

    listener: Callable[[str, int, str], None] | None = None
    sent: list[tuple[int, str]] = field(default_factory=list)  # (delivery id, remote URL)
    handed_off: list[tuple[int, str]] = field(
        default_factory=list
    )  # (id, ready folder): waits for the person
    retrying: list[tuple[int, str]] = field(default_factory=list)  # (id, why)
    failed: list[tuple[int, str]] = field(default_factory=list)  # (id, why)
    missed: list[int] = field(default_factory=list)
    reconnect: list[str] = field(default_factory=list)  # account names that need reconnecting
    busy: bool = False  # another runner held the lock; nothing was done

    @property
    def ok(self) -> bool:
        return not self.failed and not self.reconnect

    def note(self, kind: str, delivery_id: int, detail: str) -> None:
        """Record one outcome and tell the listener."""
        if kind == "missed":
            self.missed.append(delivery_id)
        else:
            lists = {"sent": self.sent, "handed_off": self.handed_off}
            lists.update(retry=self.retrying, failed=self.failed)
            lists[kind].append((delivery_id, detail))
        if self.listener is not None:
            self.listener(kind, delivery_id, detail)


@dataclass(frozen=True, slots=True)
class DueItem:
    """A delivery a dry run would send (or mark missed)."""

    delivery_id: int
    account: str
    network: str
    due_at: datetime
    parts: int
    action: str  # "send" or "missed"
    problems: tuple[str, ...] = ()


@dataclass
class _RunState:
    """What one run learns as it goes, per account id."""

    publishers: dict[int, Publisher] = field(default_factory=dict)
    broken: dict[int, str] = field(default_factory=dict)  # needs reconnecting: why
    paused: dict[int, tuple[datetime, str]] = field(default_factory=dict)  # the server's wait: until, why


def backoff(attempt: int, options: RunOptions, retry_after: float | None, rng: random.Random) -> float:
    """Seconds to the next try: base·2^(attempt-1), capped, with jitter; at least the server's wait."""
    delay = min(options.max_delay, options.base_delay * 2.0 ** max(0, attempt - 1))
    delay *= rng.uniform(0.5, 1.0)  # jitter: many waiting deliveries do not all come back at once
    return max(delay, retry_after or 0.0)


class Runner:
    """Publishes due deliveries from one store; built by the composition root (CLI or app)."""

    def __init__(
        self,
        store: Store,
        *,
        credentials: CredentialStore,
        options: RunOptions | None = None,
        publishers: PublisherFactory | None = None,
        clock: Callable[[], datetime] = now_utc,
        rng: random.Random | None = None,
        kit: KitSource | None = None,
        claimer: ClaimStrategy = local_claim,
    ) -> None:
        self.store = store
        self._claim_strategy = claimer
        self._kit = kit  # the workspace's brand kit (None: the one the workspace records)
        self.options = options or RunOptions()
        self._factory = publishers or Publishers(credentials)
        self._clock = clock
        self._rng = rng or random.Random()
        self._claimer = f"{socket.gethostname()}:{os.getpid()}"

    # --- what is due -----------------------------------------------------------------------------------
    def due(self) -> list[DueItem]:
        """What a run would do now, without claiming or sending anything (`--dry-run`)."""
        if self.store.damage is not None:  # a damaged queue could say anything: nothing is sent from it
            raise self.store.damage
        now = self._clock()
        window = self._late_window()
        items = []
        for post in self.store.posts.page(limit=100_000, statuses=[PostStatus.SCHEDULED]):
            for delivery in post.deliveries:
                if delivery.state not in (DeliveryState.QUEUED, DeliveryState.RETRYING):
                    continue
                if delivery.due_at > now:
                    continue
                action = "missed" if delivery.due_at < now - window else "send"
                items.append(
                    DueItem(
                        delivery.id, delivery.account_name, delivery.network, delivery.due_at,
                        len(delivery.parts), action, self._problems(delivery) if action == "send" else (),
                    )
                )  # fmt: skip
        return sorted(items, key=lambda item: (item.due_at, item.delivery_id))

    def _problems(self, delivery: Delivery) -> tuple[str, ...]:
        if delivery.account_id is None:
            return ("the account was removed",)
        account = self.store.accounts.get(delivery.account_id)
        if account.needs_reconnect:
            return (f"the account needs reconnecting: {account.reconnect_reason}",)
        try:
            publisher = self._factory(account, self.store.workspace)
        except UserError as error:  # no credential, no keyring
            return (error.line(),)
        try:
            post = post_input(self.store, delivery, self._kit)
        except UserError as error:  # a picture that cannot be read
            publisher.close()
            return (error.line(),)
        try:
            return tuple(p.line() for p in publisher.check(post) if p.blocking)
        finally:
            publisher.close()

    # --- a run ---------------------------------------------------------------------------------------------
    def run(
        self,
        on_result: Callable[[str, int, str], None] | None = None,
        *,
        should_stop: Callable[[], bool] | None = None,
    ) -> RunReport:
        """Publish everything due now; returns what happened.

        `on_result(kind, delivery_id, detail)` hears each outcome as it happens ("sent" with the URL,
        "handed_off" with the ready folder, "retry", "failed" or "missed" with the reason), so a cron log
        shows progress even if the run is cut short.
        `should_stop()` is asked before each claim (the app closing): a delivery being sent is finished first.
        """
        if self.store.damage is not None:  # a damaged queue could say anything: nothing is sent from it
            raise self.store.damage
        stop = should_stop or (lambda: False)
        report = RunReport(on_result)
        lock = PublishLock(self.store.workspace)
        if not lock.acquire():
            report.busy = True
            return report
        state = _RunState()
        try:
            now = self._clock()
            for delivery_id in self.store.deliveries.mark_overdue_missed(now, self._late_window()):
                report.note("missed", delivery_id, "its time passed beyond the late window while offline")
            # Under the lock no other runner is alive, so a claim still marked "sending" belongs to a runner
            # that died: every claim of the run takes those over at once (timeout=None), whatever their time,
            # instead of waiting out the claim timeout. Resending is safe: publishers look up a part that
            # may be out there before sending it (Mastodon's Idempotency-Key and status look-up, Bluesky's
            # fixed record key).
            batch = [] if stop() else self._claim(now)
            while batch:
                for delivery in batch:
                    self._one(delivery, state, report)
                if stop():
                    break
                batch = self._claim(self._clock())
        finally:
            for publisher in state.publishers.values():
                publisher.close()
            lock.release()
        report.reconnect = sorted({self._account_name(i) for i in state.broken})
        return report

    def _claim(self, now: datetime) -> list[Delivery]:
        """The next batch, dead runners' claims included (only ever called under the publishing lock)."""
        return self._claim_strategy(self.store, now, self.options.batch, self._claimer)

    def _one(self, delivery: Delivery, state: _RunState, report: RunReport) -> None:
        deliveries = self.store.deliveries
        if delivery.account_id is None:
            self._fail(delivery, "the account was removed; the post cannot go out from it", report)
            return
        account_id = delivery.account_id
        if account_id in state.broken:
            self._fail(delivery, f"account {delivery.account_name} needs reconnecting", report)
            return
        if account_id in state.paused:
            # The server asked this account to slow down: its other posts wait too, unsent (no hammering).
            until, why = state.paused[account_id]
            self._retry(delivery, why, max(0.0, (until - self._clock()).total_seconds()), report)
            return
        try:
            publisher = state.publishers.get(account_id)
            if publisher is None:
                account = self.store.accounts.get(account_id)
                if account.needs_reconnect:
                    raise ReconnectNeeded(
                        f"Posting to {account.name}",
                        account.reconnect_reason or "the account needs reconnecting",
                        f"studio accounts reconnect {account.name} --secret-stdin, then `studio queue retry`",
                    )
                publisher = state.publishers[account_id] = self._factory(account, self.store.workspace)

            def record(part: SentPart) -> None:
                deliveries.record_part_sent(
                    delivery, part.index, remote_id=part.remote_id, remote_uri=part.url,
                    remote_cid=part.cid or None,
                )  # fmt: skip

            def sending(index: int) -> None:
                deliveries.append_event(delivery.id, SENDING_EVENT, f"part {index}")

            post = post_input(self.store, delivery, self._kit)
            sent = publisher.publish(post, done_parts(delivery), record, sending)
            first = sent[0]
            if publisher.needs_confirmation:  # a ready folder: it waits for the person to post and confirm
                deliveries.mark_handed_off(delivery, folder=first.remote_id, folder_url=first.url)
                report.note("handed_off", delivery.id, first.remote_id)
            else:
                deliveries.mark_sent(delivery, remote_id=first.remote_id, remote_url=first.url)
                report.note("sent", delivery.id, first.url)
        except ClaimLostError:
            log.info("delivery %s was taken over by another runner", delivery.id)
        except ReconnectNeeded as error:
            state.broken[account_id] = error.why
            self.store.accounts.set_reconnect(account_id, True, error.why)
            self._fail(delivery, error.line(), report)
        except RetryableError as error:
            if error.retry_after:
                until = self._clock() + timedelta(seconds=error.retry_after)
                state.paused[account_id] = (until, error.line())
            self._retry(delivery, error.line(), error.retry_after, report)
        except FinalError as error:
            self._fail(delivery, error.line(), report)
        except PublishError as error:
            self._fail(delivery, error.line(), report)
        except UserError as error:  # the workspace or keyring is unusable right now (disk full, locked)
            self._retry(delivery, error.line(), None, report)
        except Exception:
            # A bug: park the delivery with a backoff (no hot loop), then let the crash report show it.
            self._retry(delivery, "internal error in Studio (see the crash report)", None, report)
            raise

    def _retry(self, delivery: Delivery, why: str, retry_after: float | None, report: RunReport) -> None:
        if delivery.attempts >= self.options.max_attempts:
            self._fail(delivery, f"gave up after {delivery.attempts} attempts; last: {why}", report)
            return
        wait = backoff(delivery.attempts, self.options, retry_after, self._rng)
        try:
            self.store.deliveries.mark_retry(delivery, why, self._clock() + timedelta(seconds=wait))
        except ClaimLostError:
            return
        report.note("retry", delivery.id, why)

    def _fail(self, delivery: Delivery, why: str, report: RunReport) -> None:
        try:
            self.store.deliveries.mark_final_failure(delivery, why)
        except ClaimLostError:
            return
        report.note("failed", delivery.id, why)

    def _late_window(self) -> timedelta:
        if self.options.late_window is not None:
            return self.options.late_window
        return timedelta(minutes=self.store.settings.get().late_window_minutes)

    def _account_name(self, account_id: int) -> str:
        try:
            return self.store.accounts.get(account_id).name
        except UserError:
            return f"account {account_id}"
