"""The pictures attached to the post being written: a thin list model over store media items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPixmap

from studio.platforms import network_by_id
from studio.store import MediaItem, MediaKind

__all__ = [
    "Attachment",
    "AttachmentRole",
    "AttachmentsModel",
    "alt_text_limit",
    "attachment_problems",
    "default_template",
    "fractions",
]

_Index = QModelIndex | QPersistentModelIndex
THUMB = QSize(96, 72)


def default_template(kind: MediaKind) -> str:
    """Photos get the photo layout (cover crop); cartoons and graphics the one that never crops."""
    return "photo" if kind is MediaKind.PHOTO else "cartoon"


def alt_text_limit(networks: Sequence[str]) -> int | None:
    """The tightest alt-text limit among the networks (None when none of them has one)."""
    limits = [n.alt_text_limit for n in map(network_by_id, networks) if n.alt_text_limit]
    return min(limits) if limits else None


def attachment_problems(attachments: Sequence[Attachment], networks: Sequence[str]) -> list[str]:
    """What stops scheduling: a picture without alt text, or alt text over a chosen network's limit."""
    limit = alt_text_limit(networks)
    found = []
    for number, attachment in enumerate(attachments, 1):
        alt = attachment.item.alt_text.strip()
        if not alt:
            found.append(f"picture {number} ({attachment.item.kind.value}) needs alt text")
        elif limit is not None and len(alt) > limit:
            found.append(f"picture {number}'s alt text is {len(alt)} characters; the limit is {limit}")
    return found


def fractions(item: MediaItem) -> tuple[float, float]:
    """The focus point as fractions of the picture, y down (the render engine's convention)."""
    return ((item.focus_x + 1) / 2, (1 - item.focus_y) / 2)


@dataclass(frozen=True, slots=True)
class Attachment:
    """One picture of the post, with the layout and caption it is rendered with."""

    item: MediaItem
    path: Path
    template: str
    caption: str = ""


class AttachmentRole(IntEnum):
    """Data roles beyond Qt's own."""

    ATTACHMENT = Qt.ItemDataRole.UserRole + 1
    KIND = Qt.ItemDataRole.UserRole + 2


class AttachmentsModel(QAbstractListModel):
    """The post's pictures in order; thumbnails arrive later from the pool as QImages."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Attachment] = []
        self._thumbs: dict[int, QPixmap] = {}
        self._icons: dict[int, QPixmap] = {}  # the strip's small copy; the big one is for the focus picker

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        """The attachments in order."""
        return tuple(self._rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.item.kind.value
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get(row.item.id) or _placeholder()
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            alt = row.item.alt_text or "no alt text yet"
            return f"{row.path.name} ({row.item.kind.value}): {alt}"
        if role == AttachmentRole.ATTACHMENT:
            return row
        if role == AttachmentRole.KIND:
            return row.item.kind.value
        return None

    def add(self, attachment: Attachment) -> int:
        """Append (or return the row of) this picture; a picture is attached once."""
        for row, known in enumerate(self._rows):
            if known.item.id == attachment.item.id:
                return row
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(attachment)
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        """Detach the picture in `row`."""
        self.beginRemoveRows(QModelIndex(), row, row)
        gone = self._rows.pop(row)
        self.endRemoveRows()
        self._thumbs.pop(gone.item.id, None)
        self._icons.pop(gone.item.id, None)

    def update(self, row: int, **changes: object) -> Attachment:
        """Change one attachment (item, template or caption) and say so for that row only."""
        self._rows[row] = replace(self._rows[row], **changes)  # type: ignore[arg-type]
        index = self.index(row)
        self.dataChanged.emit(index, index)
        return self._rows[row]

    def set_thumbnail(self, media_id: int, image: QImage) -> None:
        """The pool made a thumbnail: the pixmap is made here, on the UI thread."""
        self._thumbs[media_id] = QPixmap.fromImage(image)
        self._icons[media_id] = self._thumbs[media_id].scaled(
            THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        for row, known in enumerate(self._rows):
            if known.item.id == media_id:
                index = self.index(row)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def thumbnail(self, media_id: int) -> QPixmap | None:
        """The thumbnail, once made."""
        return self._thumbs.get(media_id)


def _placeholder() -> QPixmap:
    pixmap = QPixmap(THUMB)
    pixmap.fill(QColor("#8899aa"))
    return pixmap


def load_thumbnail(path: Path, size: QSize = THUMB * 3) -> QImage:
    """Decode a small copy of the picture in the pool (QImageReader scales while decoding JPEGs)."""
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    original = reader.size()
    if original.isValid():
        reader.setScaledSize(original.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()
