"""A thin, lazy table model over the store's posts: pages come in as the view scrolls (fetchMore)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from studio.platforms import network_by_id
from studio.store import Post, PostStatus, Store

__all__ = ["PAGE", "QueueColumn", "QueueModel", "QueueRole"]

PAGE = 200
_Index = QModelIndex | QPersistentModelIndex


class QueueColumn(IntEnum):
    """The table's columns, in order."""

    WHEN = 0
    STATUS = 1
    WHERE = 2
    TEXT = 3
    PROBLEM = 4


class QueueRole(IntEnum):
    """Roles beyond Qt's own."""

    POST_ID = Qt.ItemDataRole.UserRole + 1
    STATUS = Qt.ItemDataRole.UserRole + 2


_HEADERS = {
    QueueColumn.WHEN: "When",
    QueueColumn.STATUS: "Status",
    QueueColumn.WHERE: "Where",
    QueueColumn.TEXT: "Post",
    QueueColumn.PROBLEM: "Last error",
}
_STATUS_WORDS = {
    PostStatus.DRAFT: "Draft",
    PostStatus.IN_REVIEW: "In review",
    PostStatus.APPROVED: "Approved",
    PostStatus.SCHEDULED: "Scheduled",
    PostStatus.PUBLISHED: "Published",
    PostStatus.FAILED: "Failed",
    PostStatus.CANCELLED: "Cancelled",
}


def _when(post: Post) -> str:
    if post.scheduled_at is None:
        return "Not scheduled"
    return post.scheduled_at.astimezone().strftime("%a %d %b %Y, %H:%M")


def _where(post: Post) -> str:
    return ", ".join(f"{network_by_id(d.network).name} ({d.account_name})" for d in post.deliveries) or "—"


def _problem(post: Post) -> str:
    return next((d.last_error for d in post.deliveries if d.last_error), "")


class QueueModel(QAbstractTableModel):
    """Posts, newest scheduled first, loaded `PAGE` rows at a time."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store
        self._rows: list[Post] = []
        self._total = store.posts.count()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(QueueColumn)

    @property
    def total(self) -> int:
        """How many posts the store has (loaded or not)."""
        return self._total

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid():
            return
        page = self._store.posts.page(offset=len(self._rows), limit=PAGE)
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS.get(QueueColumn(section)) if 0 <= section < len(QueueColumn) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        post = self._rows[index.row()]
        if role == QueueRole.POST_ID:
            return post.id
        if role == QueueRole.STATUS:
            return post.status.value
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = QueueColumn(index.column())
        if column is QueueColumn.TEXT:
            first = post.body.splitlines()[0] if post.body else ""
            return post.body if role == Qt.ItemDataRole.ToolTipRole else first
        values = {
            QueueColumn.WHEN: _when(post),
            QueueColumn.STATUS: _STATUS_WORDS.get(post.status, post.status.value),
            QueueColumn.WHERE: _where(post),
            QueueColumn.PROBLEM: _problem(post),
        }
        return values[column]

    def refresh_post(self, post_id: int) -> None:
        """Re-read one loaded post and announce just that row."""
        for row, post in enumerate(self._rows):
            if post.id == post_id:
                self._rows[row] = self._store.posts.get(post_id)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(QueueColumn) - 1))
                return
