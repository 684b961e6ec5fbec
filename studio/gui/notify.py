"""Telling a person what waits for them: a ready handoff folder, a post failed for good, a refused sign-in.

    notifier = install_notifier(window, services)   # the one line in `studio.gui.app`

Where the desktop has a system tray (`QSystemTrayIcon.isSystemTrayAvailable()`), Studio puts an icon there
whose tooltip and menu give the number of posts ready to post by hand, and shows a desktop notification
"Ready to post on Instagram: <first line>" when a folder is ready. A notification carries no buttons, so
clicking it opens the ready-to-post panel (`studio.gui.readypanel`) with Open folder, Copy caption, Copy alt
text and Mark as posted. Without a tray the app's own message bar says the same, with a button that opens the
same panel. Failures that need a person are already in the message bar; with a tray they also pop up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from studio.errors import UserError
from studio.gui.handoffs import ACTIONS, Handoff, HandoffSteps, ask_post_link, load_handoff
from studio.gui.messages import MessageBridge
from studio.gui.readypanel import ReadyPanel
from studio.gui.statusbar import StatusPanel
from studio.gui.theme import Theme
from studio.store import Store
from studio.words import counted, first_line

if TYPE_CHECKING:
    from studio.gui.app import Services

__all__ = ["Notice", "Notifier", "handoff_notice", "install_notifier", "waiting_words"]

OPEN_PANEL = "Post by hand…"  # the message bar's button: the panel with the four actions
_SHOWN_MS = 15_000
_MENU_ITEMS = 8


@dataclass(frozen=True, slots=True)
class Notice:
    """What a handoff notification says, and what the person can do from it."""

    title: str  # the desktop notification's title: "Ready to post on Instagram: <first line>"
    body: str  # its text
    text: str  # the same news in one line, for the window's message bar
    actions: tuple[str, ...] = ACTIONS  # offered in the panel a click on the notification opens


def handoff_notice(handoffs: Sequence[Handoff]) -> Notice:
    """The notification for the folders one run made ready (at least one)."""
    last = handoffs[-1]
    if len(handoffs) == 1:
        line = first_line(last.caption)
        where = f"on {last.network_name}" + (f": {line}" if line else "")
        return Notice(
            last.headline,
            f"{last.account_name} · open it to copy the caption and alt text, then mark it as posted",
            f"Ready to post by hand {where}",
        )
    title = f"{counted(len(handoffs), 'post')} ready to post by hand"
    return Notice(title, "\n".join(h.headline for h in handoffs), f"{title}; the last: {last.headline}")


def waiting_words(count: int) -> str:
    """The tray's tooltip: how many handoffs wait for the person."""
    if count == 0:
        return "Studio: nothing waits to be posted by hand"
    return f"Studio: {counted(count, 'post')} ready to post by hand"


class Notifier(QObject):
    """Hears the background publisher's news that needs a person (it is the publisher's `listener`).

    Signals:
        waiting_changed(int): how many handed-off posts now wait to be posted by hand.
    """

    waiting_changed = Signal(int)

    def __init__(
        self,
        store: Store,
        messages: MessageBridge,
        theme: Theme,
        window: QWidget | None = None,
        *,
        tray: bool | None = None,
        ask_url: Callable[[Handoff], str | None] | None = None,
    ) -> None:
        super().__init__(window)
        self._store = store
        self._messages = messages
        self._window = window
        self.steps = HandoffSteps(
            store,
            messages,
            ask_url=ask_url or (lambda h: ask_post_link(self.panel or self._window, h)),
            changed=lambda _h: self.refresh(),
        )
        self.panel: ReadyPanel | None = None
        self.last: list[Handoff] = []  # what the latest notification was about
        self.waiting: list[Handoff] = []
        self._ids: list[int] = []
        self._counted = False
        use_tray = QSystemTrayIcon.isSystemTrayAvailable() if tray is None else tray
        self.tray = self._make_tray(theme) if use_tray else None
        self.refresh()

    # --- the publisher's listener ------------------------------------------------------------------------
    def handed_off(self, items: tuple[tuple[int, str], ...]) -> bool:
        """Ready folders were written: a notification (tray) and a message with the panel's button."""
        handoffs = self._load([delivery_id for delivery_id, _folder in items])
        if not handoffs:
            return False
        self.last = handoffs
        notice = handoff_notice(handoffs)
        if self.tray is not None:
            self.tray.showMessage(
                notice.title, notice.body, QSystemTrayIcon.MessageIcon.Information, _SHOWN_MS
            )

        def open_panel() -> None:
            self.show_panel(handoffs)

        self._messages.info(notice.text, action=(OPEN_PANEL, open_panel))
        self.refresh()
        return True

    def needs_person(self, text: str, fix: str) -> None:
        """A failure for good or a refused sign-in: the message bar has it; the desktop hears of it too."""
        if self.tray is not None:
            body = f"{text} ({fix})" if fix else text
            self.tray.showMessage("Studio needs you", body, QSystemTrayIcon.MessageIcon.Warning, _SHOWN_MS)

    # --- the panel and the count -------------------------------------------------------------------------
    def show_panel(self, handoffs: Sequence[Handoff] = ()) -> ReadyPanel | None:
        """Open the ready-to-post panel on these handoffs (all that wait, when none is given or left)."""
        self.refresh()
        still = {h.delivery_id for h in self.waiting}
        chosen = [h for h in self._load([h.delivery_id for h in handoffs]) if h.delivery_id in still]
        chosen = chosen or self.waiting
        if not chosen:
            self._messages.info("Nothing waits to be posted by hand: it was marked as posted or cancelled")
            return None
        if self.panel is not None:
            self.panel.close()
        self.panel = ReadyPanel(chosen, self.steps, self._window)
        self.panel.show()
        self.panel.raise_()
        self.panel.activateWindow()
        return self.panel

    @Slot()
    def refresh(self) -> None:
        """Count what waits for the person again (after a run, or a handoff marked as posted)."""
        ids = [d.id for d in self._store.deliveries.awaiting_confirmation()]
        if ids == self._ids and self._counted:
            return  # most changes (a post sent, a draft saved) leave the handoffs as they were
        self._ids, self._counted = ids, True
        self.waiting = self._load(ids)
        if self.tray is not None:
            self.tray.setToolTip(waiting_words(len(self.waiting)))
            self._fill_menu()
        self.waiting_changed.emit(len(self.waiting))

    def _load(self, delivery_ids: Sequence[int]) -> list[Handoff]:
        found = []
        for delivery_id in delivery_ids:
            try:
                found.append(load_handoff(self._store, delivery_id))
            except UserError:  # deleted meanwhile (its account removed): nothing to tell
                continue
        return [h for h in found if h.waiting]

    # --- the tray ----------------------------------------------------------------------------------------
    def _make_tray(self, theme: Theme) -> QSystemTrayIcon:
        tray = QSystemTrayIcon(theme.icon("queue", theme.palette.accent, 32), self)
        self.menu = QMenu()
        tray.setContextMenu(self.menu)
        tray.messageClicked.connect(self._on_tray_message_clicked)
        tray.activated.connect(self._on_tray_activated)
        tray.show()
        return tray

    def _fill_menu(self) -> None:
        self.menu.clear()
        heading = self.menu.addAction(waiting_words(len(self.waiting)).removeprefix("Studio: ").capitalize())
        heading.setEnabled(False)
        for handoff in self.waiting[:_MENU_ITEMS]:
            action = self.menu.addAction(handoff.headline)
            action.triggered.connect(lambda _checked=False, h=handoff: self.show_panel([h]))
        self.menu.addSeparator()
        self.menu.addAction("Show Studio").triggered.connect(self._show_window)

    @Slot()
    def _on_tray_message_clicked(self) -> None:
        self.show_panel(self.last)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self._show_window()

    def _show_window(self) -> None:
        if self._window is not None:
            self._window.showNormal()
            self._window.raise_()
            self._window.activateWindow()


def install_notifier(window: QWidget, services: Services) -> Notifier | None:
    """Make the notifier and hand it the background publisher's news (None: no workspace to watch)."""
    if services.store is None or services.publisher is None:
        return None
    notifier = Notifier(services.store, services.messages, services.theme, window)
    services.publisher.listener = notifier
    services.publisher.run_finished.connect(notifier.refresh)
    live = getattr(services, "live", None)  # the workspace's change signal, where this build has it
    if live is not None:
        live.changed.connect(notifier.refresh)  # marked as posted from the queue, the CLI, another app
    panel = window.findChild(StatusPanel)
    if panel is not None:  # "2 posts ready to post by hand" in the status bar opens the same panel
        notifier.waiting_changed.connect(panel.show_ready)
        panel.ready_clicked.connect(lambda: notifier.show_panel())
        notifier.refresh()
        panel.show_ready(len(notifier.waiting))
    return notifier
