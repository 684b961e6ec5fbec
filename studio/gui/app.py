"""Composition root of the desktop app: builds the services once and hands them to the views and the window.

Nothing here is global: `run_app` builds a `Services` value, `build_window` makes every view from it, and
tests do the same with their own `Services` (synchronous workers, a workspace in `tmp_path`).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from PySide6.QtWidgets import QApplication, QWidget

from studio.errors import ConfigError, UserError
from studio.gui.accounts import AccountsView
from studio.gui.automation import after_shown
from studio.gui.background import Background
from studio.gui.brandwiring import KitBus, brand_view
from studio.gui.compose import ComposeView, TextEngine
from studio.gui.compose.autosave import DraftAutosave
from studio.gui.crash import FatalLog
from studio.gui.crashdialog import install_crash_dialog, offer_previous_crash
from studio.gui.empty import EmptyState
from studio.gui.inbox.background import InboxFetcher
from studio.gui.inbox.page import InboxPage
from studio.gui.incidents import IncidentsPage
from studio.gui.lazy import LazyView
from studio.gui.livestore import LiveStore, follow
from studio.gui.mainwindow import MainWindow
from studio.gui.messages import Level, MessageBridge
from studio.gui.notify import install_notifier
from studio.gui.online import OnlineMonitor
from studio.gui.postlinks import PostLinks
from studio.gui.publisher import BackgroundPublisher
from studio.gui.settings import SettingsStore, WindowSettings, settings_path
from studio.gui.sidebar import ViewEntry
from studio.gui.statusbar import StatusPanel
from studio.gui.teamsync import TeamSync
from studio.gui.theme import Theme
from studio.gui.wheel import guard_wheel
from studio.gui.workers import Workers
from studio.online import account_hosts
from studio.secrets import CredentialStore, KeyringCredentials
from studio.store import Store, open_store
from studio.workspace import logs_dir, workspace_dir

__all__ = ["VIEWS", "Services", "build_services", "build_window", "run_app"]

VIEWS: tuple[ViewEntry, ...] = (
    ViewEntry("compose", "Compose", "compose", "Ctrl+1", "Write a post and see it counted for every network"),
    ViewEntry("drafts", "Drafts", "drafts", "Ctrl+Shift+D", "Every post started and not scheduled yet"),
    ViewEntry("queue", "Queue & calendar", "queue", "Ctrl+2", "Everything scheduled, and what went out"),
    ViewEntry("inbox", "Inbox", "inbox", "Ctrl+Shift+I", "Mentions, replies and quotes to answer"),
    ViewEntry("incidents", "Incidents", "incidents", "Ctrl+3", "Maintenance and outage updates"),
    ViewEntry("archive", "Archive", "archive", "Ctrl+4", "Published posts"),
    ViewEntry("accounts", "Accounts", "accounts", "Ctrl+5", "The team's network accounts"),
    ViewEntry("brand", "Brand", "brand", "Ctrl+6", "The brand kit and its templates"),
)

# What each view will show, said plainly while the part of Studio behind it is not in this build.
_NOT_YET: dict[str, tuple[str, str]] = {
    "compose": (
        "The editor is not in this build yet",
        "Here you will write a post once and see it counted live for X, Mastodon, Bluesky, Threads, "
        "LinkedIn, Facebook and Instagram, with anything past a limit shaded and content checks underlined.",
    ),
    "drafts": (
        "The drafts could not be opened",
        "Every post you started and have not scheduled appears here, the latest change first, once the "
        "workspace opens; the message above says what is wrong with it.",
    ),
    "queue": (
        "The queue could not be opened",
        "Scheduled posts appear here with their status, networks, time and last error once the workspace "
        "opens; the message above says what is wrong with it.",
    ),
    "inbox": (
        "The inbox could not be opened",
        "Mentions, replies and quotes of the team's accounts appear here once the workspace opens; the "
        "message above says what is wrong with it.",
    ),
    "incidents": (
        "Incidents could not be opened",
        "Maintenance and outage updates appear here, each one a running thread posted to every channel at "
        "once, in the brand, once the workspace and the brand kit open; the message above says why.",
    ),
    "archive": (
        "The archive could not be opened",
        "Published posts appear here with where each one went and when, once the workspace opens; the "
        "message above says what is wrong with it.",
    ),
    "accounts": (
        "The accounts could not be opened",
        "The team's network accounts appear here once the workspace opens; the message above says what is "
        "wrong with it. Passwords stay in the system keyring, never in Studio's files.",
    ),
    "brand": (
        "The brand kit is not in this build yet",
        "Here you will see the kit's colours, fonts and logo, and a rendered sample of every template.",
    ),
}


@dataclass(frozen=True, slots=True)
class Services:
    """Everything the views need, built once."""

    app: QApplication
    workspace: Path
    theme: Theme
    messages: MessageBridge
    workers: Workers
    settings_store: SettingsStore
    settings: WindowSettings
    text: TextEngine | None  # studio.text, when this build has it
    has_brand: bool  # studio.brand is in this build (imported when the Brand view is first shown)
    store: Store | None  # None when the workspace could not be opened (the message says why)
    publisher: BackgroundPublisher | None  # publishes what is due; started by run_app, not by tests
    online: OnlineMonitor  # online/offline for the status bar; started by run_app
    credentials: CredentialStore  # the OS keyring; the only way any view reaches a credential
    live: LiveStore | None  # "the workspace changed", whoever changed it; polls while the window shows
    kits: KitBus = field(default_factory=KitBus)  # the workspace's brand kit changed (the Brand view)
    team: TeamSync | None = None  # a team workspace's background sync with its hub; started by run_app


def _optional_core(name: str, needs: tuple[str, ...]) -> object | None:
    """A core module this build may not have yet (the parts land one by one); None when it is missing."""
    if importlib.util.find_spec(name) is None:
        return None
    module = importlib.import_module(name)  # present but broken is a bug, and goes to the crash path
    return module if all(hasattr(module, attr) for attr in needs) else None


def build_services(app: QApplication, *, synchronous: bool = False, demo: bool = False) -> Services:
    """Build the app's services; a broken settings file is reported and replaced by defaults.

    With `demo`, a workspace opened for the first time (empty, never seeded) gets the demo pictures and a
    week of example posts, so the app is alive on first open.
    """
    messages = MessageBridge()
    settings_store = SettingsStore(settings_path())
    try:
        settings = settings_store.load()
    except ConfigError as error:
        settings = WindowSettings()
        messages.user_error(error)
    store: Store | None = None
    try:
        store = open_store(workspace_dir())
        if store.damage is not None:
            # Its bad pages fail any view that reads them, so the app opens as without a workspace and says
            # once which backup to restore; the command line can still read what is left.
            messages.user_error(store.damage)
            store.close()
            store = None
        elif demo:
            _seed_first_run(store, messages)
    except UserError as error:
        messages.user_error(error)
    workers = Workers(synchronous=synchronous)
    credentials = KeyringCredentials()  # keyring itself loads with the first credential asked for
    opened = store
    return Services(
        app=app,
        workspace=workspace_dir(),
        theme=Theme(app),
        messages=messages,
        workers=workers,
        settings_store=settings_store,
        settings=settings,
        text=cast(TextEngine | None, _optional_core("studio.text", ("count_all",))),  # the rest loads lazily
        has_brand=importlib.util.find_spec("studio.brand") is not None,
        store=store,
        publisher=BackgroundPublisher(workspace_dir(), messages, credentials) if store is not None else None,
        online=OnlineMonitor(workers, lambda: account_hosts(opened.accounts.list()) if opened else []),
        credentials=credentials,
        live=LiveStore(store) if store is not None else None,
        team=TeamSync.for_store(store, workspace_dir(), credentials, messages),  # None when solo
    )


def _seed_first_run(store: Store, messages: MessageBridge) -> None:
    from studio.workflows.demo import needs_demo, seed_demo

    if needs_demo(store):
        seeded = seed_demo(store)
        messages.info(
            # Short enough for the status bar beside its other fields in a 1200 px window.
            f"Welcome to Studio: a draft in Compose and {len(seeded.post_ids)} example posts to try; "
            "delete them any time, they won't come back"
        )


def _build_view(entry: ViewEntry, services: Services, links: PostLinks) -> QWidget:
    if entry.id == "compose" and services.text is not None:
        autosave = DraftAutosave(services.store, services.messages) if services.store is not None else None
        compose = ComposeView(
            services.text,
            services.workers,
            services.messages,
            services.theme,
            services.settings.networks,
            autosave,
            services.store,
        )
        services.kits.changed.connect(lambda _kit: compose.set_kit(compose.kit_loader))  # draw anew
        return compose
    if entry.id == "queue" and services.store is not None:
        return LazyView(lambda: _queue_view(services, links))  # hidden at start-up: ~130 ms saved
    if entry.id == "drafts" and services.store is not None:
        return LazyView(lambda: _drafts_view(services, links))
    if entry.id == "accounts" and services.store is not None:
        return AccountsView(
            services.store, services.credentials, services.theme, services.workers, services.messages
        )
    if entry.id == "incidents" and services.store is not None and services.has_brand:
        return IncidentsPage(services.store, lambda: _incidents_view(services, links))
    if entry.id == "archive" and services.store is not None:
        return LazyView(lambda: _archive_view(services, links))
    if entry.id == "inbox" and services.store is not None:
        fetcher = InboxFetcher(
            services.workspace, services.credentials, online=lambda: services.online.online
        )
        return InboxPage(
            services.store, lambda f: _inbox_view(services, f), live=services.live, fetcher=fetcher
        )
    if entry.id == "brand" and services.has_brand:
        return LazyView(lambda: brand_view(services))
    title, text = _NOT_YET[entry.id]
    return EmptyState(services.theme.icon(entry.icon, services.theme.palette.accent, 36), title, text)


def _wake(services: Services) -> Callable[[], None] | None:
    """What a view calls when something became due now: one more run of the background publisher."""
    return services.publisher.poke if services.publisher is not None else None


def _incidents_view(services: Services, links: PostLinks) -> QWidget:
    from studio.gui.incidents.desk import IncidentDesk
    from studio.gui.incidents.view import IncidentsView
    from studio.workflows.kits import workspace_kit

    assert services.store is not None
    try:
        desk = IncidentDesk.build(services.store, services.credentials, workspace_kit(services.store))
    except UserError as error:
        services.messages.user_error(error)
        title, text = _NOT_YET["incidents"]
        return EmptyState(services.theme.icon("incidents", services.theme.palette.accent, 36), title, text)
    view = IncidentsView(
        desk,
        services.text,
        services.workers,
        services.messages,
        services.theme,
        wake_publisher=_wake(services),
    )
    view.held.open_requested.connect(links.open)  # a held post, to change it in Compose
    follow(services.live, view, view.refresh, on_show=False)  # it reads the store when shown anyway
    services.kits.changed.connect(desk.use_kit)  # status cards in the kit the Brand view just saved
    return view


def _queue_view(services: Services, links: PostLinks) -> QWidget:
    from studio.gui.queue import QueueView

    assert services.store is not None
    view = QueueView(services.store, services.theme, services.messages, due_now=_wake(services), links=links)
    follow(services.live, view, view.refresh, on_show=False)
    return view


def _drafts_view(services: Services, links: PostLinks) -> QWidget:
    from studio.gui.drafts import DraftsView

    assert services.store is not None
    view = DraftsView(services.store, services.theme, services.messages, links)
    follow(services.live, view, view.follow_store, on_show=False)
    return view


def _archive_view(services: Services, links: PostLinks) -> QWidget:
    from studio.gui.archive import ArchiveView

    assert services.store is not None
    view = ArchiveView(
        services.store, services.workers, services.messages, services.theme, duplicate_post=links.duplicate
    )
    follow(services.live, view, view.follow_store, on_show=False)
    return view


def _inbox_view(services: Services, fetcher: InboxFetcher | None) -> QWidget:
    from studio.gui.inbox.view import InboxView

    assert services.store is not None
    view = InboxView(services.store, services.theme, services.messages, fetcher, wake=_wake(services))
    follow(services.live, view, view.follow_store, on_show=False)
    return view


def build_window(services: Services) -> MainWindow:
    """The main window with every view, wired to the services."""
    links = PostLinks()  # the views open posts in Compose through it, once the window exists
    views = [(entry, _build_view(entry, services, links)) for entry in VIEWS]

    compose = views[0][1]

    def save(settings: WindowSettings) -> None:
        if isinstance(compose, ComposeView):
            settings = replace(settings, networks=compose.selected_networks())
            if compose.autosave is not None:
                compose.flush()  # the last words, pictures and alt text before closing
        try:
            services.settings_store.save(settings)
        except OSError as error:
            services.messages.error(
                f"Window settings could not be saved to {services.settings_store.path}", error.strerror or ""
            )

    status = StatusPanel(services.store, services.theme)
    window = MainWindow(
        views,
        services.theme,
        services.messages,
        services.settings,
        services.workspace,
        on_close=save,
        status=status,
    )
    links.bind(window, compose if isinstance(compose, ComposeView) else None)
    status.error_clicked.connect(lambda: window.show_view("queue"))
    services.online.checked.connect(status.show_reachability)
    if services.live is not None:
        services.live.watch(window)  # polls while the window is on screen
        follow(services.live, status, status.refresh)
        services.live.changed.connect(services.online.check_if_servers_changed)  # an account added
    if services.publisher is not None:
        services.publisher.run_finished.connect(status.refresh)
        services.online.came_online.connect(services.publisher.poke)
    if services.team is not None:
        services.team.follow(status, services.live)  # the indicator; a change here syncs soon
    for message in services.messages.history:  # posted before the window existed (e.g. bad settings)
        if message.level is Level.INFO:
            window.status_label.setText(message.text)  # e.g. the welcome after seeding the demo
        else:
            window.message_bar.show_message(message)
    return window


def _display_problem() -> str | None:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return "no display to open the window on (run it in a desktop session, or under `xvfb-run -a make run`)"


def run_app(argv: Sequence[str]) -> int:
    """Open the main window and run the event loop until it closes; returns the exit status."""
    problem = _display_problem()
    if problem:
        print(f"error: studio: {problem}", file=sys.stderr)  # noqa: T201 - before any window exists
        return 1
    app = QApplication(list(argv))
    app.setApplicationName("Studio")
    app.setApplicationDisplayName("Studio")
    app.setDesktopFileName("studio")
    wheel = guard_wheel(app)  # the wheel over an unfocused box scrolls its pane, not its value
    services = build_services(app, demo=True)
    fatal = FatalLog(logs_dir())
    window = build_window(services)
    install_notifier(window, services)  # ready handoffs, failures and the tray reach the person
    offer_previous_crash(window, fatal)
    fatal.arm()
    crash = install_crash_dialog(window)
    window.show()
    after_shown(window, services.workers)
    background = Background(services, window)  # after the first paint: nothing may delay the window
    background.start()
    try:
        status = app.exec()
    finally:
        background.stop()
        crash.uninstall()
        app.removeEventFilter(wheel)
        services.workers.wait_done()
        if services.store is not None:
            services.store.close()
        fatal.disarm()
    return status
