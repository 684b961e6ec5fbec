"""A lazy table model over the archive: published deliveries, newest first, or the matches of a search,
each with its latest likes, reposts and replies (read with the page; again when the workspace changes)."""

from __future__ import annotations

from datetime import tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from studio.listen.model import Counts
from studio.platforms import network_by_id
from studio.store import Store
from studio.store.archive import ArchiveEntry
from studio.words import counted
from studio.workflows.archive import search_archive

__all__ = ["PAGE", "ArchiveColumn", "ArchiveModel", "ArchiveRole", "engagement_text"]

PAGE = 200
SEARCH_CAP = 2000  # matches shown for one search (best first); more words narrow it
_Index = QModelIndex | QPersistentModelIndex


class ArchiveColumn(IntEnum):
    """The table's columns, in order."""

    WHEN = 0
    NETWORK = 1
    ACCOUNT = 2
    TEXT = 3
    ENGAGEMENT = 4
    LINK = 5


class ArchiveRole(IntEnum):
    """Roles beyond Qt's own."""

    URL = Qt.ItemDataRole.UserRole + 1
    POST_ID = Qt.ItemDataRole.UserRole + 2
    DELIVERY_ID = Qt.ItemDataRole.UserRole + 3
    HANDOFF = Qt.ItemDataRole.UserRole + 4  # True: a network without an API (numbers are typed in)


_HEADERS = ("Published", "Network", "Account", "Text", "Likes · reposts · replies", "Link")


def engagement_text(counts: Counts | None) -> str:
    """`12 · 3 · 2` (likes, reposts, replies; ` · 4 quotes` where counted), or a dash when never measured."""
    if counts is None:
        return "—"
    text = f"{counts.likes:,} · {counts.reposts:,} · {counts.replies:,}"
    return text + ("" if counts.quotes is None else f" · {counted(counts.quotes, 'quote')}")


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
        self._counts: dict[int, Counts] = {}  # delivery id: latest snapshot, for the rows loaded

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
            self._counts = self._store.metrics.latest([e.delivery_id for e in self._rows])
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
        self.sync_counts()
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
        self._counts.update(self._store.metrics.latest([e.delivery_id for e in fresh]))
        self.beginInsertRows(QModelIndex(), 0, added - 1)
        self._rows[0:0] = fresh
        self._total = total
        self.endInsertRows()

    def sync_counts(self) -> None:
        """Read the loaded rows' latest numbers again; the column repaints where they changed."""
        if not self._rows:
            return
        latest = self._store.metrics.latest([e.delivery_id for e in self._rows])
        if latest == self._counts:
            return
        self._counts = latest
        column = ArchiveColumn.ENGAGEMENT
        self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def counts(self, row: int) -> Counts | None:
        """The latest numbers of the delivery on a row (None: never measured)."""
        return self._counts.get(self._rows[row].delivery_id)

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
        self._counts.update(self._store.metrics.latest([e.delivery_id for e in page]))
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
        if role == ArchiveRole.DELIVERY_ID:
            return entry.delivery_id
        if role == ArchiveRole.HANDOFF:
            return not network_by_id(entry.network).has_api
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
            if column is ArchiveColumn.ENGAGEMENT:
                return _engagement_tip(self._counts.get(entry.delivery_id), self._zone)
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
        if column is ArchiveColumn.ENGAGEMENT:
            return engagement_text(self._counts.get(entry.delivery_id))
        return entry.remote_url or "—"


def _engagement_tip(counts: Counts | None, zone: tzinfo | None) -> str:
    if counts is None:
        return "Not measured yet (Studio reads Mastodon and Bluesky; type in the numbers of other networks)"
    quotes = "" if counts.quotes is None else f", {counts.quotes} quotes"
    when = counts.measured_at.astimezone(zone).strftime("%a %d %b %Y, %H:%M")
    return (
        f"{counts.likes} likes, {counts.reposts} reposts, {counts.replies} replies{quotes}; measured {when}"
    )
