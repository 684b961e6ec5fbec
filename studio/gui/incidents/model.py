"""A thin list model over the store's incidents: open ones first, then the recent closed ones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from studio.store.incidents import Incident
from studio.workflows.stages import stage_label

__all__ = ["IncidentColumn", "IncidentRole", "IncidentsModel", "order_incidents"]

_Index = QModelIndex | QPersistentModelIndex
RECENT_CLOSED = 20  # closed incidents kept in the list: the rest are in the archive


class IncidentColumn(IntEnum):
    """The table's columns, in order."""

    SERVICE = 0
    KIND = 1
    STAGE = 2
    STARTED = 3
    NEXT_UPDATE = 4


class IncidentRole(IntEnum):
    """Roles beyond Qt's own."""

    INCIDENT_ID = Qt.ItemDataRole.UserRole + 1
    IS_OPEN = Qt.ItemDataRole.UserRole + 2


_HEADERS = ("Service", "Kind", "Stage", "Started", "Next update")


def order_incidents(incidents: Sequence[Incident]) -> list[Incident]:
    """Open incidents (newest first), then the most recent closed ones."""
    open_ = [i for i in incidents if i.is_open]
    closed = [i for i in incidents if not i.is_open]
    return sorted(open_, key=lambda i: -i.id) + sorted(closed, key=lambda i: -i.id)[:RECENT_CLOSED]


def _clock(moment: datetime, zone: tzinfo | None, today: date | None = None) -> str:
    """`14:30` today, `21 Nov 14:30` another day: short enough for a narrow column."""
    local = moment.astimezone(zone)
    day = today or datetime.now(zone).date()
    return local.strftime("%H:%M") if local.date() == day else local.strftime("%d %b %H:%M")


class IncidentsModel(QAbstractTableModel):
    """Incidents as rows; `sync` applies a new list row by row (insert, remove, change), never a reset."""

    def __init__(self, zone: tzinfo | None = None) -> None:
        super().__init__()
        self._rows: list[Incident] = []
        self._zone = zone

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(IncidentColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        incident = self._rows[index.row()]
        if role == IncidentRole.INCIDENT_ID:
            return incident.id
        if role == IncidentRole.IS_OPEN:
            return incident.is_open
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{incident.service}: {incident.impact}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = IncidentColumn(index.column())
        if column is IncidentColumn.SERVICE:
            return incident.service
        if column is IncidentColumn.KIND:
            return incident.kind.capitalize()
        if column is IncidentColumn.STAGE:
            label = stage_label(incident.stage).capitalize()
            return label if incident.is_open else f"{label} (closed)"
        if column is IncidentColumn.STARTED:
            return _clock(incident.started_at, self._zone)
        if incident.next_update_at is None:
            return "—"
        return _clock(incident.next_update_at, self._zone)

    def incident(self, row: int) -> Incident:
        """The incident on a row."""
        return self._rows[row]

    def row_of(self, incident_id: int) -> int:
        """The row of an incident, or -1."""
        return next((r for r, i in enumerate(self._rows) if i.id == incident_id), -1)

    def sync(self, incidents: Sequence[Incident]) -> None:
        """Show `incidents` in this order: rows that left go, new ones come in, changed ones update."""
        wanted = list(incidents)
        keep = {i.id for i in wanted}
        for row in reversed(range(len(self._rows))):
            if self._rows[row].id not in keep:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        for target, incident in enumerate(wanted):
            current = self.row_of(incident.id)
            if current == -1:
                self.beginInsertRows(QModelIndex(), target, target)
                self._rows.insert(target, incident)
                self.endInsertRows()
                continue
            if current != target:  # moved up (e.g. reopened order); moving down happens by others moving up
                self.beginMoveRows(QModelIndex(), current, current, QModelIndex(), target)
                self._rows.insert(target, self._rows.pop(current))
                self.endMoveRows()
            if self._rows[target] != incident:
                self._rows[target] = incident
                self.dataChanged.emit(self.index(target, 0), self.index(target, len(IncidentColumn) - 1))
