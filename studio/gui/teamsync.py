"""The app's team sync: a round with the hub on one worker thread, every 10 s and soon after a change.

    team = TeamSync.for_store(store, workspace, credentials)  # None for a solo workspace: nothing runs
    team.start(delay_ms=2000)    # a round after the first paint, then one every 10 s
    team.soon()                  # the workspace changed (a post saved or scheduled): a round in ~2 s
    team.sync_now()              # the status bar's indicator was clicked: a round at once
    team.stop()                  # on close: no new round; the one on its way finishes

Each round is `studio.team.sync_round` on a store of its own, opened in the worker (as the publisher does), so
the UI thread never waits for the hub. Rounds never overlap: a request during a round is answered by one more
round right after it. `studio.team` (and psycopg with it) is imported by the worker, never at start-up, and a
solo workspace builds nothing at all. Every outcome is a `TeamState` on `changed`; conflict copies a round
made or brought and kits it refused are told once in the message bar.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from studio.autopublish import RunGate
from studio.errors import UserError
from studio.gui.messages import MessageBridge
from studio.gui.workers import Workers
from studio.secrets import CredentialStore
from studio.store import Store
from studio.store.times import now_utc
from studio.words import counted

if TYPE_CHECKING:
    from studio.gui.livestore import LiveStore
    from studio.gui.statusbar import StatusPanel
    from studio.team import SyncReport

__all__ = [
    "INTERVAL_MS",
    "SOON_MS",
    "RoundOutcome",
    "TeamState",
    "TeamSync",
    "is_hub_error",
    "sync_in_background",
]

INTERVAL_MS = 10_000  # a round every 10 s while the app runs
SOON_MS = 2_000  # after a change: long enough to gather a burst of edits into one round
TICK_MS = 5_000  # "Synced 12 s ago" is re-said this often
_QUIET_S = 1.5  # the round's own writes reach the change poll after it ends: they ask for no new round
_REFUSED = "refused the sign-in"


def is_hub_error(error: BaseException) -> bool:
    """`error` is a `studio.team.HubError` (imported when an error is asked about; it loads no psycopg)."""
    from studio.team.hub import HubError

    return isinstance(error, HubError)


@dataclass(frozen=True, slots=True)
class RoundOutcome:
    """What one round in the worker found: the report, or the hub's one-line refusal, and what waits."""

    report: SyncReport | None
    error: UserError | None  # the hub could not be reached or refused (HubError)
    waiting: int  # changes made here the hub has not taken yet
    new_copies: tuple[tuple[int, str], ...] = ()  # conflict copies that appeared: (post id, member)
    member: str = ""  # who works on this laptop


def sync_in_background(workspace: Path, credentials: CredentialStore) -> RoundOutcome:
    """One round in the workspace, on a store of its own (worker thread); a HubError becomes the outcome."""
    from studio.store import open_store
    from studio.team import HubError, read_link, sync_round
    from studio.team.waiting import conflict_copies, waiting_changes

    with open_store(workspace) as store:
        link = read_link(store)
        member = link.member if link is not None else ""
        before = conflict_copies(store)
        report: SyncReport | None = None
        error: UserError | None = None
        try:
            report = sync_round(store, credentials)
        except HubError as refused:
            error = refused
        new = tuple((post, member_) for post, member_ in conflict_copies(store).items() if post not in before)
        return RoundOutcome(report, error, waiting_changes(store), new, member)


@dataclass(frozen=True, slots=True)
class TeamState:
    """What the status bar says about the team."""

    syncing: bool = False
    synced_at: datetime | None = None  # the last round that reached the hub
    waiting: int = 0
    offline: str = ""  # the hub's one-line reason when the last round could not reach it
    refused: bool = False  # the hub refused the sign-in
    asked: bool = False  # the round on its way was asked for by a click (background rounds show no change)
    changed_at: float = field(default=0.0, compare=False)


class TeamSync(QObject):
    """Background sync rounds with the team's hub, one at a time.

    Signals:
        changed(TeamState): a round started or ended, or the "ago" wording is due again.
        synced(RoundOutcome): a round ended (reached the hub or not).
    """

    changed = Signal(object)
    synced = Signal(object)

    def __init__(
        self,
        workspace: Path,
        credentials: CredentialStore,
        messages: MessageBridge,
        *,
        interval_ms: int = INTERVAL_MS,
        soon_ms: int = SOON_MS,
        run: Callable[[Path, CredentialStore], RoundOutcome] = sync_in_background,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self._credentials = credentials
        self._messages = messages
        self._run = run
        self._gate = RunGate()
        self._stopping = threading.Event()
        self._quiet_until = 0.0
        self._asked = False
        self._told: set[str] = set()
        self.rounds = 0  # rounds ended, for tests
        self.state = TeamState()
        self.workers = Workers(max_threads=1)  # its own thread: a slow hub never delays a preview
        self._timer = self._make_timer("team-sync", interval_ms, self.sync_now)
        self._soon = self._make_timer("team-sync-soon", soon_ms, self.sync_now)
        self._soon.setSingleShot(True)
        self._tick = self._make_timer("team-sync-tick", TICK_MS, self._on_tick)

    @classmethod
    def for_store(
        cls, store: Store | None, workspace: Path, credentials: CredentialStore, messages: MessageBridge
    ) -> TeamSync | None:
        """The sync of a team workspace; None for a solo one (or none open): nothing runs then."""
        if store is None or not store.in_team():
            return None
        return cls(workspace, credentials, messages)

    def follow(self, status: StatusPanel, live: LiveStore | None) -> None:
        """Show each state in the status bar's indicator (a click syncs now); a change here syncs soon."""
        self.changed.connect(status.show_team)
        status.sync_clicked.connect(self.ask_now)
        if live is not None:
            live.changed.connect(self.soon)

    def _make_timer(self, name: str, interval_ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setObjectName(name)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    @property
    def busy(self) -> bool:
        """A round is on its way."""
        return self._gate.running

    @property
    def active(self) -> bool:
        """Started and not stopped."""
        return self._timer.isActive()

    def start(self, delay_ms: int = 0) -> None:
        """A round after `delay_ms`, then one every interval until `stop()`."""
        self._stopping.clear()
        self._timer.start()
        self._tick.start()
        QTimer.singleShot(delay_ms, self, self.sync_now)

    def stop(self, wait_ms: int = 10_000) -> bool:
        """No new round; wait for the one on its way (a hub that does not answer times out in 5 s)."""
        self._stopping.set()
        for timer in (self._timer, self._soon, self._tick):
            timer.stop()
        return self.workers.wait_done(wait_ms)

    @Slot()
    def soon(self) -> None:
        """The workspace changed: a round shortly (the changes of the round itself ask for none)."""
        if self._stopping.is_set() or self.busy or time.monotonic() < self._quiet_until:
            return
        self._soon.start()  # restarted by every change of a burst: one round after the last

    @Slot()
    def ask_now(self) -> None:
        """The person asked for a round (the indicator was clicked): it says "Syncing…" until it ends."""
        self._asked = True
        self.sync_now()

    @Slot()
    def sync_now(self) -> None:
        """A round now (or right after the one on its way); ignored once stopped."""
        if self._stopping.is_set():
            return
        self._soon.stop()
        if self._gate.request():
            self._launch()

    def _launch(self) -> None:
        asked, self._asked = self._asked, False
        self._set_state(syncing=True, asked=asked)
        task = self.workers.task(self._run, self._workspace, self._credentials)
        task.on_success(self._on_round_done).on_failure(self._on_round_failed).run()

    def _on_round_done(self, outcome: RoundOutcome) -> None:
        self.rounds += 1
        self._quiet_until = time.monotonic() + _QUIET_S
        before = self.state
        if outcome.error is None:
            self._set_state(syncing=False, synced_at=now_utc(), waiting=outcome.waiting, offline="")
            if outcome.waiting and outcome.waiting != before.waiting and not self._stopping.is_set():
                self._soon.start()  # saved while the round was on its way (its writes ask for no round)
        else:
            why = outcome.error.line()
            self._set_state(syncing=False, waiting=outcome.waiting, offline=why, refused=_REFUSED in why)
        self._announce(outcome)
        self.synced.emit(outcome)
        self._after_round()

    def _on_round_failed(self, error: BaseException) -> None:
        self._quiet_until = time.monotonic() + _QUIET_S
        self._set_state(syncing=False)
        self._after_round()
        if not isinstance(error, UserError):
            raise error  # a bug: the crash path shows it
        self._messages.user_error(error)  # e.g. the workspace could not be opened

    def _after_round(self) -> None:
        if self._stopping.is_set():
            self._gate = RunGate()
        elif self._gate.done():
            self._launch()

    def _set_state(self, **changes: object) -> None:
        values = {
            name: getattr(self.state, name)
            for name in ("syncing", "synced_at", "waiting", "offline", "refused")
        }
        values.update(changes)
        values["asked"] = bool(changes.get("asked", False)) and bool(values["syncing"])
        if not values["offline"]:
            values["refused"] = False
        self.state = TeamState(**values, changed_at=time.monotonic())
        self.changed.emit(self.state)

    @Slot()
    def _on_tick(self) -> None:
        self.changed.emit(self.state)  # "Synced 12 s ago" grows older

    def _announce(self, outcome: RoundOutcome) -> None:
        """Conflict copies and refused kits, told once: each round reports only what it did."""
        mine = [post for post, member in outcome.new_copies if member == outcome.member]
        theirs: dict[str, int] = {}
        for _post, member in outcome.new_copies:
            if member != outcome.member:
                theirs[member] = theirs.get(member, 0) + 1
        if mine:
            self._messages.warning(
                f"{counted(len(mine), 'conflict copy', 'conflict copies')}: another member changed "
                f"{'these posts' if len(mine) > 1 else 'this post'} first",
                "your version is kept as a draft in Drafts, tagged as a conflict copy",
            )
        for member, count in sorted(theirs.items()):
            self._messages.warning(
                f"{counted(count, 'conflict copy', 'conflict copies')}: {member} changed "
                f"{'these posts' if count > 1 else 'this post'} too",
                f"{member}'s version is kept as a draft in Drafts, tagged as a conflict copy",
            )
        if outcome.report is not None:
            for line in outcome.report.refused:
                if line not in self._told:  # a refused kit is reported by every round until it changes
                    self._told.add(line)
                    self._messages.warning(line, "the kit in use here stays as it is")
