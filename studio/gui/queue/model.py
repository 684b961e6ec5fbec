"""A thin, lazy table model over the store's queue: one row per delivery, pages read as the view scrolls."""

from __future__ import annotations

from datetime import tzinfo
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from studio.errors import UserError
from studio.gui.drafts.people import PeopleReader, conflict_tag, people_line
from studio.gui.held import read_holds
from studio.gui.queue.colours import STATUS_WORDS, status_colour
from studio.gui.theme import Palette
from studio.platforms import NETWORKS
from studio.store import Store
from studio.store.schedule import QueueFilter, QueueRow
from studio.store.zones import user_zone

if TYPE_CHECKING:
    from studio.team.people import PostPeople

__all__ = ["PAGE", "QueueColumn", "QueueModel", "QueueRole", "display_zone"]

PAGE = 200
_KEEP_ON_RELOAD = 2000  # rows re-read after a change, so the table keeps its place without re-reading all
_Index = QModelIndex | QPersistentModelIndex
_NETWORK_NAMES = {n.id: n.name for n in NETWORKS}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)


class QueueColumn(IntEnum):
    """The table's columns, in order."""

    STATUS = 0
    NETWORK = 1
    ACCOUNT = 2
    WHEN = 3
    TEXT = 4
    PROBLEM = 5


class QueueRole(IntEnum):
    """Roles beyond Qt's own."""

    POST_ID = Qt.ItemDataRole.UserRole + 1
    STATUS = Qt.ItemDataRole.UserRole + 2
    DELIVERY_ID = Qt.ItemDataRole.UserRole + 3
    ROW = Qt.ItemDataRole.UserRole + 4  # the QueueRow itself


_HEADERS = {
    QueueColumn.STATUS: "Status",
    QueueColumn.NETWORK: "Network",
    QueueColumn.ACCOUNT: "Account",
    QueueColumn.WHEN: "Time",
    QueueColumn.TEXT: "Post",
    QueueColumn.PROBLEM: "Last error",
}


def display_zone(store: Store) -> tzinfo | None:
    try:
        return user_zone(store.settings.get().display_timezone)
    except UserError:
        return None  # a bad zone name is reported where it is set; here the computer's zone will do


class QueueModel(QAbstractTableModel):
    """Queue rows matching a `QueueFilter`, newest scheduled first, loaded `PAGE` rows at a time."""

    def __init__(self, store: Store, palette: Palette) -> None:
        super().__init__()
        self._store = store
        self._palette = palette
        self._zone = display_zone(store)
        self._filter = QueueFilter()
        self._rows: list[QueueRow] = []
        self._shown: dict[int, tuple[str, ...]] = {}  # row -> the strings its cells show
        self._dots: dict[str, QColor] = {}
        self._total = store.schedule.count()
        self._busy = False
        self.holds = read_holds(store)  # which outage holds which delivery: "Held (outage on …)"
        self._people_reader = PeopleReader(store)  # a team workspace: who wrote and approved each post
        self._people: dict[int, PostPeople] = {}  # read for the loaded rows when first shown

    # --- shape -------------------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(QueueColumn)

    @property
    def total(self) -> int:
        """How many rows match the filter (loaded or not)."""
        return self._total

    @property
    def filter(self) -> QueueFilter:
        """The filter the rows match."""
        return self._filter

    def row(self, row: int) -> QueueRow:
        """The loaded row at `row`."""
        return self._rows[row]

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._busy and len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._busy:
            return
        after = self._rows[-1].key if self._rows else None
        page = self._store.schedule.page(self._filter, after=after, limit=PAGE)
        if not page:
            self._total = len(self._rows)  # rows went away since the count: stop asking
            return
        first = len(self._rows)
        self._busy = True  # a view may ask for more while it hears of these rows: not twice the same
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        finally:
            self._busy = False

    # --- changes -----------------------------------------------------------------------------------------
    def set_filter(self, where: QueueFilter) -> None:
        """Show the rows matching `where`: a new query, not a filter over rows already loaded."""
        self._filter = where
        self.reload(keep=0)

    def reload(self, keep: int | None = None) -> None:
        """Read the rows again (after rows were added or moved), keeping about as many loaded as before."""
        wanted = min(len(self._rows) if keep is None else keep, _KEEP_ON_RELOAD)
        self.beginResetModel()
        self._rows = []
        self._shown = {}
        self._people = {}
        self._total = self._store.schedule.count(self._filter)
        # Views fetch from their modelReset slot, before other listeners have seen the reset end; the
        # rows come in just after it instead.
        self._busy = True
        try:
            self.endResetModel()
        finally:
            self._busy = False
        while self.canFetchMore(QModelIndex()) and (not self._rows or len(self._rows) < wanted):
            self.fetchMore(QModelIndex())

    def sync(self, upto: int | None = None) -> None:
        """Bring the loaded rows up to date row by row (insert, remove, change): selection and scroll stay.

        Re-reads the rows loaded, or only the first `upto` of them (the view passes what is on screen plus
        a page: rows further down are let go and read again when scrolled to): one indexed keyset query,
        then a merge of two lists in the same order, so only the rows that changed are announced.
        """
        holds = read_holds(self._store)
        moved_holds, self.holds = holds != self.holds, holds
        total = self._store.schedule.count(self._filter)
        loaded = len(self._rows) if upto is None else min(len(self._rows), max(upto, 0))
        wanted = max(loaded, min(PAGE, total))
        fresh = self._store.schedule.page(self._filter, limit=wanted) if wanted else []
        self._busy = True  # a view may ask for more while it hears of these rows: not now
        try:
            self._merge(fresh, moved_holds)
        finally:
            self._busy = False
        self._total = total
        self._follow_people()

    def _follow_people(self) -> None:
        """An approval or a conflict copy pulled from the hub changes the rows' people, not the rows."""
        if not self._people_reader.team:
            return
        before, self._people = self._people, self._people_reader.read({r.post_id for r in self._rows})
        for i, row in enumerate(self._rows):
            if row.post_id in before and before[row.post_id] != self._people.get(row.post_id):
                self._shown.pop(i, None)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(QueueColumn) - 1))

    def people(self, post_id: int) -> PostPeople | None:
        """Who wrote and approved a loaded post (None in a solo workspace)."""
        if not self._people_reader.team:
            return None
        if post_id not in self._people:  # rows fetched since: their people in one query
            unread = {r.post_id for r in self._rows if r.post_id not in self._people} | {post_id}
            self._people.update(self._people_reader.read(unread))
        return self._people.get(post_id)

    def _merge(self, fresh: list[QueueRow], moved_holds: bool) -> None:
        rows, last = self._rows, len(QueueColumn) - 1
        p = j = 0
        while j < len(fresh) or p < len(rows):
            if p < len(rows) and j < len(fresh) and rows[p].key == fresh[j].key:
                if rows[p] != fresh[j] or (moved_holds and rows[p].status == "held"):
                    rows[p] = fresh[j]
                    self._shown.pop(p, None)
                    self.dataChanged.emit(self.index(p, 0), self.index(p, last))
                p, j = p + 1, j + 1
            elif p < len(rows) and (j == len(fresh) or rows[p].key > fresh[j].key):
                k = 1  # rows[p] is gone (newest first: had it stayed, fresh[j] could not come after it)
                while p + k < len(rows) and (j == len(fresh) or rows[p + k].key > fresh[j].key):
                    k += 1
                self.beginRemoveRows(QModelIndex(), p, p + k - 1)
                del rows[p : p + k]
                self._shown = {}
                self.endRemoveRows()
            else:
                k = 1
                while j + k < len(fresh) and (p == len(rows) or fresh[j + k].key > rows[p].key):
                    k += 1
                self.beginInsertRows(QModelIndex(), p, p + k - 1)
                rows[p:p] = fresh[j : j + k]
                self._shown = {}
                self.endInsertRows()
                p, j = p + k, j + k

    def refresh_post(self, post_id: int) -> None:
        """Re-read the loaded rows of one post and announce just those rows."""
        fresh = {(r.key.post_id, r.key.delivery_id): r for r in self._store.schedule.rows_of_post(post_id)}
        self._people.pop(post_id, None)  # read again with the row
        for i, row in enumerate(self._rows):
            if row.post_id == post_id and (new := fresh.get((row.key.post_id, row.key.delivery_id))):
                self._rows[i] = new
                self._shown.pop(i, None)
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(QueueColumn) - 1))

    # --- data --------------------------------------------------------------------------------------------
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS.get(QueueColumn(section)) if 0 <= section < len(QueueColumn) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A repaint asks each cell for a dozen roles: plain int tests first, the shown strings made once.
        r = index.row()
        if not 0 <= r < len(self._rows) or not index.isValid():
            return None
        if role == _DISPLAY:
            return self._cells(r)[index.column()]
        if role == _DECORATION:
            return self._dot(self._rows[r].status) if index.column() == 0 else None
        if role < _USER:
            return self._tooltip(self._rows[r], QueueColumn(index.column())) if role == _TOOLTIP else None
        row = self._rows[r]
        if role == QueueRole.POST_ID:
            return row.post_id
        if role == QueueRole.DELIVERY_ID:
            return row.delivery_id
        if role == QueueRole.STATUS:
            return row.status
        if role == QueueRole.ROW:
            return row
        return None

    def _cells(self, r: int) -> tuple[str, ...]:
        cells = self._shown.get(r)
        if cells is None:
            row = self._rows[r]
            cells = tuple(self._display(row, c) for c in QueueColumn)
            self._shown[r] = cells
        return cells

    def _dot(self, status: str) -> QColor:
        if status not in self._dots:
            self._dots[status] = QColor(status_colour(status, self._palette))
        return self._dots[status]

    def _display(self, row: QueueRow, column: QueueColumn) -> str:
        if column is QueueColumn.STATUS:
            if row.status == "held":
                return self.holds.delivery_word(row.delivery_id)
            word = STATUS_WORDS.get(row.status, row.status)
            return f"{word} ({row.attempts})" if row.status == "retrying" else word
        if column is QueueColumn.NETWORK:
            return _NETWORK_NAMES.get(row.network, row.network) if row.network else "—"
        if column is QueueColumn.ACCOUNT:
            return row.account_name or "No account yet"
        if column is QueueColumn.WHEN:
            when = row.when
            return when.astimezone(self._zone).strftime("%a %d %b %Y, %H:%M") if when else "Not scheduled"
        if column is QueueColumn.TEXT:
            line = row.body.splitlines()[0] if row.body else ""
            tag = conflict_tag(self.people(row.post_id))
            return f"{tag} · {line}" if tag else line
        return row.last_error.splitlines()[0] if row.last_error else ""

    def _tooltip(self, row: QueueRow, column: QueueColumn) -> str:
        if column is QueueColumn.TEXT:
            who = people_line(self.people(row.post_id), self._zone)
            return f"{row.body}\n\n{who}" if who else row.body
        if column is QueueColumn.PROBLEM:
            return row.last_error
        if column is QueueColumn.STATUS and row.status == "held":
            return f"{self.holds.delivery_word(row.delivery_id)}: it goes out when the outage is resolved"
        if column is QueueColumn.STATUS and row.remote_url:
            if row.status == "handed_off":
                return f"Ready to post by hand from {row.remote_url}; then right-click, Mark as posted"
            return f"On the network: {row.remote_url}"
        return self._display(row, column)
