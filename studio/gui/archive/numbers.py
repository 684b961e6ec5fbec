"""The "Add numbers…" dialog: likes, reposts and replies typed in for a post on a network without an API."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.listen.model import Counts

__all__ = ["NumbersDialog"]

_MOST = 1_000_000_000


class NumbersDialog(QDialog):
    """Asks for a delivery's numbers (pre-filled with the last ones) and, if it has none, its link."""

    def __init__(self, what: str, last: Counts | None, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add numbers")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"The numbers of {what} as the network shows them now. "
            "Studio keeps each set with its time; the latest one counts."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.likes, self.reposts, self.replies = (
            self._spin(name) for name in ("Likes", "Reposts", "Replies")
        )
        if last is not None:
            self.likes.setValue(last.likes)
            self.reposts.setValue(last.reposts)
            self.replies.setValue(last.replies)
        form.addRow("&Likes", self.likes)
        form.addRow("&Reposts", self.reposts)
        form.addRow("Re&plies", self.replies)
        self.link = QLineEdit()
        self.link.setPlaceholderText("https://… (where the post is; optional)")
        self.link.setAccessibleName("Link to the post")
        if url.startswith(("https://", "http://")):
            self.link.setText(url)
        form.addRow("Lin&k", self.link)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @staticmethod
    def _spin(name: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, _MOST)
        spin.setAccessibleName(name)
        spin.setGroupSeparatorShown(True)
        return spin

    def values(self) -> tuple[int, int, int, str]:
        """(likes, reposts, replies, link) as typed."""
        return self.likes.value(), self.reposts.value(), self.replies.value(), self.link.text().strip()
