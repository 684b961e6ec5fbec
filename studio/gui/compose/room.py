"""Compose's editor above the media strip, and room for a picture's details when one is chosen: the editor
gives up height, down to a few lines."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QScrollArea, QSplitter, QWidget

from studio.gui.compose.mediastrip import MediaStrip

__all__ = ["EDITOR_KEEPS", "make_room", "writing_splitter"]

EDITOR_KEEPS = 150  # px: about five lines of the post stay in view when a picture's details take the room


def writing_splitter(editor: QWidget, media: MediaStrip) -> QSplitter:
    """The editor over the media strip; choosing a picture makes room for its details."""
    splitter = QSplitter(Qt.Orientation.Vertical)
    splitter.setObjectName("compose-writing")
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(editor)
    splitter.addWidget(media)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    area = media.details_area
    media.list.selectionModel().selectionChanged.connect(  # after the layout has shown the details
        lambda *_: QTimer.singleShot(0, splitter, lambda: make_room(splitter, area, keep=EDITOR_KEEPS))
    )
    return splitter


def make_room(splitter: QSplitter, area: QScrollArea, *, keep: int) -> None:
    """Grow the splitter's last pane until `area` shows its whole content, taking the height from the first
    pane but leaving it `keep` pixels; nothing when the area is hidden or already big enough."""
    body = area.widget()
    if body is None or not area.isVisible():
        return
    wanted = body.sizeHint().height() - area.viewport().height()
    sizes = splitter.sizes()
    give = min(wanted, sizes[0] - keep)
    if give > 0:
        splitter.setSizes([sizes[0] - give, *sizes[1:-1], sizes[-1] + give])
