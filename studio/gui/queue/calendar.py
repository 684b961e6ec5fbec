"""The calendar: a month or a week of scheduled posts, one chip per post; drag one to another day to move it.

Keyboard: Tab to a chip, Alt+Left/Right moves it a day, Alt+Up/Down a week, Enter (or a double-click) opens
it in Compose; the chip's menu (right-click or the Menu key) has "Move to…" and the queue's other actions.
Moves keep the post's time of day.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QDrag, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.gui.drafts.people import PeopleReader
from studio.gui.held import Holds, read_holds
from studio.gui.messages import MessageBridge
from studio.gui.queue.actions import Action, QueueOps, Target, actions_for, why_fixed
from studio.gui.queue.calendarstyle import calendar_style
from studio.gui.queue.chip import PostChip
from studio.gui.queue.daycell import MIME, DayCell
from studio.gui.queue.days import day_bounds, local_day, month_grid, move_to_day, week_of
from studio.gui.queue.menu import build_menu
from studio.gui.theme import Theme
from studio.store import Store
from studio.store.schedule import CalendarPost

if TYPE_CHECKING:
    from studio.team.people import PostPeople

__all__ = ["MIME", "CalendarView", "DayCell", "PostChip"]


class CalendarView(QWidget):
    """Month and week views of the store's scheduled posts.

    Signals:
        reloaded(): the days on show were read from the store and drawn again.
    """

    reloaded = Signal()

    def __init__(
        self,
        store: Store,
        ops: QueueOps,
        messages: MessageBridge,
        theme: Theme,
        zone: tzinfo | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.ops = ops
        self._messages = messages
        self._theme = theme
        self.zone = zone
        self.mode = "month"
        self.anchor = self.today()
        self.posts: dict[date, list[CalendarPost]] = {}
        self.holds = Holds()
        self._people_reader = PeopleReader(store)  # a team workspace: who wrote and approved each post
        self.people: dict[int, PostPeople] = {}
        self.menu: QMenu | None = None
        self.setObjectName("Calendar")
        self.colours = theme.palette  # the chips paint with it
        self.setStyleSheet(calendar_style(theme.palette))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        self.previous = self._button("←", "Previous month", self.go_previous)
        self.today_button = self._button("Today", "Go to today", self.go_today)
        self.next = self._button("→", "Next month", self.go_next)
        self.title = QLabel()
        self.title.setObjectName("CalendarTitle")
        self.title.setAccessibleName("Dates on show")
        for widget in (self.previous, self.today_button, self.next):
            bar.addWidget(widget)
        bar.addSpacing(8)
        bar.addWidget(self.title)
        bar.addStretch(1)
        self.month_button = self._mode_button("Month", "month")
        self.week_button = self._mode_button("Week", "week")
        group = QButtonGroup(self)
        group.setExclusive(True)
        for button in (self.month_button, self.week_button):
            group.addButton(button)
            bar.addWidget(button)
        self.month_button.setChecked(True)
        layout.addLayout(bar)

        grid_frame = QFrame()
        grid_frame.setObjectName("CalendarGrid")
        self.grid = QGridLayout(grid_frame)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(0)
        for column, name in enumerate(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")):
            head = QLabel(name)
            head.setObjectName("WeekdayHead")
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.grid.addWidget(head, 0, column)
            self.grid.setColumnStretch(column, 1)
        self.cells = [DayCell(self) for _ in range(42)]
        for i, cell in enumerate(self.cells):
            self.grid.addWidget(cell, 1 + i // 7, i % 7)
        layout.addWidget(grid_frame, 1)
        self.loaded = False  # the first reload waits until the calendar is shown: start-up pays nothing

    def showEvent(self, event: QShowEvent) -> None:
        if not self.loaded:
            self.reload()
        super().showEvent(event)

    def follow_store(self) -> None:
        """The workspace changed: draw the days again now if on screen, else when next shown."""
        if self.isVisible():
            self.reload()
        else:
            self.loaded = False

    # --- building ----------------------------------------------------------------------------------------
    def _button(self, text: str, name: str, slot: object) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setObjectName("CalendarNav")
        button.setAccessibleName(name)
        button.setToolTip(name)
        button.clicked.connect(slot)
        return button

    def _mode_button(self, text: str, mode: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setObjectName("ModeButton")
        button.setCheckable(True)
        button.setAccessibleName(f"{text} view")
        button.clicked.connect(lambda: self.set_mode(mode))
        return button

    def today(self) -> date:
        """Today in the workspace's zone (the clock comes from the ops, so tests can set it)."""
        return local_day(self.ops.now(), self.zone)

    def days(self) -> list[date]:
        """The days on show."""
        if self.mode == "week":
            return week_of(self.anchor)
        return month_grid(self.anchor.year, self.anchor.month)

    def reload(self) -> None:
        """Read the posts of the days on show and draw them."""
        days = self.days()
        start, end = day_bounds(days[0], days[-1], self.zone)
        self.posts = {}
        self.holds = read_holds(self._store)  # the chips of held posts name the outage
        for post in self._store.schedule.posts_between(start, end):
            self.posts.setdefault(local_day(post.scheduled_at, self.zone), []).append(post)
        self.people = self._people_reader.read(p.id for day in self.posts.values() for p in day)
        self.loaded = True
        today = self.today()
        week = self.mode == "week"
        for i, cell in enumerate(self.cells):
            cell.setVisible(i < len(days))
        for row in range(1, 7):
            self.grid.setRowStretch(row, 1 if row == 1 or not week else 0)
        self.grid.activate()  # the cells' new sizes now: how many chips fit depends on them
        for cell, day in zip(self.cells, days, strict=False):
            outside = not week and day.month != self.anchor.month
            cell.show_day(day, self.posts.get(day, []), today=today, outside=outside, week=week)
        if week:
            first, last = days[0], days[-1]
            span = (
                f"{first:%-d %b} – {last:%-d %b %Y}"  # noqa: RUF001 - an en dash between dates
                if first.year == last.year
                else f"{first:%-d %b %Y} – {last:%-d %b %Y}"  # noqa: RUF001 - as above
            )
            self.title.setText(span)
        else:
            self.title.setText(f"{self.anchor:%B %Y}")
        unit = "week" if week else "month"
        self.previous.setAccessibleName(f"Previous {unit}")
        self.previous.setToolTip(f"Previous {unit}")
        self.next.setAccessibleName(f"Next {unit}")
        self.next.setToolTip(f"Next {unit}")
        self.reloaded.emit()

    # --- navigation --------------------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        """Show a `month` or a `week`."""
        self.mode = mode
        (self.week_button if mode == "week" else self.month_button).setChecked(True)
        self.reload()

    def show_week(self, day: date) -> None:
        """The week holding `day`."""
        self.anchor = day
        self.set_mode("week")

    def go_previous(self) -> None:
        """One month (or week) back."""
        self._step(-1)

    def go_next(self) -> None:
        """One month (or week) on."""
        self._step(1)

    def go_today(self) -> None:
        """Back to the month (or week) of today."""
        self.anchor = self.today()
        self.reload()

    def _step(self, direction: int) -> None:
        if self.mode == "week":
            self.anchor += timedelta(days=7 * direction)
        else:
            month = self.anchor.month - 1 + direction
            self.anchor = date(self.anchor.year + month // 12, month % 12 + 1, 1)
        self.reload()

    def chip_for(self, post_id: int) -> PostChip | None:
        """The chip of a post on show, if it is."""
        return next((c for cell in self.cells for c in cell.chips if c.post.id == post_id), None)

    def cell_for(self, day: date) -> DayCell | None:
        """The cell of a day on show, if it is."""
        return next((c for c in self.cells if c.isVisibleTo(self) and c.day == day), None)

    # --- moving ------------------------------------------------------------------------------------------
    def start_drag(self, chip: PostChip) -> None:
        """Start dragging a chip, or say why its post cannot move."""
        reason = why_fixed(Target.of_post(chip.post), self.ops.now())
        if reason:
            self._messages.warning(reason)
            return
        mime = QMimeData()
        mime.setData(MIME, QByteArray(str(chip.post.id).encode("ascii")))
        drag = QDrag(chip)
        drag.setMimeData(mime)
        drag.setPixmap(chip.grab())
        drag.exec(Qt.DropAction.MoveAction)

    def drop(self, mime: QMimeData, day: date) -> bool:
        """A chip was dropped on `day`: move its post there, keeping its time of day."""
        try:
            post_id = int(bytes(mime.data(MIME).data()).decode("ascii"))
        except ValueError:
            return False
        post = next((p for posts in self.posts.values() for p in posts if p.id == post_id), None)
        if post is None:
            return False
        return self.move_post(post, day)

    def nudge(self, post: CalendarPost, days: int) -> None:
        """Move a post by whole days (keyboard), and keep the focus on it."""
        if self.move_post(post, local_day(post.scheduled_at, self.zone) + timedelta(days=days)):
            chip = self.chip_for(post.id)
            if chip is None:  # it left the days on show: follow it
                self.anchor = local_day(post.scheduled_at, self.zone) + timedelta(days=days)
                self.reload()
                chip = self.chip_for(post.id)
            if chip is not None:
                chip.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_post(self, post: CalendarPost, day: date) -> bool:
        """Move `post` to `day` at the same time of day; refused (with the reason) when it cannot move."""
        target = Target.of_post(post)
        reason = why_fixed(target, self.ops.now())
        if reason:
            self._messages.warning(reason)
            return False
        if local_day(post.scheduled_at, self.zone) == day:
            return False
        return self.ops.move(target, move_to_day(post.scheduled_at, day, self.zone))

    def chip_actions(self, chip: PostChip) -> list[Action]:
        """A chip's menu: Move to… and a day either way, then the queue's actions for the whole post."""
        target = Target.of_post(chip.post)
        out: list[Action] = []
        if not why_fixed(target, self.ops.now()):
            out += [
                ("Move to…", lambda: self.ops.reschedule(target)),
                ("Move a day earlier\tAlt+Left", lambda: self.nudge(chip.post, -1)),
                ("Move a day later\tAlt+Right", lambda: self.nudge(chip.post, 1)),
            ]
        return out + [a for a in actions_for(target, self.ops) if a[0] != "Reschedule…"]

    def activate(self, chip: PostChip) -> None:
        """Open the chip's post in Compose (one that cannot change says why there, and offers a copy)."""
        self.ops.edit(Target.of_post(chip.post))

    def open_menu(self, chip: PostChip, where: QPoint) -> None:
        """Pop up a chip's menu (kept in `menu` until the next one)."""
        self.menu = build_menu(self.chip_actions(chip), self)
        self.menu.popup(where)
