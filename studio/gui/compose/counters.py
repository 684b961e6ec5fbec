"""The per-network counters: a thin list model over the engine's counts, and a delegate that draws a meter."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from studio.gui.compose.engine import CountLike
from studio.gui.theme import Theme
from studio.platforms import network_by_id

__all__ = ["CounterDelegate", "CounterRole", "CountersModel"]

_Index = QModelIndex | QPersistentModelIndex


class CounterRole(IntEnum):
    """Roles beyond Qt's own."""

    NETWORK_ID = Qt.ItemDataRole.UserRole + 1
    LENGTH = Qt.ItemDataRole.UserRole + 2
    LIMIT = Qt.ItemDataRole.UserRole + 3
    REMAINING = Qt.ItemDataRole.UserRole + 4
    OK = Qt.ItemDataRole.UserRole + 5


class CountersModel(QAbstractListModel):
    """One row per selected network; rows change one by one, never by a reset."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._networks: list[str] = []
        self._counts: dict[str, CountLike] = {}

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._networks)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._networks):
            return None
        network = self._networks[index.row()]
        count = self._counts.get(network)
        name = network_by_id(network).name
        if role == CounterRole.NETWORK_ID:
            return network
        if count is None:
            return name if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return _describe(name, count)
        values: dict[int, Any] = {
            CounterRole.LENGTH: count.length,
            CounterRole.LIMIT: count.limit,
            CounterRole.REMAINING: count.remaining,
            CounterRole.OK: count.ok,
        }
        return values.get(role)

    @property
    def networks(self) -> list[str]:
        """The network ids shown, in order."""
        return list(self._networks)

    def set_networks(self, networks: Sequence[str]) -> None:
        """Show these networks: rows are removed and inserted one at a time."""
        for row in reversed(range(len(self._networks))):
            if self._networks[row] not in networks:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._networks[row]
                self.endRemoveRows()
        for position, network in enumerate(networks):
            if network not in self._networks:
                row = min(position, len(self._networks))
                self.beginInsertRows(QModelIndex(), row, row)
                self._networks.insert(row, network)
                self.endInsertRows()

    def set_counts(self, counts: Mapping[str, CountLike]) -> None:
        """New counts; only rows whose count changed are announced."""
        for row, network in enumerate(self._networks):
            new = counts.get(network)
            old = self._counts.get(network)
            if new is None or old == new:
                continue
            self._counts[network] = new
            index = self.index(row)
            self.dataChanged.emit(index, index)
        self._counts.update({k: v for k, v in counts.items() if k not in self._networks})

    def count(self, network: str) -> CountLike | None:
        """The latest count for a network."""
        return self._counts.get(network)


def _describe(name: str, count: CountLike) -> str:
    if count.ok:
        return f"{name}: {count.length} of {count.limit}, {count.remaining} left"
    return f"{name}: {count.length} of {count.limit}, {-count.remaining} over the limit"


class CounterDelegate(QStyledItemDelegate):
    """Draws a counter as the network's name, what is left, and a slim meter."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        return QSize(180, 52)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        palette = self._theme.palette
        rect: QRect = option.rect.adjusted(12, 8, -12, -8)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, QColor(palette.window))
        name = str(index.data(Qt.ItemDataRole.DisplayRole))
        length = index.data(CounterRole.LENGTH)
        limit = index.data(CounterRole.LIMIT)
        remaining = index.data(CounterRole.REMAINING)
        ok = bool(index.data(CounterRole.OK))
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(QColor(palette.text))
        top = QRect(rect.left(), rect.top(), rect.width(), 20)
        painter.drawText(top, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), name)
        if limit:
            colour = QColor(palette.danger if not ok else palette.muted)
            if ok and remaining is not None and remaining <= max(10, limit // 20):
                colour = QColor(palette.warning)
            painter.setPen(colour)
            painter.setFont(option.font)
            painter.drawText(
                top, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"{remaining:,}"
            )
            track = QRectF(rect.left(), rect.bottom() - 5, rect.width(), 5)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.border))
            painter.drawRoundedRect(track, 2.5, 2.5)
            share = min(1.0, (length or 0) / limit)
            fill = QRectF(track.left(), track.top(), track.width() * share, track.height())
            painter.setBrush(QColor(palette.danger) if not ok else QColor(palette.accent))
            painter.drawRoundedRect(fill, 2.5, 2.5)
        painter.restore()
