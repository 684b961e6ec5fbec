"""The Accounts view: the table of accounts, or an honest empty state when there are none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.gui.accounts.model import AccountColumn, AccountsModel
from studio.gui.empty import EmptyState
from studio.gui.theme import Theme
from studio.store import Store

__all__ = ["AccountsView"]


class AccountsView(QWidget):
    """Who owns which account, and which ones need reconnecting. Credentials stay in the keyring."""

    def __init__(self, store: Store, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Accounts")
        title.setObjectName("ViewTitle")
        subtitle = QLabel("Passwords and tokens live in the system keyring, never in Studio's files.")
        subtitle.setObjectName("ViewSubtitle")
        layout.addWidget(title)
        layout.addWidget(subtitle)
        self.model = AccountsModel(store, theme.palette.danger)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Accounts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        widths = {
            AccountColumn.NAME: 200,
            AccountColumn.NETWORK: 110,
            AccountColumn.HANDLE: 230,
            AccountColumn.OWNER: 160,
        }
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self.empty = EmptyState(
            theme.icon("accounts", theme.palette.accent, 36),
            "No accounts yet",
            "The team's network accounts will appear here: who owns each one and whether it needs "
            "reconnecting. For now add one with `studio accounts add NETWORK --name NAME --secret-stdin`.",
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.table)
        self.pages.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        layout.addWidget(self.pages, 1)
