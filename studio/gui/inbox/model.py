"""The inbox list: a thin model over `store.inbox`, newest first, one filter at a time, masked until shown."""

from __future__ import annotations

from datetime import datetime, tzinfo
from enum import IntEnum
from textwrap import shorten
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from studio.errors import UserError
from studio.listen.inbox import checks_of, shown_text
from studio.platforms import network_by_id
from studio.store import Store
from studio.store.inbox import InboxItem
from studio.store.zones import show_time
from studio.text import CheckConfig

__all__ = ["FILTERS", "InboxModel", "InboxRole", "kind_label", "network_name"]

_Index = QModelIndex | QPersistentModelIndex

# What the filter buttons offer: an id and its label.
FILTERS: tuple[tuple[str, str], ...] = (
    ("all", "All"),
    ("unread", "Unread"),
    ("support", "Support"),
    ("done", "Done"),
)


class InboxRole(IntEnum):
    """Roles beyond Qt's own."""

    ITEM_ID = Qt.ItemDataRole.UserRole + 1
    UNREAD = Qt.ItemDataRole.UserRole + 2
    SUPPORT = Qt.ItemDataRole.UserRole + 3
    TEXT = Qt.ItemDataRole.UserRole + 4  # the text as shown (masked unless revealed)
    HEAD = Qt.ItemDataRole.UserRole + 5  # network · account · kind
    WHO = Qt.ItemDataRole.UserRole + 6  # (author name, handle)
    WHEN = Qt.ItemDataRole.UserRole + 7  # short: "14:05" today, "3 Dec 14:05" before


def network_name(network: str) -> str:
    try:
        return network_by_id(network).name
    except (KeyError, ValueError, UserError):
        return network.capitalize()


def kind_label(item: InboxItem, our_line: str = "", width: int = 48) -> str:
    """Mention, Quote, Reply, or Reply to “our post's first line” (shortened to `width`)."""
    if item.kind == "reply":
        return f"Reply to “{shorten(our_line, width, placeholder='…')}”" if our_line else "Reply"
    return "Quote" if item.kind == "quote" else "Mention"


class InboxModel(QAbstractListModel):
    """Inbox items under the chosen filter, newest first; `revealed` holds the items shown unmasked."""

    def __init__(self, store: Store, zone: tzinfo | None) -> None:
        super().__init__()
        self._store = store
        self._zone = zone
        self._items: list[InboxItem] = []
        self._lines: dict[int, str] = {}  # our post id -> its first line
        self._config: CheckConfig | None = None
        self.filter = "all"
        self.revealed: set[int] = set()
        self.keep: int | None = None  # the item on show stays listed when it stops matching (read now)

    # --- reading ---------------------------------------------------------------------------------------
    @property
    def config(self) -> CheckConfig:
        """The kit's checks (read once: they say what personal data looks like)."""
        if self._config is None:
            self._config = checks_of(self._store)
        return self._config

    def reload(self, filter_id: str | None = None) -> None:
        """Read the items again, under `filter_id` when given."""
        if filter_id is not None:
            self.filter = filter_id
        self.beginResetModel()
        self._items = self._read()
        self.endResetModel()

    def _read(self) -> list[InboxItem]:
        inbox = self._store.inbox
        if self.filter == "unread":
            return [item for item in inbox.items() if item.unread or item.id == self.keep]
        if self.filter == "done":
            return [item for item in inbox.items(done=True) if item.done_at is not None]
        items = inbox.items()
        return [item for item in items if item.support] if self.filter == "support" else items

    def refresh_item(self, item_id: int) -> None:
        """Read one item again (it was read, answered or assigned) without resetting the list."""
        row = self.row_of(item_id)
        if row >= 0:
            self._items[row] = self._store.inbox.get(item_id)
            self.dataChanged.emit(self.index(row), self.index(row))

    def item(self, row: int) -> InboxItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: int) -> int:
        return next((row for row, item in enumerate(self._items) if item.id == item_id), -1)

    def shown(self, item: InboxItem) -> str:
        """The item's text as the list and the panel show it."""
        return shown_text(item, reveal=item.id in self.revealed, config=self.config)

    def is_masked(self, item: InboxItem) -> bool:
        """Whether the item has personal data to hide (whatever it shows now)."""
        return shown_text(item, config=self.config) != item.text

    def our_line(self, item: InboxItem) -> str:
        """The first line of our post the item answers ("" when it answers none of ours)."""
        post_id = item.in_reply_to_post
        if post_id is None:
            return ""
        if post_id not in self._lines:
            try:
                post = self._store.posts.get(post_id)
                text = post.body or next(iter(post.text_for.values()), "")
            except UserError:
                text = ""
            self._lines[post_id] = next((x.strip() for x in text.splitlines() if x.strip()), "")
        return self._lines[post_id]

    def when(self, item: InboxItem) -> str:
        return show_time(item.created_at, self._zone)

    def when_short(self, item: InboxItem) -> str:
        local = item.created_at.astimezone(self._zone) if self._zone else item.created_at.astimezone()
        today = datetime.now(local.tzinfo).date()
        if local.date() == today:
            return f"{local:%H:%M}"
        return f"{local.day} {local:%b %H:%M}" if local.year == today.year else f"{local:%Y-%m-%d}"

    def head(self, item: InboxItem) -> str:
        return " · ".join(
            (network_name(item.network), item.account_name, kind_label(item, self.our_line(item)))
        )

    def reveal(self, item_id: int, shown: bool = True) -> None:
        """Show (or hide again) one item's personal data."""
        if shown:
            self.revealed.add(item_id)
        else:
            self.revealed.discard(item_id)
        row = self.row_of(item_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row), self.index(row))

    # --- Qt ----------------------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            who = f"{item.author_name} {item.author_handle}" if item.author_name else item.author_handle
            text = " ".join(self.shown(item).split())
            return f"{self.head(item)}\n{who} · {self.when(item)}\n{shorten(text, 140, placeholder='…')}"
        if role == InboxRole.HEAD:
            return self.head(item)
        if role == InboxRole.WHO:
            return (item.author_name, item.author_handle)
        if role == InboxRole.WHEN:
            return self.when_short(item)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "unread, " if item.unread else ""
            support = "support case, " if item.support else ""
            return f"{state}{support}{kind_label(item)} from {item.author_handle} on {item.account_name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Support: move to the help desk" if item.support else None
        if role == InboxRole.ITEM_ID:
            return item.id
        if role == InboxRole.UNREAD:
            return item.unread
        if role == InboxRole.SUPPORT:
            return item.support
        if role == InboxRole.TEXT:
            return self.shown(item)
        return None
