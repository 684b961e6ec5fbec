"""The app's background work, started after the first paint and stopped when the window closes.

The network check, the publisher, the team sync (a team workspace only), the metrics pull and the inbox
fetch each run on their own worker; none of them may delay the window, so each starts a little later than
the one before, and its imports happen then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.gui.inbox.page import InboxPage
from studio.gui.mainwindow import MainWindow

if TYPE_CHECKING:
    from studio.gui.app import Services
    from studio.gui.archive.background import MetricsPuller
    from studio.gui.inbox.background import InboxFetcher

__all__ = ["Background"]


class Background:
    """Starts the app's background services in order, and stops them all."""

    def __init__(self, services: Services, window: MainWindow) -> None:
        self._services = services
        self._window = window
        self._metrics: MetricsPuller | None = None
        self._fetcher: InboxFetcher | None = None

    def start(self) -> None:
        services = self._services
        services.online.start(delay_ms=500)
        if services.publisher is not None:
            services.publisher.start(delay_ms=1500)
        if services.team is not None:
            services.team.start(delay_ms=1000)  # psycopg loads in its worker, after the first paint
        if services.store is not None:  # likes, reposts and replies of what was sent, every 15 minutes
            from studio.gui.archive.background import MetricsPuller

            self._metrics = MetricsPuller(services.workspace, services.credentials, services.messages)
            self._metrics.start(delay_ms=5000)
        inbox = self._window.view_widget("inbox")  # mentions, replies and quotes, every 5 minutes online
        self._fetcher = inbox.fetcher if isinstance(inbox, InboxPage) else None
        if self._fetcher is not None:
            self._fetcher.start(delay_ms=8000)
            services.online.came_online.connect(self._fetcher.check_now)  # back online: what came meanwhile

    def stop(self) -> None:
        services = self._services
        services.online.stop()
        if services.publisher is not None:
            services.publisher.stop()  # finishes the delivery being sent; claims nothing new
        if services.team is not None:
            services.team.stop()  # the round on its way ends (a silent hub times out in 5 s)
        if self._metrics is not None:
            self._metrics.stop()  # a pull never waits for a rate limit, so this is quick
        if self._fetcher is not None:
            self._fetcher.stop()
