"""A thin table model over the store's accounts (a short list: read whole, changed row by row)."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from studio.platforms import network_by_id
from studio.store import Account, Store

__all__ = ["NOT_VERIFIED", "AccountColumn", "AccountsModel", "publishers_line"]

_Index = QModelIndex | QPersistentModelIndex


class AccountColumn(IntEnum):
    """The table's columns, in order."""

    NAME = 0
    NETWORK = 1
    HANDLE = 2
    OWNER = 3
    STATE = 4
    PUBLISHERS = 5  # a team workspace only: which members' laptops can publish for it


_HEADERS = ("Name", "Network", "Handle", "Owner", "Connection", "Publishing")


NOT_VERIFIED = "Not verified yet (offline)"


def publishers_line(members: list[str] | None) -> str:
    """Which laptops can publish for an account, as the Accounts view says it (None: not in the hub yet)."""
    if members is None:
        return "Not shared with the team yet: the next sync says who can publish"
    if not members:
        return "No laptop holds this account's key: nothing will be sent"
    return "Can publish from: " + ", ".join(f"{member}'s laptop" for member in members)


def _state(account: Account, unverified: bool = False) -> str:
    if unverified:  # its newest credential has not been checked: never "Connected" on an old check's word
        return NOT_VERIFIED
    if account.needs_reconnect:
        return (
            f"Needs reconnecting: {account.reconnect_reason}"
            if account.reconnect_reason
            else "Needs reconnecting"
        )
    if not network_by_id(account.network).has_api:
        return "Handoff folder (no sign-in)"
    return "Connected" if account.last_checked_at else "Not checked yet"


class AccountsModel(QAbstractTableModel):
    """The workspace's accounts, by name."""

    def __init__(self, store: Store, attention: str = "#c23b3b") -> None:
        super().__init__()
        self._store = store
        self._attention = QColor(attention)  # the theme's colour for "needs the user"
        self._rows: list[Account] = sorted(store.accounts.list(), key=lambda a: a.name.lower())
        self._unverified: dict[int, str] = {}  # account id -> why its new credential is not verified yet
        self.team = store.in_team()  # without importing studio.team (psycopg): solo starts stay quick
        self._publishers: dict[str, list[str]] = {}  # account name -> members' laptops (the last sync's)
        self._read_publishers()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(AccountColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section] if 0 <= section < len(_HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        account = self._rows[index.row()]
        column = AccountColumn(index.column())
        if role == Qt.ItemDataRole.ToolTipRole and column is AccountColumn.NAME:
            return account.notes or None
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and column is AccountColumn.STATE
            and account.id in self._unverified
        ):
            return self._unverified[account.id]
        if role == Qt.ItemDataRole.ToolTipRole and column is AccountColumn.STATE:
            checked = account.last_checked_at
            return f"Last checked {checked:%Y-%m-%d %H:%M} UTC" if checked else "Press Check now to check it"
        if role == Qt.ItemDataRole.ToolTipRole and column is AccountColumn.PUBLISHERS and self.team:
            return publishers_line(self._publishers.get(account.name))  # the whole line, however narrow
        if role == Qt.ItemDataRole.ForegroundRole and column is AccountColumn.PUBLISHERS:
            return self._attention if self.team and self._publishers.get(account.name) == [] else None
        if role == Qt.ItemDataRole.ForegroundRole and column is AccountColumn.STATE:
            return self._attention if account.needs_reconnect else None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column is AccountColumn.PUBLISHERS:
            return publishers_line(self._publishers.get(account.name)) if self.team else ""
        values = {
            AccountColumn.NAME: account.name,
            AccountColumn.NETWORK: network_by_id(account.network).name,
            AccountColumn.HANDLE: account.handle or account.instance_url or "—",
            AccountColumn.OWNER: account.owner or "—",
            AccountColumn.STATE: _state(account, account.id in self._unverified),
        }
        return values[column]

    def set_attention(self, colour: str) -> None:
        """The theme switched: the "needs reconnecting" colour changes, on the state column only."""
        self._attention = QColor(colour)
        if self._rows:
            last = len(self._rows) - 1
            state = AccountColumn.STATE
            self.dataChanged.emit(
                self.index(0, state), self.index(last, state), [Qt.ItemDataRole.ForegroundRole]
            )

    def refresh_publishers(self) -> None:
        """Re-read the last sync's answer (a local read: never the network) and announce that column."""
        self._read_publishers()
        if self._rows and self.team:
            column = AccountColumn.PUBLISHERS
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    def _read_publishers(self) -> None:
        if self.team:
            from studio.team.publishers import cached_publishers  # a team workspace only

            self._publishers = cached_publishers(self._store) or {}

    def set_unverified(self, account_id: int, why: str | None) -> None:
        """Mark an account whose new credential could not be checked (`why`), or clear the mark (None)."""
        if why is None:
            if self._unverified.pop(account_id, None) is None:
                return
        else:
            self._unverified[account_id] = why
        self.refresh_account(account_id)

    def account(self, row: int) -> Account:
        """The account shown in `row`."""
        return self._rows[row]

    def row_of(self, account_id: int) -> int:
        """The row of an account; -1 when it is not shown."""
        return next((row for row, a in enumerate(self._rows) if a.id == account_id), -1)

    def insert_account(self, account: Account) -> int:
        """Show a new account in its place by name; returns its row."""
        row = next(
            (r for r, a in enumerate(self._rows) if a.name.lower() > account.name.lower()), len(self._rows)
        )
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, account)
        self.endInsertRows()
        return row

    def remove_account(self, account_id: int) -> None:
        """Stop showing a removed account."""
        self._unverified.pop(account_id, None)
        row = self.row_of(account_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def refresh_all(self) -> None:
        """Re-read every shown account (after a check) and announce the changed range, not a reset."""
        if not self._rows:
            return
        fresh = {a.id: a for a in self._store.accounts.list()}
        self._rows = [fresh.get(a.id, a) for a in self._rows]
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(AccountColumn) - 1))

    def refresh_account(self, account_id: int) -> None:
        """Re-read one account and announce just that row."""
        for row, account in enumerate(self._rows):
            if account.id == account_id:
                self._rows[row] = self._store.accounts.get(account_id)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(AccountColumn) - 1))
                return
