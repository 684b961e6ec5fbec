"""One day of the calendar: its number and as many post chips as fit; a chip dropped here moves its post."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout

from studio.gui.drafts.people import people_line
from studio.gui.queue.actions import Target, why_fixed
from studio.gui.queue.chip import PostChip, chip_height
from studio.store.schedule import CalendarPost
from studio.words import counted

if TYPE_CHECKING:
    from studio.gui.queue.calendar import CalendarView

__all__ = ["MIME", "DayCell"]

MIME = "application/x-studio-post"  # the dragged chip's post id, as ASCII digits
_WEEK_LINES = 3  # of text under the time on a week's chips
_HEAD = 30  # the day number's row, in pixels
_GAP = 3


class DayCell(QFrame):
    """One day: its number and its posts' chips; a chip dropped here moves its post to this day."""

    def __init__(self, calendar: CalendarView) -> None:
        super().__init__()
        self._calendar = calendar
        self.day = date.min
        self.chips: list[PostChip] = []  # those on show, in time order
        self._pool: list[PostChip] = []  # made once, reused as the calendar moves
        self._posts: list[CalendarPost] = []
        self._week = False
        self._planned = (0, 0)
        self.setObjectName("CalendarDay")
        self.setAcceptDrops(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(5, 4, 5, 4)
        layout.setSpacing(3)
        head = QHBoxLayout()
        self.number = QLabel()
        self.number.setObjectName("DayNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        head.addWidget(self.number)
        head.addStretch(1)
        self.more = QPushButton()
        self.more.setObjectName("MoreLink")
        self.more.setFlat(True)
        self.more.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more.clicked.connect(self._on_more_clicked)
        head.addWidget(self.more)
        layout.addLayout(head)
        self._chips = QVBoxLayout()
        self._chips.setSpacing(3)
        layout.addLayout(self._chips)
        layout.addStretch(1)

    def show_day(
        self, day: date, posts: list[CalendarPost], *, today: date, outside: bool, week: bool
    ) -> None:
        """Show `day` with as many of its posts as fit ("+N more" opens the week)."""
        self.day = day
        self._posts = posts
        self._week = week
        self.number.setText(str(day.day) if day.day != 1 else f"{day:%-d %b}")
        self._fill()
        today_mark = ", today" if day == today else ""
        label = f"{day:%A %d %B %Y}{today_mark}: {counted(len(posts), 'post')}"
        self.setAccessibleName(label)
        looks = {"today": day == today, "outside": outside, "past": day < today}
        if any(self.property(name) != value for name, value in looks.items()):
            for name, value in looks.items():
                self.setProperty(name, value)
            self.number.setProperty("today", day == today)
            for widget in (self, self.number):  # the style sheet reads these properties: apply them again
                widget.style().unpolish(widget)
                widget.style().polish(widget)

    def _plan(self) -> tuple[int, int]:
        """(lines of text per chip, chips on show) for the posts and the room this cell has."""
        room = (self.height() if self.height() > _HEAD else 100) - _HEAD
        line = self.fontMetrics().lineSpacing()  # the chips use the same font

        def fits(lines: int) -> int:
            return max(1, room // (chip_height(line, lines) + _GAP))

        count = len(self._posts)
        if self._week:
            return _WEEK_LINES, min(count, fits(_WEEK_LINES))
        if count <= fits(1):  # room to spare: the text goes under the time, easier to read
            return 1, count
        return 0, min(count, fits(0))

    def _fill(self) -> None:
        self._planned = self._plan()
        lines, count = self._planned
        shown = self._posts[:count]
        calendar = self._calendar
        now = calendar.ops.now()
        while len(self._pool) < len(shown):
            chip = PostChip(calendar, calendar.colours)
            self._chips.addWidget(chip)
            self._pool.append(chip)
        for chip, post in zip(self._pool, shown, strict=False):
            local = post.scheduled_at.astimezone(calendar.zone)
            held = calendar.holds.post_word(post.id) if post.status_word == "held" else ""
            who = people_line(calendar.people.get(post.id), calendar.zone)  # "" in a solo workspace
            chip.show_post(
                post, lines=lines, local=local, fixed=why_fixed(Target.of_post(post), now), held=held, who=who
            )
            chip.show()  # now, not on the next event loop pass: the keyboard may focus it right away
        for chip in self._pool[len(shown) :]:
            chip.hide()
        self.chips = self._pool[: len(shown)]
        hidden = len(self._posts) - len(self.chips)
        self.more.setVisible(hidden > 0)
        self.more.setText(f"+{hidden} more")
        self.more.setAccessibleName(f"{hidden} more posts on {self.day:%A %d %B}: show the week")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._posts and self._plan() != self._planned:  # more or less room: show more or fewer chips
            self._fill()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME) and self.day >= self._calendar.today():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        if self._calendar.drop(event.mimeData(), self.day):
            event.acceptProposedAction()
        else:
            event.ignore()

    @Slot()
    def _on_more_clicked(self) -> None:
        self._calendar.show_week(self.day)
