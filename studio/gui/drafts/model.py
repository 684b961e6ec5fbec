"""A thin table model over the workspace's drafts: the latest change first, or the matches of a search."""

from __future__ import annotations

from datetime import tzinfo
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from studio.gui.drafts.people import PeopleReader, conflict_tag, people_line
from studio.store import Post, Store

if TYPE_CHECKING:
    from studio.team.people import PostPeople

__all__ = ["LIMIT", "DraftColumn", "DraftRole", "DraftsModel", "first_line"]

LIMIT = 500  # drafts listed at once; a search finds older ones
_Index = QModelIndex | QPersistentModelIndex


class DraftColumn(IntEnum):
    """The table's columns, in order."""

    CHANGED = 0
    TEXT = 1
    ACCOUNTS = 2
    PICTURES = 3


class DraftRole(IntEnum):
    """Roles beyond Qt's own."""

    POST_ID = Qt.ItemDataRole.UserRole + 1
    CONFLICT_TAG = Qt.ItemDataRole.UserRole + 2  # "Conflict copy from bob", or "" (a team workspace)


_HEADERS = ("Last change", "Draft", "Accounts", "Pictures")


def first_line(post: Post) -> str:
    """What a draft starts with: its first line, else a network's own text's; "" for pictures only."""
    for text in (post.body, *post.text_for.values()):
        line = next((x.strip() for x in text.splitlines() if x.strip()), "")
        if line:
            return line
    return ""


class DraftsModel(QAbstractTableModel):
    """Unsent drafts as `store.posts.drafts` lists them; rows come and go one at a time on delete and undo."""

    def __init__(self, store: Store, zone: tzinfo | None, flag: str | None = None) -> None:
        super().__init__()
        self._store = store
        self._zone = zone
        self._posts: list[Post] = []
        self._names: dict[int, str] = {}
        self._search = ""
        self._people_reader = PeopleReader(store)
        self._people: dict[int, PostPeople] = {}  # a team workspace's authors, approvals, conflict copies
        self._flag = QColor(flag) if flag else None  # the colour of a conflict copy's tag

    @property
    def team(self) -> bool:
        """A team workspace: rows name their authors and tag conflict copies."""
        return self._people_reader.team

    @property
    def search(self) -> str:
        """The search the rows match ("" for every draft)."""
        return self._search

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._posts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(DraftColumn)

    def post(self, row: int) -> Post:
        """The draft on `row`."""
        return self._posts[row]

    def row_of(self, post_id: int) -> int:
        """The row of a draft, or -1."""
        return next((i for i, p in enumerate(self._posts) if p.id == post_id), -1)

    # --- changes -----------------------------------------------------------------------------------------
    def reload(self, search: str | None = None) -> None:
        """Read the drafts again (matching `search` when given, else the search shown)."""
        if search is not None:
            self._search = search.strip()
        posts = self._read()
        self.beginResetModel()  # a new list, possibly in a new order
        self._posts = posts
        self._names = {a.id: a.name for a in self._store.accounts.list()}
        self._people = self._people_reader.read(p.id for p in posts)
        self.endResetModel()

    def sync(self) -> None:
        """Read the drafts again and apply them row by row (insert, remove, move, change), never a reset:
        the selected draft stays selected wherever it moves."""
        wanted = self._read()
        names = {a.id: a.name for a in self._store.accounts.list()}
        renamed, self._names = names != self._names, names
        people, before = self._people_reader.read(p.id for p in wanted), self._people
        self._people = people
        keep = {p.id for p in wanted}
        for row in reversed(range(len(self._posts))):
            if self._posts[row].id not in keep:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._posts[row]
                self.endRemoveRows()
        last = len(DraftColumn) - 1
        for target, post in enumerate(wanted):
            current = self.row_of(post.id)
            if current == -1:
                self.beginInsertRows(QModelIndex(), target, target)
                self._posts.insert(target, post)
                self.endInsertRows()
                continue
            if current != target:  # changed lately: it moves up to its place (the rows between move down)
                self.beginMoveRows(QModelIndex(), current, current, QModelIndex(), target)
                self._posts.insert(target, self._posts.pop(current))
                self.endMoveRows()
            if self._posts[target] != post or renamed or people.get(post.id) != before.get(post.id):
                self._posts[target] = post
                self.dataChanged.emit(self.index(target, 0), self.index(target, last))

    def remove(self, post_id: int) -> None:
        """Take one draft's row away (it was deleted)."""
        row = self.row_of(post_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._posts[row]
            self.endRemoveRows()

    def insert(self, post_id: int) -> int:
        """Show one draft where the list has it (it came back); its row, or -1 when the search hides it."""
        if self.row_of(post_id) >= 0:
            return self.row_of(post_id)
        fresh = self._read()
        ids = [p.id for p in fresh]
        if post_id not in ids:
            return -1
        shown = {p.id for p in self._posts}
        row = sum(1 for i in ids[: ids.index(post_id)] if i in shown)
        self._people.update(self._people_reader.read([post_id]))
        self.beginInsertRows(QModelIndex(), row, row)
        self._posts.insert(row, fresh[ids.index(post_id)])
        self.endInsertRows()
        return row

    def _read(self) -> list[Post]:
        return self._store.posts.drafts(search=self._search, limit=LIMIT)

    # --- data --------------------------------------------------------------------------------------------
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section == DraftColumn.PICTURES:
            return int(Qt.AlignmentFlag.AlignCenter)  # over its centred numbers
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._posts):
            return None
        post = self._posts[index.row()]
        column = DraftColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(post, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(post, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is DraftColumn.PICTURES:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == DraftRole.POST_ID:
            return post.id
        if role == DraftRole.CONFLICT_TAG:
            return conflict_tag(self._people.get(post.id))
        if role == Qt.ItemDataRole.ForegroundRole and column is DraftColumn.TEXT and self._flag is not None:
            return self._flag if conflict_tag(self._people.get(post.id)) else None
        return None

    def _display(self, post: Post, column: DraftColumn) -> str:
        people = self._people.get(post.id)
        if column is DraftColumn.CHANGED:
            changed = post.updated_at.astimezone(self._zone).strftime("%a %d %b %Y, %H:%M")
            return f"{changed} · {people.author}" if people is not None and people.author else changed
        if column is DraftColumn.TEXT:
            line = first_line(post) or "(pictures only, no text yet)"
            tag = conflict_tag(people)
            return f"{tag} · {line}" if tag else line
        if column is DraftColumn.ACCOUNTS:
            names = [self._names.get(a, f"account {a}") for a in post.account_ids]
            return ", ".join(names) if names else "None chosen yet"
        return str(len(post.media)) if post.media else "—"

    def _tooltip(self, post: Post, column: DraftColumn) -> str:
        who = people_line(self._people.get(post.id), self._zone)
        if column is DraftColumn.TEXT:
            own = [f"{network}: {text}" for network, text in sorted(post.text_for.items())]
            text = "\n\n".join([post.body, *own]).strip() + "\n\nEnter or a double-click opens it in Compose"
            return f"{who}\n\n{text}" if who else text
        if column is DraftColumn.CHANGED and who:
            return f"{self._display(post, column)}\n{who}"
        return self._display(post, column)
