"""The Brand view's tool row: which kit the workspace uses, a new kit, the kit's folder, and Undo."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from studio.workflows.kits import KitEntry

__all__ = ["KitSwitcher"]


class KitSwitcher(QWidget):
    """A combo of the workspace's kits (the one in use selected) and the buttons beside it.

    Signals:
        kit_chosen(object): the KitEntry the user picked (not emitted for the one already in use).
        new_clicked(): "New kit from this…".
        folder_clicked(): "Open kit folder".
        undo_clicked(): "Undo".
    """

    kit_chosen = Signal(object)
    new_clicked = Signal()
    folder_clicked = Signal()
    undo_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[KitEntry] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        label = QLabel("Kit in use")
        self.combo = QComboBox()
        self.combo.setAccessibleName("Brand kit in use")
        self.combo.setMinimumContentsLength(18)
        label.setBuddy(self.combo)
        self.combo.activated.connect(self._on_combo_activated)
        self.new = QPushButton("New kit from this…")
        self.new.setToolTip("Copy this kit into the workspace under a new name, and use the copy")
        self.new.clicked.connect(self.new_clicked)
        self.folder = QPushButton("Open kit folder")
        self.folder.clicked.connect(self.folder_clicked)
        self.undo = QPushButton("Undo")
        self.undo.setEnabled(False)
        self.undo.clicked.connect(self.undo_clicked)
        for widget in (label, self.combo, self.new, self.folder, self.undo):
            row.addWidget(widget)
        row.addStretch(1)

    def show_entries(self, entries: Sequence[KitEntry]) -> None:
        """List `entries`, the one in use selected; a broken kit is listed with why."""
        self.entries = list(entries)
        self.combo.clear()
        for entry in self.entries:
            label = f"{entry.name} (example, read-only)" if entry.bundled else f"{entry.name} ({entry.id})"
            if entry.problem:
                label = f"{entry.id}: cannot be used"
            self.combo.addItem(label)
            self.combo.setItemData(
                self.combo.count() - 1, entry.problem or str(entry.folder), Qt.ItemDataRole.ToolTipRole
            )
        self.select_in_use()

    def select_in_use(self) -> None:
        """Select the kit in use again (after a refused switch)."""
        for index, entry in enumerate(self.entries):
            if entry.in_use:
                self.combo.setCurrentIndex(index)

    def show_undo(self, what: str | None) -> None:
        """Enable Undo for the change `what`, or disable it (None)."""
        self.undo.setEnabled(what is not None)
        self.undo.setToolTip(f"Undo the {what} (Ctrl+Z)" if what else "Nothing to undo")

    def _on_combo_activated(self, index: int) -> None:
        if 0 <= index < len(self.entries) and not self.entries[index].in_use:
            self.kit_chosen.emit(self.entries[index])
