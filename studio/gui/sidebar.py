"""The sidebar: a thin list model over the app's views and the list view that shows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

__all__ = ["SidebarModel", "SidebarRole", "SidebarView", "ViewEntry"]

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class ViewEntry:
    """One place in the sidebar."""

    id: str
    label: str
    icon: str
    shortcut: str
    description: str


class SidebarRole(IntEnum):
    """Roles beyond Qt's own."""

    VIEW_ID = Qt.ItemDataRole.UserRole + 1


class SidebarModel(QAbstractListModel):
    """The views in sidebar order; read-only."""

    def __init__(self, entries: Sequence[ViewEntry], icons: Sequence[QIcon]) -> None:
        super().__init__()
        self._entries = tuple(entries)
        self._icons = tuple(icons)
        self._badges: dict[str, str] = {}

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            badge = self._badges.get(entry.id)
            return f"{entry.label}  ·  {badge}" if badge else entry.label
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons[index.row()]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return f"{entry.description} ({entry.shortcut})"
        if role == SidebarRole.VIEW_ID:
            return entry.id
        return None

    def set_badge(self, view_id: str, text: str) -> None:
        """Show `text` (e.g. "1 due") after a view's label; empty removes it."""
        row = self.row_of(view_id)
        if row < 0 or self._badges.get(view_id, "") == text:
            return
        if text:
            self._badges[view_id] = text
        else:
            self._badges.pop(view_id, None)
        self.dataChanged.emit(self.index(row), self.index(row), [Qt.ItemDataRole.DisplayRole])

    def row_of(self, view_id: str) -> int:
        """The row of a view id, or -1."""
        return next((row for row, e in enumerate(self._entries) if e.id == view_id), -1)

    def roleNames(self) -> dict[int, QByteArray]:
        names = super().roleNames()
        names[SidebarRole.VIEW_ID] = QByteArray(b"viewId")
        return names


class SidebarView(QListView):
    """The list of views; arrow keys move, and the selection switches the view."""

    def __init__(self, model: SidebarModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self.setModel(model)
        self.setIconSize(QSize(20, 20))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Views")
        self.setAccessibleDescription("Choose what the main area shows")
        self.setUniformItemSizes(True)
