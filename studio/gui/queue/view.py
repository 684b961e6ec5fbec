"""The Queue view: the table of posts, or an honest empty state when there are none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.gui.empty import EmptyState
from studio.gui.queue.model import QueueColumn, QueueModel
from studio.gui.theme import Theme
from studio.store import Store

__all__ = ["QueueView"]


class QueueView(QWidget):
    """Everything in the workspace's queue, newest scheduled first."""

    def __init__(self, store: Store, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Queue")
        title.setObjectName("ViewTitle")
        self.model = QueueModel(store)
        subtitle = QLabel(f"{self.model.total:,} posts in this workspace, newest scheduled first.")
        subtitle.setObjectName("ViewSubtitle")
        layout.addWidget(title)
        layout.addWidget(subtitle)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Posts in the queue")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column, width in ((QueueColumn.WHEN, 190), (QueueColumn.STATUS, 100), (QueueColumn.WHERE, 280)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnWidth(QueueColumn.TEXT, 360)
        self.empty = EmptyState(
            theme.icon("queue", theme.palette.accent, 36),
            "Nothing in the queue yet",
            "Posts will appear here with their status, time, networks and last error as soon as they are "
            "drafted or scheduled (for now with `studio queue add`).",
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.table)
        self.pages.setCurrentWidget(self.table if self.model.total else self.empty)
        layout.addWidget(self.pages, 1)
