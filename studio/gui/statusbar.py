"""The status bar's right side: online or offline, what goes out next, what an outage holds, the last
publishing error and, in a team workspace, how it stands with the team's hub. It reads the store again
whenever the workspace changes (`studio.gui.livestore`)."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from studio.errors import UserError
from studio.gui.held import read_holds
from studio.gui.teamsync import TeamState
from studio.gui.theme import Theme
from studio.online import Reachability
from studio.store import Store
from studio.store.schedule import NextDue
from studio.store.status import LastError, last_error
from studio.store.times import now_utc
from studio.store.zones import user_zone
from studio.words import counted

__all__ = ["StatusPanel", "describe_due", "describe_team"]

_ERROR_CHARS = 90


def describe_due(due_at: datetime, now: datetime, zone: tzinfo | None) -> str:
    """When, as a person says it: `now`, `in 12 min`, `today 14:30`, `tomorrow 09:00`, `Tue 2 Dec 10:00`."""
    if due_at <= now:
        return "now"
    if due_at - now < timedelta(hours=1):
        return f"in {max(1, round((due_at - now).total_seconds() / 60))} min"
    local, today = due_at.astimezone(zone), now.astimezone(zone).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"today {clock}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {clock}"
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b')} {clock}"


def describe_team(state: TeamState, now: datetime) -> tuple[str, str]:
    """What the team indicator says, and its tooltip: synced when, syncing, offline with what waits."""
    waiting = counted(state.waiting, "change")
    if state.syncing and (state.asked or (state.synced_at is None and not state.offline)):
        return "Syncing…", "Sending this laptop's changes to the team hub and taking the others'"
    if state.refused:
        return "Team hub refused the sign-in", f"{state.offline}\nClick to try again"
    if state.offline:
        text = f"Offline: {waiting} waiting" if state.waiting else "Offline: nothing waiting"
        return text, f"{state.offline}\nYour changes stay on this laptop; click to try again"
    if state.synced_at is None:
        return "Not synced yet", "Click to sync with the team hub now"
    seconds = max(0, int((now - state.synced_at).total_seconds()))
    ago = "just now" if seconds < 5 else f"{seconds} s ago" if seconds < 60 else f"{seconds // 60} min ago"
    tip = f"{waiting} waiting for the next round" if state.waiting else "Everything made here is in the hub"
    return f"Synced {ago}", f"{tip}; the team's changes come in every 10 s. Click to sync now"


class StatusPanel(QWidget):
    """Three facts for the status bar; `refresh()` re-reads the queue, `show_reachability()` the network.

    Signals:
        error_clicked(): the user clicked the last error (the window shows the queue).
        ready_clicked(): the user clicked "N ready to post by hand" (the notifier opens its panel).
        sync_clicked(): the user clicked the team indicator (a sync round now).
    """

    error_clicked = Signal()
    ready_clicked = Signal()
    sync_clicked = Signal()

    def __init__(self, store: Store | None, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._theme = theme
        self._online: Reachability | None = None
        self.next: NextDue | None = None
        self.error: LastError | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(4)
        self.online_label = QLabel()
        self.online_label.setObjectName("StatusOnline")
        self.next_label = QLabel()
        self.next_label.setObjectName("StatusNext")
        self.next_label.setAccessibleName("Next post due")
        self.error_button = QPushButton()
        self.error_button.setObjectName("StatusError")
        self.error_button.setFlat(True)
        self.error_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.error_button.clicked.connect(self._on_error_button_clicked)
        self.error_button.hide()
        self.held_label = QLabel()
        self.held_label.setObjectName("StatusHeld")
        self.held_label.hide()
        self.ready_button = QPushButton()  # shown by the notifier while handoffs wait for the person
        self.ready_button.setObjectName("StatusReady")
        self.ready_button.setFlat(True)
        self.ready_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.ready_button.setToolTip("Open folder, copy caption and alt text, mark as posted")
        self.ready_button.clicked.connect(self.ready_clicked)
        self.ready_button.hide()
        self.team_button = QPushButton()  # shown once a team workspace's sync reports (studio.gui.teamsync)
        self.team_button.setObjectName("StatusTeam")
        self.team_button.setFlat(True)
        self.team_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.team_button.clicked.connect(self.sync_clicked)
        self.team_button.hide()
        self.team: TeamState | None = None
        layout.addWidget(self.ready_button)
        layout.addWidget(self.error_button)
        layout.addWidget(self.next_label)
        layout.addWidget(self.held_label)
        layout.addWidget(self.team_button)
        layout.addWidget(self.online_label)
        self._show_online()
        self.refresh()
        theme.changed.connect(self._on_theme_changed)

    @property
    def online_text(self) -> str:
        """What the online indicator says (for tests and screen readers)."""
        return self.online_label.accessibleName()

    @Slot()
    def refresh(self) -> None:
        """Re-read what is due next, what is held and the last error (a few indexed queries)."""
        if self._store is None:
            self.next_label.setText("")
            return
        try:
            self.next, self.error = self._store.schedule.next_due(), last_error(self._store)
            zone = user_zone(self._store.settings.get().display_timezone)
            stranded = self._store.schedule.scheduled_without_accounts() if self.next is None else 0
            accounts = len(self._store.accounts.list()) if stranded else 0
            held = read_holds(self._store).summary()
        except UserError as error:  # the database went away under us: say so where the facts would be
            self.next_label.setText("Queue unreadable")
            self.next_label.setToolTip(error.line())
            return
        if stranded and not accounts:
            # "Nothing scheduled" under a calendar full of posts would be a riddle (the demo's posts, say).
            self.next_label.setText(f"{stranded} scheduled, no account to post to")
            self.next_label.setToolTip(
                "These posts have no account to go to, so nothing will be sent; accounts are added in the "
                "Accounts view (Ctrl+5)"
            )
        elif stranded:
            self.next_label.setText(f"{counted(stranded, 'scheduled post')} without accounts chosen")
            self.next_label.setToolTip(
                "Nothing is sent until each has its accounts: open it from the queue (double-click) and tick "
                "the accounts it goes to"
            )
        elif self.next is None:
            self.next_label.setText("Nothing scheduled")
            self.next_label.setToolTip("Scheduled posts go out by themselves while Studio is open")
        else:
            when = describe_due(self.next.at, now_utc(), zone)
            self.next_label.setText(f"Next: {when} · {self.next.account_name}")
            self.next_label.setToolTip(
                f"Post {self.next.post_id} to {self.next.network}: {_excerpt(self.next.body)}"
            )
        self.held_label.setText(held)
        self.held_label.setToolTip("They go out when the outage is resolved; nothing is lost")
        self.held_label.setVisible(bool(held))
        self._show_error(self.error)

    @Slot(int)
    def show_ready(self, count: int) -> None:
        """How many handed-off posts wait to be posted by hand (0 hides it)."""
        self.ready_button.setText(f"{counted(count, 'post')} ready to post by hand")
        self.ready_button.setAccessibleName(self.ready_button.text())
        self.ready_button.setVisible(count > 0)

    @Slot(object)
    def show_reachability(self, answer: Reachability) -> None:
        """Show the answer of an online check."""
        self._online = answer
        self._show_online()

    @Slot(object)
    def show_team(self, state: TeamState) -> None:
        """Show how this laptop stands with the team's hub (a round's outcome, or time passing)."""
        self.team = state
        text, tip = describe_team(state, now_utc())
        palette = self._theme.palette
        colour = palette.danger if state.refused else palette.warning if state.offline else palette.muted
        self.team_button.setText(text)
        self.team_button.setToolTip(tip)
        self.team_button.setAccessibleName(f"Team sync: {text}")
        self.team_button.setStyleSheet(f"color: {colour}; padding: 0 6px;")
        self.team_button.show()

    def _show_error(self, error: LastError | None) -> None:
        if error is None:
            self.error_button.hide()
            return
        text = " ".join(error.error.split())
        short = text if len(text) <= _ERROR_CHARS else text[: _ERROR_CHARS - 1].rstrip() + "…"
        word = "Will retry" if error.state == "retrying" else "Failed"
        self.error_button.setText(f"{word}: {error.account_name}: {short}")
        self.error_button.setToolTip(f"Post {error.post_id}: {text}\nClick to open the queue")
        self.error_button.setAccessibleName(f"Last publishing error: {error.account_name}: {text}")
        self.error_button.show()

    def _show_online(self) -> None:
        palette = self._theme.palette
        answer = self._online
        if answer is None:
            word, colour, tip = "Checking network…", palette.muted, "The account servers are being reached"
        elif not answer.checked:
            word, colour = "No server to reach", palette.muted
            tip = f"Nothing to check: {answer.detail}"
        elif answer.all_reached:
            word, colour, tip = "Online", palette.success, answer.detail
        elif answer.online:  # some servers answered, not all: name the ones that did not
            word, colour = f"Could not reach {', '.join(answer.unreachable_hosts)}", palette.warning
            tip = answer.detail
        else:
            word, colour, tip = "Offline", palette.danger, answer.detail
        self.online_label.setText(f'<span style="color:{colour}">●</span> {word}')
        self.online_label.setAccessibleName(word)
        self.online_label.setToolTip(tip)
        self.error_button.setStyleSheet(f"color: {palette.danger}; text-align: left; padding: 0 6px;")

    @Slot(object)
    def _on_theme_changed(self, _palette: object) -> None:
        self._show_online()  # the dot's colour and the error's follow the theme
        if self.team is not None:
            self.show_team(self.team)

    @Slot()
    def _on_error_button_clicked(self) -> None:
        self.error_clicked.emit()


def _excerpt(body: str, limit: int = 60) -> str:
    """The start of a post's text on one line, for a tooltip."""
    text = " ".join(body.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
