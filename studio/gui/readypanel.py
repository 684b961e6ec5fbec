"""The "ready to post" panel: what a handoff folder holds, and the four buttons to post it by hand.

A desktop notification cannot carry buttons, so clicking one (or the message bar's "Post by hand…") opens
this panel. Several handoffs ready at once are picked from a list at the top; the panel closes itself once
the last one is marked as posted.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.gui.handoffs import ACTIONS, Handoff, HandoffSteps

__all__ = ["ReadyPanel"]


def _text_box(name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setAccessibleName(name)
    box.setMaximumHeight(110)
    return box


class ReadyPanel(QDialog):
    """Shows one handoff at a time (a list picks among several) with Open folder, Copy caption, Copy alt text
    and Mark as posted; `buttons` maps each label to its button."""

    def __init__(
        self, handoffs: Sequence[Handoff], steps: HandoffSteps, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ready to post by hand")
        self.setObjectName("ReadyPanel")
        self.setMinimumWidth(520)
        self._steps = steps
        self.handoffs = list(handoffs)
        layout = QVBoxLayout(self)
        self.picker = QComboBox()
        self.picker.setAccessibleName("Posts ready to post by hand")
        self.picker.currentIndexChanged.connect(self._on_picker_current_index_changed)
        layout.addWidget(self.picker)
        self.heading = QLabel()
        self.heading.setObjectName("ViewTitle")
        self.heading.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("ViewSubtitle")
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(QLabel("Caption (paste it as the post's caption):"))
        self.caption = _text_box("Caption")
        layout.addWidget(self.caption)
        self.alt_label = QLabel()
        layout.addWidget(self.alt_label)
        self.alt_text = _text_box("Alt text")
        layout.addWidget(self.alt_text)
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for label in ACTIONS:
            button = QPushButton(label)
            button.setAccessibleName(label)
            button.clicked.connect(lambda _checked=False, label=label: self.run(label))
            row.addWidget(button)
            self.buttons[label] = button
        row.addStretch(1)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.buttons["Mark as posted"].setDefault(True)
        self._fill_picker()

    @property
    def current(self) -> Handoff | None:
        """The handoff on show."""
        index = self.picker.currentIndex()
        return self.handoffs[index] if 0 <= index < len(self.handoffs) else None

    def show_handoff(self, delivery_id: int) -> None:
        """Bring one of the panel's handoffs on show."""
        for index, handoff in enumerate(self.handoffs):
            if handoff.delivery_id == delivery_id:
                self.picker.setCurrentIndex(index)

    def run(self, label: str) -> None:
        """Do one of the four actions on the handoff on show (what its button does)."""
        handoff = self.current
        if handoff is None:
            return
        if label == "Open folder":
            self._steps.open_folder(handoff)
        elif label == "Copy caption":
            self._steps.copy_caption(handoff)
        elif label == "Copy alt text":
            self._steps.copy_alt_text(handoff)
        elif label == "Mark as posted" and self._steps.mark_posted(handoff):
            self.handoffs.remove(handoff)
            if not self.handoffs:
                self.accept()
                return
            self._fill_picker()

    def _fill_picker(self) -> None:
        self.picker.blockSignals(True)
        self.picker.clear()
        for handoff in self.handoffs:
            self.picker.addItem(handoff.headline)
        self.picker.blockSignals(False)
        self.picker.setVisible(len(self.handoffs) > 1)
        self.picker.setCurrentIndex(0)
        self._show_current()

    @Slot(int)
    def _on_picker_current_index_changed(self, _index: int) -> None:
        self._show_current()

    def _show_current(self) -> None:
        handoff = self.current
        if handoff is None:
            return
        self.heading.setText(handoff.headline)
        self.details.setText(handoff.details)
        self.caption.setPlainText(handoff.caption)
        if handoff.alt_text:
            self.alt_label.setText("Alt text (paste it in each picture's alt text setting):")
        else:
            self.alt_label.setText("No alt text: describe the pictures in the network's app if you can.")
        self.alt_text.setPlainText(handoff.alt_text)
        self.alt_text.setVisible(bool(handoff.alt_text))
        self.buttons["Copy alt text"].setEnabled(bool(handoff.alt_text))
        if handoff.folder_found:
            self.folder.setText(f"Pictures and texts are in {handoff.folder}")
        else:
            self.folder.setText(
                f"The ready folder is gone ({handoff.folder}); the caption above is the post's."
            )
        self.buttons["Open folder"].setEnabled(handoff.folder_found)
