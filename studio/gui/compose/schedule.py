"""The schedule bar under Compose: which accounts, when (a time or the next free slot), review or schedule.

It only gathers the choice and shows what is wrong; the Compose view saves the draft and asks the guardrails
(`studio.workflows.posting`), which refuse what may not go out with the fix. A content finding the person
may override shows "Post anyway", naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QDateTime, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.gui.flow import FlowLayout
from studio.platforms import network_by_id
from studio.store import Account, PostStatus, Store
from studio.store.times import now_utc
from studio.store.zones import user_zone
from studio.workflows.scheduling import Problem

__all__ = ["ScheduleChoice", "SchedulePanel", "account_for", "say"]


@dataclass(frozen=True, slots=True)
class ScheduleChoice:
    """What the user asked for: these accounts, at `when` (None: now), into `status`."""

    account_ids: tuple[int, ...]
    when: datetime | None
    status: PostStatus


class SchedulePanel(QFrame):
    """Account chips, the time, and the two buttons (Send to review, Schedule).

    Signals:
        requested(object): a `ScheduleChoice` the user confirmed (button or Ctrl+Enter).
        accounts_changed(): the chosen accounts changed (the previews show the chosen account per network).
    """

    requested = Signal(object)
    accounts_changed = Signal()
    override = Signal(object)  # the content rules the person chose to post anyway (a frozenset)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setObjectName("SchedulePanel")
        self.accounts: list[Account] = []
        self.account_chips: dict[int, QToolButton] = {}

        title = QLabel("Post to")
        title.setObjectName("SectionTitle")
        self._chips = FlowLayout(spacing=6)
        self.no_accounts = QLabel("No accounts yet: add one in the Accounts view (Ctrl+5).")
        self.no_accounts.setObjectName("ViewSubtitle")

        self.at_time = QRadioButton("At")
        self.at_time.setChecked(True)
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        # The theme's padded month bar makes the popup taller than Qt measures: the last week was cut off.
        self.when.calendarWidget().setMinimumSize(360, 240)
        self.when.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.when.setAccessibleName("Date and time to publish")
        self.next_slot = QRadioButton("Next free slot")
        self.next_slot.setAccessibleName("Publish at the next free posting slot of the chosen accounts")
        self.slot_label = QLabel("")
        self.slot_label.setObjectName("ViewSubtitle")
        group = QButtonGroup(self)
        group.addButton(self.at_time)
        group.addButton(self.next_slot)
        self.next_slot.toggled.connect(self._on_next_slot_toggled)

        self.review_button = QPushButton("Send to review")
        self.review_button.setToolTip("A reviewer approves it before it is scheduled")
        self.review_button.clicked.connect(lambda: self.request(PostStatus.IN_REVIEW))
        self.schedule_button = QPushButton("Schedule")
        self.schedule_button.setObjectName("Primary")
        self.schedule_button.setDefault(True)
        self.schedule_button.clicked.connect(lambda: self.request(PostStatus.SCHEDULED))
        self.problem = QLabel("")
        self.problem.setObjectName("Problem")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("What stops scheduling")
        self.problem.hide()
        self.anyway = QPushButton("Post anyway")
        self.anyway.setObjectName("Danger")
        self.anyway.hide()
        self.anyway.clicked.connect(self._on_anyway_clicked)
        self._allowable: frozenset[str] = frozenset()
        self._editing = False
        self._status = PostStatus.SCHEDULED

        when_box = QWidget()
        when_layout = QHBoxLayout(when_box)
        when_layout.setContentsMargins(0, 0, 0, 0)
        when_layout.addWidget(self.at_time)
        when_layout.addWidget(self.when)
        when_layout.addSpacing(12)
        when_layout.addWidget(self.next_slot)
        when_layout.addWidget(self.slot_label)
        buttons = QWidget()
        buttons_layout = QHBoxLayout(buttons)
        buttons_layout.setContentsMargins(0, 0, 0, 0)
        buttons_layout.addWidget(self.review_button)
        buttons_layout.addWidget(self.schedule_button)
        when_row = FlowLayout(spacing=16)  # wraps on narrow windows instead of forcing a wide minimum
        when_row.addWidget(when_box)
        when_row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(6)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addLayout(self._chips, 1)
        layout.addLayout(head)
        layout.addWidget(self.no_accounts)
        layout.addLayout(when_row)
        problem_row = QHBoxLayout()
        problem_row.addWidget(self.problem, 1)
        problem_row.addWidget(self.anyway, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(problem_row)
        self.refresh()

    # --- what the Compose view asks ------------------------------------------------------------------

    @property
    def solo(self) -> bool:
        """Solo mode: posts may go straight to the queue (otherwise they go through review)."""
        return self._store.settings.get().solo_mode

    def zone(self) -> tzinfo | None:
        """The zone times are shown and entered in, as `queue add --at` reads them (None: the computer's)."""
        try:
            return user_zone(self._store.settings.get().display_timezone)
        except UserError:
            return None  # a bad zone name is reported where it is set; the computer's zone meanwhile

    def refresh(self) -> None:
        """Reload the accounts (one may have been added in the Accounts view) and the review setting."""
        chosen = set(self.chosen_ids())
        self.accounts = self._store.accounts.list()
        while (item := self._chips.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.account_chips = {}
        for account in self.accounts:
            chip = QToolButton()
            chip.setObjectName("NetworkChip")
            chip.setText(f"{account.name} · {network_by_id(account.network).name}")
            chip.setCheckable(True)
            chip.setChecked(account.id in chosen)
            chip.setAccessibleName(f"Post to {account.name} on {network_by_id(account.network).name}")
            chip.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            if account.needs_reconnect:
                chip.setToolTip(f"Needs reconnecting: {account.reconnect_reason}")
            chip.toggled.connect(self._on_chip_toggled)
            self.account_chips[account.id] = chip
            self._chips.addWidget(chip)
        self.no_accounts.setVisible(not self.accounts)
        solo = self.solo
        if self._editing:
            return
        self.schedule_button.setEnabled(solo)
        self.schedule_button.setToolTip(
            "Put it in the queue (Ctrl+Enter)"
            if solo
            else "Review is on in this workspace: send it to review; a reviewer schedules it"
        )
        self.review_button.setToolTip(
            "A reviewer approves it before it is scheduled" + ("" if solo else " (Ctrl+Enter)")
        )
        if self.when.dateTime() < QDateTime.currentDateTime():
            self.set_when(_next_quarter(now_utc().astimezone(self.zone()) + timedelta(hours=1)))
        self._show_slot()

    def chosen_ids(self) -> list[int]:
        """The accounts whose chips are on, in the order they are listed."""
        return [i for i, chip in self.account_chips.items() if chip.isChecked()]

    def set_chosen(self, account_ids: Sequence[int]) -> None:
        """Turn on exactly these accounts' chips (a post opened in Compose)."""
        wanted = set(account_ids)
        for account_id, chip in self.account_chips.items():
            chip.blockSignals(True)
            chip.setChecked(account_id in wanted)
            chip.blockSignals(False)
        self._show_slot()
        self.accounts_changed.emit()

    def set_editing(self, editing: bool) -> None:
        """Editing a post already in the queue: one button, Save changes (it keeps its review status)."""
        self._editing = editing
        self.review_button.setVisible(not editing)
        self.schedule_button.setText("Save changes" if editing else "Schedule")
        self.schedule_button.setEnabled(True)
        self.schedule_button.setToolTip("Save the changes to the queued post (Ctrl+S)" if editing else "")
        if not editing:
            self.refresh()

    def chosen(self) -> list[Account]:
        """The chosen accounts."""
        ids = set(self.chosen_ids())
        return [a for a in self.accounts if a.id in ids]

    def set_when(self, moment: datetime) -> None:
        """Show this time (in the workspace's zone) in the date and time field."""
        local = moment.astimezone(self.zone())
        self.when.setDateTime(QDateTime(local.year, local.month, local.day, local.hour, local.minute, 0))

    def chosen_time(self) -> datetime:
        """The time in the field, as an aware datetime in the workspace's zone."""
        value = self.when.dateTime()
        date, clock = value.date(), value.time()
        naive = datetime(date.year(), date.month(), date.day(), clock.hour(), clock.minute())
        zone = self.zone()
        return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()

    def request(self, status: PostStatus | None = None) -> None:
        """Ask for the post to be scheduled (or sent to review); Ctrl+Enter picks what the setting allows."""
        if status is None:
            status = PostStatus.SCHEDULED if self.solo or self._editing else PostStatus.IN_REVIEW
        self._status = status
        self.show_problem("")
        if not self.accounts:
            self.show_problem("There are no accounts to post to yet: add one in the Accounts view (Ctrl+5).")
            return
        if not self.chosen_ids():
            self.show_problem("Choose at least one account to post to.")
            return
        if status is PostStatus.SCHEDULED and not self.solo and not self._editing:
            self.show_problem("Review is on in this workspace: send the post to review instead.")
            return
        try:
            when = self._slot_time() if self.next_slot.isChecked() else self.chosen_time()
        except UserError as error:
            self.show_problem(say(error))
            return
        if when < now_utc():
            shown = when.astimezone(self.zone()).strftime("%a %d %b %H:%M")
            self.show_problem(f"{shown} is in the past: pick a later time.")
            return
        self.requested.emit(ScheduleChoice(tuple(self.chosen_ids()), when, status))

    def show_problem(self, text: str) -> None:
        """Say what stops scheduling (empty: nothing)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.anyway.hide()

    def show_refusal(self, problems: Sequence[Problem]) -> None:
        """Every reason the guardrails gave; when each is a content finding, offer to post anyway."""
        lines = [f"• {p.line()}" for p in problems]
        self.show_problem("It cannot go out yet:\n" + "\n".join(lines))
        if problems and all(p.allowable for p in problems):
            self._allowable = frozenset(p.rule for p in problems)
            names = ", ".join(sorted(r.replace("-", " ") for r in self._allowable))
            self.anyway.setText(f"Post anyway ({names})")
            self.anyway.setToolTip("Post it as it is; the override is kept in the post's history")
            self.anyway.show()

    @Slot()
    def _on_anyway_clicked(self) -> None:
        self.anyway.hide()
        self.override.emit(self._allowable)
        self.request(self._status)

    # --- inside ---------------------------------------------------------------------------------------

    def _slot_time(self) -> datetime:
        """The latest of the chosen accounts' next free slots: free on the account that is busiest."""
        from studio.workflows.slots import next_free_slot  # the workflows load when slots are asked for

        return max(next_free_slot(self._store, a.name) for a in self.chosen())

    def _show_slot(self) -> None:
        if not self.next_slot.isChecked():
            self.slot_label.setText("")
            return
        if not self.chosen_ids():
            self.slot_label.setText("choose an account")
            return
        try:
            slot = self._slot_time()
        except UserError as error:
            self.slot_label.setText("")
            self.show_problem(say(error))
            return
        self.show_problem("")
        self.slot_label.setText(slot.astimezone(self.zone()).strftime("%a %d %b %H:%M"))

    @Slot(bool)
    def _on_chip_toggled(self, _checked: bool) -> None:
        self._show_slot()
        self.accounts_changed.emit()

    @Slot(bool)
    def _on_next_slot_toggled(self, checked: bool) -> None:
        self.when.setEnabled(not checked)
        self._show_slot()


def say(error: UserError) -> str:
    """A core error as one line: what, why and the fix."""
    text = f"{error.what}: {error.why}" if error.what else error.why
    return f"{text} ({error.fix})" if error.fix else text


def _next_quarter(moment: datetime) -> datetime:
    """Round up to the next quarter hour: a time people would pick."""
    extra = (15 - moment.minute % 15) % 15
    return (moment + timedelta(minutes=extra)).replace(second=0, microsecond=0)


def account_for(accounts: Sequence[Account], network: str) -> Account | None:
    """The first chosen account on `network` (what its preview shows as the author)."""
    return next((a for a in accounts if a.network == network), None)
