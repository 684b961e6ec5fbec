"""The Inbox view: mentions, replies and quotes of the team's accounts; read, answer, mark done, assign.

The list (newest first, masked until "Show") sits beside the detail panel; opening an item marks it read.
"Check now" asks the `InboxFetcher` (the same one that fetches every few minutes), so two fetches never run
at once. Every rule is `studio.listen.inbox`'s: this view only shows and asks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from textwrap import shorten

from PySide6.QtCore import QItemSelection, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.gui.empty import EmptyState, HintListView
from studio.gui.inbox.background import InboxFetcher, sync_line
from studio.gui.inbox.delegate import InboxDelegate
from studio.gui.inbox.detail import DetailPanel
from studio.gui.inbox.model import FILTERS, InboxModel, InboxRole
from studio.gui.messages import MessageBridge
from studio.gui.theme import Theme
from studio.listen import inbox as workflow
from studio.store import Store
from studio.store.zones import user_zone
from studio.words import counted

__all__ = ["WHAT_THE_INBOX_IS", "InboxView"]

WHAT_THE_INBOX_IS = (
    "Mentions, replies and quotes of the team's Mastodon and Bluesky accounts arrive here, fetched every few "
    "minutes while Studio is open. Answer them in their thread, move support cases to the help desk, and "
    "mark each one done. Personal data stays masked until you choose to show it."
)
_HINTS = {
    "unread": "Nothing unread: every item here has been opened or answered.",
    "support": "No open support cases: nothing that looks like a login problem, a password or an ID.",
    "done": "Nothing marked done yet: items you finish go here, and “Open again” brings one back.",
    "all": "Nothing to answer.",
}


def _zone(store: Store) -> tzinfo | None:
    try:
        return user_zone(store.settings.get().display_timezone)
    except UserError:
        return None


class InboxView(QWidget):
    """The inbox; Enter in the list moves to the reply box, Ctrl+Enter queues the reply.

    Signals:
        counts_changed(): an item was read, answered or done here (the sidebar's number may change).
    """

    counts_changed = Signal()

    def __init__(
        self,
        store: Store,
        theme: Theme,
        messages: MessageBridge,
        fetcher: InboxFetcher | None = None,
        *,
        open_url: Callable[[str], None] | None = None,
        wake: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._messages = messages
        self._fetcher = fetcher
        self._open_url = open_url or (lambda url: QDesktopServices.openUrl(QUrl(url)) and None)
        self._wake = wake
        self._zone = _zone(store)
        self._help_desk: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Inbox")
        title.setObjectName("ViewTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("ViewSubtitle")
        layout.addWidget(title)
        layout.addWidget(self.subtitle)

        self.bar = QWidget()
        bar = QHBoxLayout(self.bar)
        bar.setContentsMargins(0, 0, 0, 0)
        self.filters = QButtonGroup(self)
        self.filters.setExclusive(True)
        self.filter_buttons: dict[str, QPushButton] = {}
        for filter_id, label in FILTERS:
            button = QPushButton(label)
            button.setObjectName("NetworkChip")
            button.setCheckable(True)
            button.setAccessibleName(f"Show {label.lower()} items")
            button.clicked.connect(lambda _checked=False, f=filter_id: self.set_filter(f))
            self.filters.addButton(button)
            self.filter_buttons[filter_id] = button
            bar.addWidget(button)
        self.filter_buttons["all"].setChecked(True)
        bar.addStretch(1)
        self.sync_status = QLabel()
        self.sync_status.setObjectName("ViewSubtitle")
        self.sync_status.setAccessibleName("Last check")
        self.sync_status.setWordWrap(True)
        bar.addWidget(self.sync_status, 2)
        self.check_button = QPushButton("Check now")
        self.check_button.setToolTip("Fetch new mentions, replies and quotes from every account now")
        self.check_button.clicked.connect(self.check_now)
        self.check_button.setEnabled(fetcher is not None)
        bar.addWidget(self.check_button)
        layout.addWidget(self.bar)

        self.model = InboxModel(store, self._zone)
        self.list = HintListView(_HINTS["all"])
        self.list.setObjectName("List")
        self.list.setModel(self.model)
        self.list.setAccessibleName("Inbox items, newest first")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setItemDelegate(InboxDelegate(theme, self.list))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.detail = DetailPanel()
        self.list.activated.connect(lambda _index: self.detail.reply_box.setFocus())
        self.detail.reveal_toggled.connect(self.reveal)
        self.detail.open_requested.connect(self._open_url)
        self.detail.reply_requested.connect(self.send_reply)
        self.detail.done_requested.connect(self.mark_done)
        self.detail.assign_requested.connect(self.assign)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("inbox")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)
        self.splitter.setSizes([430, 520])
        self.list.setMinimumWidth(300)
        self.detail.setMinimumWidth(340)

        self.empty = EmptyState(
            theme.icon("inbox", theme.palette.accent, 36), "Nothing to answer", WHAT_THE_INBOX_IS
        )
        empty_check = QPushButton("Check now")
        empty_check.setAccessibleName("Check now")
        empty_check.setToolTip("Fetch new mentions, replies and quotes from every account now")
        empty_check.clicked.connect(self.check_now)
        empty_check.setEnabled(fetcher is not None)
        self.empty_check = empty_check
        empty_layout = self.empty.layout()
        assert isinstance(empty_layout, QVBoxLayout)
        empty_layout.insertSpacing(empty_layout.count() - 1, 14)
        empty_layout.insertWidget(empty_layout.count() - 1, empty_check, 0, Qt.AlignmentFlag.AlignHCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.splitter)
        layout.addWidget(self.pages, 1)
        send = QShortcut(QKeySequence("Ctrl+Return"), self.detail.reply_box)
        send.setContext(Qt.ShortcutContext.WidgetShortcut)
        send.activated.connect(self.detail.queue_button.click)
        self._shortcuts = [send]
        if fetcher is not None:
            fetcher.started.connect(self._on_fetcher_started)
            fetcher.progress.connect(self._on_fetcher_progress)
            fetcher.finished.connect(self._on_fetcher_finished)
            fetcher.failed.connect(self._on_fetcher_failed)
            if fetcher.busy:
                self._on_fetcher_started()
        self.model.reload()
        self._show_state()

    # --- what others call --------------------------------------------------------------------------------
    def follow_store(self) -> None:
        """The workspace changed (a fetch, another window, the command line): read again, keep the choice."""
        chosen = self.selected_id()
        self.model.reload()
        self._select(chosen)
        self._show_state()

    def showEvent(self, event: QShowEvent) -> None:
        self.follow_store()
        super().showEvent(event)

    def selected_id(self) -> int | None:
        rows = self.list.selectionModel().selectedRows()
        return int(rows[0].data(InboxRole.ITEM_ID)) if rows else None

    def open_item(self, item_id: int) -> None:
        """Choose an item (as a click does): it shows in full and is marked read."""
        self._select(item_id)

    def set_filter(self, filter_id: str) -> None:
        """All (open items), Unread, Support (open support cases) or Done."""
        self.filter_buttons[filter_id].setChecked(True)
        chosen = self.selected_id()
        self.model.reload(filter_id)
        self.list.hint = _HINTS.get(filter_id, "")
        self._select(chosen)
        self._show_state()

    def check_now(self) -> None:
        """Fetch now on the fetcher's worker (a fetch on its way is not doubled)."""
        if self._fetcher is not None and not self._fetcher.check_now():
            self.sync_status.setText("A check is on its way…")

    def reveal(self, item_id: int, shown: bool = True) -> None:
        """Show one item's personal data (or hide it again)."""
        self.model.reveal(item_id, shown)
        if self.selected_id() == item_id:
            self._show_detail()

    def send_reply(self, item_id: int, text: str) -> None:
        """Queue a reply in the item's thread; a refusal lists every reason under the box."""
        from studio.workflows.posting import Refused

        try:
            post = workflow.reply(self._store, item_id, text)
        except Refused as refused:
            self.detail.show_problems([problem.line() for problem in refused.problems])
            return
        except UserError as error:
            self.detail.show_problems([error.line()])
            return
        item = self._store.inbox.get(item_id)
        self.detail.reply_sent()
        waits = " (it waits for review first)" if post.status.value == "in_review" else ""
        self._messages.info(f"Reply to {item.author_handle} queued on {item.account_name}{waits}")
        if self._wake is not None:
            self._wake()
        self._after_change()

    def mark_done(self, item_id: int, done: bool = True) -> None:
        """Done (Undo in the message), or open again."""
        try:
            workflow.done(self._store, item_id, done=done)
            item = self._store.inbox.get(item_id)
        except UserError as error:
            self._messages.user_error(error)
            return
        what = shorten(" ".join(self.model.shown(item).split()), 50, placeholder="…")
        if done:
            self._messages.info(
                f"Done: {item.author_handle} “{what}”",
                action=("Undo", lambda: self.mark_done(item_id, False)),
            )
        else:
            self._messages.info(f"Open again: {item.author_handle} “{what}”")
        self._after_change()

    def assign(self, item_id: int, member: str) -> None:
        try:
            workflow.assign(self._store, item_id, member or None)
        except UserError as error:
            self._messages.user_error(error)
            return
        self._messages.info(f"Assigned to {member}" if member else "Assigned to nobody")
        self._after_change()

    # --- state -------------------------------------------------------------------------------------------
    def _after_change(self) -> None:
        self.follow_store()
        self.counts_changed.emit()

    def _select(self, item_id: int | None) -> None:
        row = self.model.row_of(item_id) if item_id is not None else -1
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        else:
            self.list.clearSelection()
        self._show_detail()

    def _show_state(self) -> None:
        total = self.model.rowCount()
        empty = total == 0 and self.model.filter == "all"
        self.pages.setCurrentWidget(self.empty if empty else self.splitter)
        # Filters are no use on an inbox that never had anything (its own "Check now" is in the middle).
        had = bool(self.sync_status.text()) or bool(self._store.inbox.items(done=True, limit=1))
        self.bar.setVisible(not empty or had)
        unread = self._store.inbox.unread_count()
        if self.model.filter == "all":
            text = f"{counted(total, 'open item')}, {unread} unread, newest first" if total else ""
        else:
            label = dict(FILTERS)[self.model.filter].lower()
            text = f"{counted(total, 'item')} {label}, newest first"
        self.subtitle.setText(text or "Mentions, replies and quotes of the team's accounts")

    def _show_detail(self) -> None:
        item_id = self.selected_id()
        row = self.model.row_of(item_id) if item_id is not None else -1
        item = self.model.item(row)
        if item is None:
            self.detail.show_item(None)
            return
        try:
            account = self._store.accounts.get(item.account_id)
        except UserError:
            account = None
        self.detail.show_item(
            item,
            shown=self.model.shown(item),
            masked=self.model.is_masked(item),
            revealed=item.id in self.model.revealed,
            our_line=self.model.our_line(item),
            when=self.model.when(item),
            account=account,
            ready=workflow.ready_reply(item, self._help_desk_url()) if item.reply_post_id is None else "",
            members=self._members(),
        )

    def _members(self) -> list[str]:
        """Who an item can go to: the team's members as last synced, and the workspace's reviewers."""
        from studio.team.members import local_members

        names = [member.name for member in local_members(self._store)]
        names += [person.name for person in self._store.reviews.people()]
        return list(dict.fromkeys(names))

    def _help_desk_url(self) -> str:
        if self._help_desk is None:
            self._help_desk = workflow.help_desk_url(self._store)
        return self._help_desk

    # --- slots -------------------------------------------------------------------------------------------
    @Slot(QItemSelection, QItemSelection)
    def _on_list_selection_changed(self, *_changed: QItemSelection) -> None:
        item_id = self.selected_id()
        self.model.keep = item_id
        item = self.model.item(self.model.row_of(item_id)) if item_id is not None else None
        if item is not None and item.unread:
            try:
                workflow.mark_read(self._store, item.id)
            except UserError as error:
                self._messages.user_error(error)
            else:
                self.model.refresh_item(item.id)  # bold no more; the row and the selection stay
                self._show_state()
                self.counts_changed.emit()
        self._show_detail()

    @Slot()
    def _on_fetcher_started(self) -> None:
        self.check_button.setEnabled(False)
        self.empty_check.setEnabled(False)
        self.sync_status.setText("Checking the accounts…")
        self.bar.setVisible(True)

    @Slot(int, int)
    def _on_fetcher_progress(self, done: int, total: int) -> None:
        self.sync_status.setText(f"Checking the accounts… {done} of {total}")

    @Slot(object)
    def _on_fetcher_finished(self, report: workflow.InboxSyncReport) -> None:
        self.check_button.setEnabled(True)
        self.empty_check.setEnabled(True)
        self.sync_status.setText(sync_line(report, self._zone, datetime.now(UTC)))
        self.follow_store()
        self.counts_changed.emit()

    @Slot(str)
    def _on_fetcher_failed(self, line: str) -> None:
        self.check_button.setEnabled(True)
        self.empty_check.setEnabled(True)
        self.sync_status.setText(f"Could not check: {line}")
        self.bar.setVisible(True)
