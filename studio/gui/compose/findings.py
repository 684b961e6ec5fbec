"""The content-check findings as a list model: message, rule and suggestion per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from studio.gui.compose.engine import FindingLike, severity_name

__all__ = ["FindingRole", "FindingsModel", "hover_text"]

_Index = QModelIndex | QPersistentModelIndex


class FindingRole(IntEnum):
    """Roles beyond Qt's own."""

    RULE = Qt.ItemDataRole.UserRole + 1
    SEVERITY = Qt.ItemDataRole.UserRole + 2
    START = Qt.ItemDataRole.UserRole + 3
    END = Qt.ItemDataRole.UserRole + 4


def hover_text(finding: FindingLike) -> str:
    """What the editor shows when the pointer rests on a finding."""
    if finding.suggestion:
        return f"{finding.message}\nSuggestion: {finding.suggestion}"
    return finding.message


def _key(finding: FindingLike) -> tuple[str, int, int, str]:
    return (finding.rule, finding.start, finding.end, finding.message)


class FindingsModel(QAbstractListModel):
    """The findings of the current text; an update keeps the rows that did not change."""

    def __init__(self, parent: QWidget | None = None, icon_for: Callable[[str], QIcon] | None = None) -> None:
        super().__init__(parent)
        self._findings: list[FindingLike] = []
        self._icon_for = icon_for  # severity name -> icon (the theme draws them)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        finding = self._findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return finding.message
        if role == Qt.ItemDataRole.ToolTipRole:
            return hover_text(finding)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon_for(severity_name(finding)) if self._icon_for else None
        values: dict[int, Any] = {
            FindingRole.RULE: finding.rule,
            FindingRole.SEVERITY: severity_name(finding),
            FindingRole.START: finding.start,
            FindingRole.END: finding.end,
        }
        return values.get(role)

    @property
    def findings(self) -> list[FindingLike]:
        """The findings shown."""
        return list(self._findings)

    def set_findings(self, findings: Sequence[FindingLike]) -> None:
        """Replace the findings: keep the common head and tail, swap only the rows in between."""
        old, new = self._findings, list(findings)
        head = 0
        while head < min(len(old), len(new)) and _key(old[head]) == _key(new[head]):
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and _key(old[-1 - tail]) == _key(new[-1 - tail]):
            tail += 1
        removed = len(old) - head - tail
        if removed:
            self.beginRemoveRows(QModelIndex(), head, head + removed - 1)
            del self._findings[head : head + removed]
            self.endRemoveRows()
        added = new[head : len(new) - tail]
        if added:
            self.beginInsertRows(QModelIndex(), head, head + len(added) - 1)
            self._findings[head:head] = added
            self.endInsertRows()
        # Kept rows may have moved in the text (typing before them shifts offsets): refresh them in place.
        self._findings = new
        if new:
            self.dataChanged.emit(self.index(0), self.index(len(new) - 1))
