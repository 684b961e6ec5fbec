"""The Drafts view: every unsent draft, the latest change first; search, open in Compose, delete with Undo."""

from __future__ import annotations

from datetime import tzinfo
from textwrap import shorten

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.gui.drafts.model import LIMIT, DraftColumn, DraftRole, DraftsModel, first_line
from studio.gui.drafts.restore import restore_draft
from studio.gui.empty import EmptyState
from studio.gui.messages import MessageBridge
from studio.gui.postlinks import PostLinks
from studio.gui.theme import Theme
from studio.store import Post, Store
from studio.store.zones import user_zone
from studio.words import counted

__all__ = ["DraftsView"]

_WHAT_DRAFTS_ARE = (
    "A draft is a post you have started but not scheduled. Compose saves what you write as you type, so "
    "nothing is lost: each draft waits here, the latest change first, until you schedule or delete it. "
    "Start one in Compose (Ctrl+1); Ctrl+N there starts another and keeps the one you were writing."
)


def _zone(store: Store) -> tzinfo | None:
    try:
        return user_zone(store.settings.get().display_timezone)
    except UserError:
        return None  # a bad zone name is reported where it is set; here the computer's zone will do


class DraftsView(QWidget):
    """Drafts; Ctrl+F searches as you type, Enter or a double-click opens one in Compose, Delete deletes it
    (Undo in the message, or Ctrl+Z here)."""

    def __init__(
        self,
        store: Store,
        theme: Theme,
        messages: MessageBridge,
        links: PostLinks | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._messages = messages
        self._links = links or PostLinks()
        self._undo: tuple[Post, list[bool]] | None = None  # the last deleted draft, and whether it came back
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Drafts")
        title.setObjectName("ViewTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("ViewSubtitle")
        self.subtitle.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.subtitle)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the drafts' texts (Ctrl+F)")
        self.search.setAccessibleName("Search the drafts")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        bar.addWidget(self.search, 1)
        self.open_button = QPushButton("Open in Compose")
        self.open_button.setToolTip("Go on writing the selected draft (Enter, or a double-click)")
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected draft (Delete); the message offers Undo")
        self.delete_button.clicked.connect(self.delete_selected)
        bar.addWidget(self.open_button)
        bar.addWidget(self.delete_button)
        layout.addLayout(bar)

        self.model = DraftsModel(store, _zone(store), flag=theme.palette.warning)
        self.table = self._make_table()
        self.empty = EmptyState(theme.icon("drafts", theme.palette.accent, 36), "No drafts", _WHAT_DRAFTS_ARE)
        self.no_match = EmptyState(
            theme.icon("drafts", theme.palette.accent, 36),
            "No draft matches",
            "The search looks for these letters anywhere in a draft's text and in its texts for each "
            "network, in any case. Fewer letters find more; clear the search to see every draft.",
        )
        self.pages = QStackedWidget()
        for page in (self.empty, self.no_match, self.table):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)
        self._shortcuts = self._make_shortcuts()
        self.model.reload()
        self._show_state()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName("Drafts, the latest change first")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(34)
        table.setShowGrid(False)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(DraftColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in {
            DraftColumn.CHANGED: 240 if self.model.team else 180,  # a team's rows name the author too
            DraftColumn.ACCOUNTS: 200,
            DraftColumn.PICTURES: 80,
        }.items():
            table.setColumnWidth(column, width)
        table.activated.connect(self._on_table_activated)  # Enter, or a double-click
        table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        return table

    def _make_shortcuts(self) -> list[QShortcut]:
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)  # in the search field, Delete edits the text
        delete.activated.connect(self.delete_selected)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.search.setFocus)
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self.table)
        undo.setContext(Qt.ShortcutContext.WidgetShortcut)
        undo.activated.connect(self.undo)
        return [delete, find, undo]

    # --- what others call --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the drafts again (Compose saved some, or scheduled one), keeping the selected one."""
        self._links.flush()  # what Compose has not saved yet belongs in the list
        self.follow_store()

    def follow_store(self) -> None:
        """The workspace changed: the drafts row by row; the selected one stays selected where it moves."""
        self.model.sync()
        self._show_state()

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)

    def selected_id(self) -> int | None:
        """The id of the selected draft, if one is."""
        rows = self.table.selectionModel().selectedRows()
        return int(rows[0].data(DraftRole.POST_ID)) if rows else None

    def open_selected(self) -> None:
        """Open the selected draft in Compose."""
        post_id = self.selected_id()
        if post_id is not None:
            self._links.open(post_id)

    def delete_selected(self) -> None:
        """Delete the selected draft; the message offers Undo, and the next row is selected."""
        post_id = self.selected_id()
        if post_id is not None:
            self.delete(post_id)

    def delete(self, post_id: int) -> None:
        """Delete one draft for good, with Undo in the message (and Ctrl+Z here)."""
        row = self.model.row_of(post_id)
        self._links.let_go(post_id)  # Compose has it open: saved, then an empty post there
        try:
            post = self._store.posts.delete_draft(post_id)
        except UserError as error:  # scheduled meanwhile, or gone: the list was old
            self._messages.user_error(error)
            self.refresh()
            return
        self.model.remove(post_id)
        self._show_state()
        if self.model.rowCount():
            self.table.selectRow(min(max(row, 0), self.model.rowCount() - 1))
        done = [False]
        self._undo = (post, done)
        name = shorten(first_line(post), 50, placeholder="…") or f"draft {post.id}"
        self._messages.info(f"Deleted the draft “{name}”", action=("Undo", lambda: self._restore(post, done)))

    def undo(self) -> bool:
        """Bring back the draft deleted last, if it has not come back yet."""
        if self._undo is None or self._undo[1][0]:
            return False
        self._restore(*self._undo)
        return True

    def _restore(self, post: Post, done: list[bool]) -> None:
        if done[0]:
            return
        try:
            again = restore_draft(self._store, post)
        except UserError as error:
            self._messages.user_error(error)
            return
        done[0] = True
        row = self.model.insert(again.id)
        self._show_state()
        if row >= 0:
            self.table.selectRow(row)
        self._messages.info(f"The draft “{shorten(first_line(again), 50, placeholder='…')}” is back")

    # --- state -------------------------------------------------------------------------------------------
    def _show_state(self) -> None:
        shown = self.model.rowCount()
        if shown:
            self.pages.setCurrentWidget(self.table)
        else:
            self.pages.setCurrentWidget(self.no_match if self.model.search else self.empty)
        if self.model.search:
            text = f"{counted(shown, 'draft')} with “{self.model.search}”, the latest change first"
        elif shown:
            latest = f"the latest {LIMIT} " if shown >= LIMIT else ""
            text = f"{counted(shown, 'unsent draft')}, {latest}the latest change first; Enter opens one"
        else:
            text = "Posts you started and have not scheduled yet"
        self.subtitle.setText(text)
        self._on_table_selection_changed()

    # --- slots -------------------------------------------------------------------------------------------
    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        self.model.reload(text)
        self._show_state()

    @Slot()
    def _on_search_return_pressed(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        self._links.open(int(index.data(DraftRole.POST_ID)))

    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, *_changed: QItemSelection) -> None:
        chosen = self.selected_id() is not None
        self.open_button.setEnabled(chosen and self._links.ready)
        self.delete_button.setEnabled(chosen)
