"""The Queue & calendar view: the calendar, or the table of deliveries with filters and a right-click menu.

Enter or a double-click on a row (or on a calendar chip) opens its post in Compose.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from textwrap import shorten

from PySide6.QtCore import QModelIndex, QPoint, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.gui.empty import EmptyState
from studio.gui.messages import MessageBridge
from studio.gui.postlinks import PostLinks
from studio.gui.queue.actions import Action, QueueOps, Target, actions_for
from studio.gui.queue.calendar import CalendarView
from studio.gui.queue.calendarstyle import switch_style
from studio.gui.queue.filters import FilterBar
from studio.gui.queue.menu import WhenDialog, build_menu
from studio.gui.queue.model import PAGE, QueueColumn, QueueModel, QueueRole, display_zone
from studio.gui.theme import Theme
from studio.store import Store
from studio.store.schedule import QueueFilter, QueueRow

__all__ = ["QueueView"]


class QueueView(QWidget):
    """Everything in the workspace's queue: a month/week calendar of posts, or a table of deliveries."""

    def __init__(
        self,
        store: Store,
        theme: Theme,
        messages: MessageBridge | None = None,
        parent: QWidget | None = None,
        due_now: Callable[[], None] | None = None,
        links: PostLinks | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.messages = messages or MessageBridge()
        self._zone = display_zone(store)
        self.ops = QueueOps(
            store,
            self.messages,
            self._on_ops_changed,
            self._ask_when,
            due_now=due_now,
            zone=self._zone,
            ask_url=self._ask_url,
            links=links,
        )
        self.menu: QMenu | None = None
        self._seen = False
        self._accounts: list[tuple[int, str]] = []  # as the account filter offers them
        self._table_stale = False  # the workspace changed while the calendar was on show

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        title = QLabel("Queue & calendar")
        title.setObjectName("ViewTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("ViewSubtitle")
        self.subtitle.setWordWrap(True)  # long "next due" lines must not set the window's minimum width
        titles.addWidget(title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        switches = QWidget()
        switches.setStyleSheet(switch_style(theme.palette))
        switch_row = QHBoxLayout(switches)
        switch_row.setContentsMargins(0, 0, 0, 0)
        self.calendar_button = self._switch("Calendar", "Show the calendar (Ctrl+Shift+C)")
        self.table_button = self._switch("Table", "Show the table of deliveries (Ctrl+Shift+T)")
        switch = QButtonGroup(self)
        for button in (self.calendar_button, self.table_button):
            switch.addButton(button)
            switch_row.addWidget(button)
        head.addWidget(switches, 0, Qt.AlignmentFlag.AlignBottom)
        self.calendar_button.clicked.connect(self.show_calendar)
        self.table_button.clicked.connect(self.show_table)
        layout.addLayout(head)

        self.model = QueueModel(store, theme.palette)
        self.filters = FilterBar(store)
        self.filters.changed.connect(self._on_filters_changed)
        self.table = self._make_table()
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        table_layout.setContentsMargins(0, 4, 0, 0)
        table_layout.addWidget(self.filters)
        table_layout.addWidget(self.table, 1)
        self.calendar = CalendarView(store, self.ops, self.messages, theme, self._zone)
        self.empty = EmptyState(
            theme.icon("queue", theme.palette.accent, 36),
            "Nothing in the queue yet",
            "Posts will appear here, on the calendar and in the table with their status, networks, time and "
            "last error, as soon as they are drafted or scheduled (in Compose, or with `studio queue add`).",
        )
        self.pages = QStackedWidget()
        for page in (self.empty, self.calendar, table_page):
            self.pages.addWidget(page)
        self._table_page = table_page
        layout.addWidget(self.pages, 1)
        self._shortcuts = self._make_shortcuts()
        self.show_calendar()

    # --- building ----------------------------------------------------------------------------------------
    def _switch(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setObjectName("ModeButton")
        button.setCheckable(True)
        button.setToolTip(tip)
        button.setAccessibleName(f"{text} view of the queue")
        return button

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName("Deliveries in the queue")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(34)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.setShowGrid(False)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The post's text takes what is left, so the table fits the window without scrolling sideways.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QueueColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        widths = {
            QueueColumn.STATUS: 112,
            QueueColumn.NETWORK: 90,
            QueueColumn.ACCOUNT: 124,
            QueueColumn.WHEN: 180,
            QueueColumn.PROBLEM: 160,
        }
        for column, width in widths.items():
            table.setColumnWidth(column, width)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_table_custom_context_menu_requested)
        table.activated.connect(self._on_table_activated)  # Enter, or a double-click
        return table

    def _make_shortcuts(self) -> list[QShortcut]:
        pairs = (
            (QKeySequence.StandardKey.Undo, self._on_undo_activated),
            (QKeySequence("Ctrl+Shift+C"), self.show_calendar),
            (QKeySequence("Ctrl+Shift+T"), self.show_table),
        )
        shortcuts = []
        for keys, slot in pairs:
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            shortcuts.append(shortcut)
        return shortcuts

    # --- pages -------------------------------------------------------------------------------------------
    def show_calendar(self) -> None:
        """Show the month/week calendar."""
        self.calendar_button.setChecked(True)
        self._show(self.calendar)

    def show_table(self) -> None:
        """Show the table of deliveries with its filters."""
        self.table_button.setChecked(True)
        if self.model.rowCount() == 0 and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())  # the first page now, not on the next layout pass
        self._show(self._table_page)
        if self._table_stale:
            self._sync_table()

    def _show(self, page: QWidget) -> None:
        empty = self._store.posts.count() == 0
        self.pages.setCurrentWidget(self.empty if empty else page)
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        due = self._store.schedule.next_due()
        if due is not None:
            first = shorten(due.body.splitlines()[0] if due.body else "", 30, placeholder="…")
            when = due.at.astimezone(self._zone)
            next_text = f" Next: {when:%a %d %b, %H:%M} on {due.account_name}, “{first}”."
        else:
            next_text = " Nothing is waiting to go out."
        if self.pages.currentWidget() is self._table_page:
            total = self.model.total
            shown = f"{total:,} row{'' if total == 1 else 's'} (one per post and account)"
            if self.model.filter != QueueFilter():
                shown += f" match{'es' if total == 1 else ''} the filters"
            self.subtitle.setText(shown + "." + next_text)
        else:
            self.subtitle.setText("Drag a post to another day to move it; it keeps its time." + next_text)

    def showEvent(self, event: QShowEvent) -> None:
        if self._seen:  # posts may have been written elsewhere (Compose, a command) since it was last shown
            self.refresh()
        self._seen = True
        super().showEvent(event)

    def refresh(self) -> None:
        """Read the queue again, row by row: the accounts to filter by, the table's rows, the calendar's days.

        Called when the view is shown and, while it is on screen, whenever the workspace changed (the app,
        its publisher, another process): the table keeps its selection and scroll position.
        """
        accounts = [(a.id, a.name) for a in self._store.accounts.list()]
        if accounts != self._accounts:
            self._accounts = accounts
            self.filters.refresh_accounts()
        self._sync_table()
        self.calendar.follow_store()
        current = self.pages.currentWidget()
        if current is self.empty and self.table_button.isChecked():
            self.show_table()
        elif current is self.empty:
            self.show_calendar()
        elif current is not None and self._store.posts.count() == 0:
            self._show(current)
        else:
            self._update_subtitle()

    # --- actions -----------------------------------------------------------------------------------------
    def actions_at(self, index: QModelIndex) -> list[Action]:
        """The actions the row at `index` allows (what its right-click menu shows)."""
        row = index.data(QueueRole.ROW)
        if not isinstance(row, QueueRow):
            return []
        return actions_for(Target.of_row(row), self.ops)

    def menu_at(self, index: QModelIndex) -> QMenu:
        """The right-click menu for the row at `index`."""
        return build_menu(self.actions_at(index), self)

    @Slot(QPoint)
    def _on_table_custom_context_menu_requested(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        self.menu = self.menu_at(index)
        self.menu.popup(self.table.viewport().mapToGlobal(pos))

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        row = index.data(QueueRole.ROW)
        if isinstance(row, QueueRow):
            self.ops.edit(Target.of_row(row))

    def _ask_when(self, current: datetime | None) -> datetime | None:
        dialog = WhenDialog(current, self._zone, self.ops.now(), self)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _ask_url(self, t: Target) -> str | None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Mark as posted")
        dialog.setLabelText(
            f"You posted it on {t.account_name} by hand. Paste its link to keep it in the archive (optional):"
        )
        dialog.setOkButtonText("Mark as posted")
        return dialog.textValue().strip() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _sync_table(self) -> None:
        """The table's rows row by row if it is on screen (down to a page below the last one shown), else
        when it is next shown."""
        if not self.table.isVisible():
            self._table_stale = True
            return
        self._table_stale = False
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        self.model.sync(upto=(bottom if bottom >= 0 else self.model.rowCount()) + PAGE)
        if self.model.holds.deliveries:  # "Held (outage on Campus Wi-Fi)" is read whole, not "Held (out…"
            need = min(self.table.sizeHintForColumn(QueueColumn.STATUS), 280)
            if need > self.table.columnWidth(QueueColumn.STATUS):
                self.table.setColumnWidth(QueueColumn.STATUS, need)

    def _on_ops_changed(self, post_id: int, reordered: bool) -> None:
        if reordered:
            self._sync_table()  # row by row: the selection stays on the row it was on
        else:
            self.model.refresh_post(post_id)
        self.calendar.reload()
        current = self.pages.currentWidget()
        self._show(current if current is not None and current is not self.empty else self.calendar)

    @Slot()
    def _on_undo_activated(self) -> None:
        if not self.ops.undo():
            self.messages.info("Nothing to undo here")

    @Slot(object)
    def _on_filters_changed(self, where: QueueFilter) -> None:
        self.model.set_filter(where)
        self._update_subtitle()
