"""Publishing while the app is open: one run of the same runner as `studio publish-due`, and when to run.

The app's Qt wrapper (`studio.gui.publisher`) calls `publish_due` on a worker thread and asks a `RunGate`
whether to start: runs never overlap, and a request that arrives during a run ("publish now", the minute
tick, the network coming back) is kept and answered by one more run right after. The runner takes the
workspace's publishing lock, so the app and a cron `studio publish-due` never publish at the same time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.publish.runner import RunReport
    from studio.secrets import CredentialStore

__all__ = ["RunGate", "RunSummary", "publish_due"]


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What one background run did, as plain values (safe to hand to another thread)."""

    sent: tuple[tuple[int, str], ...] = ()  # (delivery id, remote URL)
    handed_off: tuple[tuple[int, str], ...] = ()  # (delivery id, ready folder): waits for the person
    failed: tuple[tuple[int, str], ...] = ()  # (delivery id, why), the error's own message
    retrying: tuple[tuple[int, str], ...] = ()  # (delivery id, why)
    missed: tuple[int, ...] = ()
    reconnect: tuple[str, ...] = ()  # account names whose credential was refused
    busy: bool = False  # another runner (cron, a second app) held the lock: nothing was done
    stopped: bool = False  # asked to stop (the app closing) before everything due was sent

    @property
    def did_something(self) -> bool:
        return bool(self.sent or self.handed_off or self.failed or self.retrying or self.missed)

    @classmethod
    def of(cls, report: RunReport, *, stopped: bool = False) -> RunSummary:
        """The summary of a runner's report."""
        return cls(
            tuple(report.sent),
            tuple(report.handed_off),
            tuple(report.failed),
            tuple(report.retrying),
            tuple(report.missed),
            tuple(report.reconnect),
            report.busy,
            stopped,
        )


def publish_due(
    workspace: Path, credentials: CredentialStore, *, should_stop: Callable[[], bool] = lambda: False
) -> RunSummary:
    """Publish what is due in `workspace` now, one delivery per claim, with a store of its own.

    Meant for a worker thread: the store is opened and closed here, and `should_stop()` is asked before each
    claim, so a stop finishes the delivery being sent and leaves nothing claimed.
    """
    from studio.publish.runner import Runner, RunOptions  # with the first run, not at app start
    from studio.store import open_store
    from studio.team import claim_strategy
    from studio.workflows.kits import workspace_kit

    with open_store(workspace) as store:
        kit = partial(workspace_kit, store)  # the workspace's brand kit, read as it is at this run
        claimer = claim_strategy(store, credentials)  # a team workspace claims in its hub (HubError: none)
        runner = Runner(store, credentials=credentials, options=RunOptions(batch=1), kit=kit, claimer=claimer)
        report = runner.run(should_stop=should_stop)
    return RunSummary.of(report, stopped=should_stop())


class RunGate:
    """Decides when a run starts: never two at once, and no request is lost while one is running."""

    def __init__(self) -> None:
        self.running = False
        self.pending = False

    def request(self) -> bool:
        """A run is wanted; True when the caller should start one now (else it follows the current run)."""
        if self.running:
            self.pending = True
            return False
        self.running = True
        return True

    def done(self) -> bool:
        """The run ended; True when the caller should start another at once (a request came meanwhile)."""
        if self.pending:
            self.pending = False
            return True
        self.running = False
        return False
