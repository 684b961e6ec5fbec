"""A lazy table model over the archive: published deliveries, newest first, or the matches of a search."""

from __future__ import annotations

from datetime import tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from studio.platforms import network_by_id
from studio.store import Store
from studio.store.archive import ArchiveEntry
from studio.workflows.archive import search_archive

__all__ = ["PAGE", "ArchiveColumn", "ArchiveModel", "ArchiveRole"]

PAGE = 200
SEARCH_CAP = 2000  # matches shown for one search (best first); more words narrow it
_Index = QModelIndex | QPersistentModelIndex


class ArchiveColumn(IntEnum):
    """The table's columns, in order."""

    WHEN = 0
    NETWORK = 1
    ACCOUNT = 2
    TEXT = 3
    LINK = 4


class ArchiveRole(IntEnum):
    """Roles beyond Qt's own."""

    URL = Qt.ItemDataRole.UserRole + 1
    POST_ID = Qt.ItemDataRole.UserRole + 2


_HEADERS = ("Published", "Network", "Account", "Text", "Link")


class ArchiveModel(QAbstractTableModel):
    """Rows come in `PAGE` at a time as the view scrolls (`fetchMore`), for the archive or a search."""

    def __init__(self, store: Store, zone: tzinfo | None = None, link_colour: QColor | None = None) -> None:
        super().__init__()
        self._store = store
        self._zone = zone
        self._link = link_colour or QColor("#2a62c9")
        self._rows: list[ArchiveEntry] = []
        self._query = ""
        self._total = store.archive.count()
        self._found: list[ArchiveEntry] = []

    @property
    def query(self) -> str:
        """The search shown (empty: everything published)."""
        return self._query

    @property
    def total(self) -> int:
        """How many rows there are to show (loaded or not), as far as known."""
        return self._total

    def set_query(self, text: str) -> None:
        """Show the matches of `text` (plain words; InputError for a search with no words), or all of it."""
        query = text.strip()
        if query:
            found = search_archive(self._store, query, limit=SEARCH_CAP)  # raises before anything changes
        self.beginResetModel()  # a new search replaces every row
        self._query = query
        self._rows = []
        if query:
            self._rows = found[:PAGE]
            self._found = found
            self._total = len(found)
        else:
            self._total = self._store.archive.count()
        self.endResetModel()

    def sync(self) -> None:
        """What went out since comes in at the top, row by row (selection and scroll stay); a search stays.

        Newest first: the new deliveries are the first rows of the archive now. Anything else (a post marked
        posted by hand with an earlier time, a row gone) reads the archive again from the top.
        """
        if self._query:
            return
        total = self._store.archive.count()
        added = total - self._total
        if added == 0:
            return
        known = {e.delivery_id for e in self._rows}
        fresh = self._store.archive.page(offset=0, limit=added) if 0 < added <= PAGE and self._rows else []
        if not fresh or len(fresh) != added or any(e.delivery_id in known for e in fresh):
            self.set_query("")
            return
        self.beginInsertRows(QModelIndex(), 0, added - 1)
        self._rows[0:0] = fresh
        self._total = total
        self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(ArchiveColumn)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid():
            return
        start = len(self._rows)
        if self._query:
            page = self._found[start : start + PAGE]
        else:
            page = self._store.archive.page(offset=start, limit=PAGE)
        if not page:
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None

    def entry(self, row: int) -> ArchiveEntry:
        """The published delivery on a row."""
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = ArchiveColumn(index.column())
        if role == ArchiveRole.URL:
            return entry.remote_url
        if role == ArchiveRole.POST_ID:
            return entry.post_id
        if column is ArchiveColumn.LINK and entry.remote_url:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._link
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setUnderline(True)
                return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is ArchiveColumn.LINK and entry.remote_url:
                return f"Open {entry.remote_url} (Enter)"
            return entry.text if column is ArchiveColumn.TEXT else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column is ArchiveColumn.WHEN:
            return entry.sent_at.astimezone(self._zone).strftime("%a %d %b %Y, %H:%M")
        if column is ArchiveColumn.NETWORK:
            return network_by_id(entry.network).name
        if column is ArchiveColumn.ACCOUNT:
            return entry.account
        if column is ArchiveColumn.TEXT:
            return " ".join((entry.snippet or entry.text).split())
        return entry.remote_url or "—"
