"""The kit's name, help-desk link, fonts and logo, as fields that ask for a change when edited."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.brand.kitedit import bundled_fonts
from studio.gui.brand.colours import hex_colour
from studio.gui.brand.kitapi import KitLike

__all__ = ["OTHER_FONT", "KitDetails", "logo_tile_style"]

OTHER_FONT = ""  # the font combo's last entry: "Other font file…"
_FONT_SUFFIXES = {".ttf", ".otf", ".ttc"}


def logo_tile_style(kit: KitLike) -> str:
    """The logo sits on the kit's primary colour, as it does on every branded picture (its wordmark is often
    white, and unreadable on the app's light background)."""
    return f"background: {hex_colour(dict(kit.colours)['primary'])}; border-radius: 10px;"


class KitDetails(QFrame):
    """Logo, name, help-desk link and fonts of the kit.

    Signals:
        name_edited(str): the name field was left with a new name.
        link_edited(str): the help-desk link field was left with a new link.
        font_chosen(str, str): role (`heading`/`body`) and a font's file name, or OTHER_FONT to pick a file.
        logo_clicked(): "Change logo…" was clicked.
    """

    name_edited = Signal(str)
    link_edited = Signal(str)
    font_chosen = Signal(str, str)
    logo_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self._kit: KitLike | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 16, 16, 16)
        row.setSpacing(24)
        logo_box = QVBoxLayout()
        self.logo = QLabel("Logo…")
        self.logo.setFixedSize(240, 120)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        logo_box.addWidget(self.logo)
        self.change_logo = QPushButton("Change logo…")
        self.change_logo.setToolTip("A PNG with transparency, or an SVG")
        self.change_logo.clicked.connect(self.logo_clicked)
        logo_box.addWidget(self.change_logo, 0, Qt.AlignmentFlag.AlignLeft)
        logo_box.addStretch(1)
        row.addLayout(logo_box)

        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        self.name = QLineEdit()
        self.name.setAccessibleName("Kit name")
        self.name.editingFinished.connect(lambda: self._edited(self.name, self.name_edited))
        form.addRow("Name", self.name)
        self.link = QLineEdit()
        self.link.setAccessibleName("Help-desk link")
        self.link.setPlaceholderText("https://…")
        self.link.editingFinished.connect(lambda: self._edited(self.link, self.link_edited))
        form.addRow("Help-desk link", self.link)
        self.fonts: dict[str, QComboBox] = {}
        for role in ("heading", "body"):
            combo = QComboBox()
            combo.setAccessibleName(f"{role.capitalize()} font")
            combo.setMinimumContentsLength(22)
            combo.activated.connect(lambda index, r=role: self._on_font_activated(r, index))
            self.fonts[role] = combo
            form.addRow(f"{role.capitalize()} font", combo)
        row.addLayout(form, 1)

    def show_kit(self, kit: KitLike) -> None:
        """Fill the fields from `kit` (the logo comes separately: it is loaded in the pool)."""
        self._kit = kit
        self.logo.setStyleSheet(logo_tile_style(kit))
        self.logo.setAccessibleName(f"{kit.name} logo")
        self.name.setText(kit.name)
        self.link.setText(kit.help_desk_url)
        own = sorted(p.name for p in kit.folder.iterdir() if p.suffix.lower() in _FONT_SUFFIXES)
        names = [*bundled_fonts(), *(n for n in own if n not in bundled_fonts())]
        for role, chain in (("heading", kit.heading_fonts), ("body", kit.body_fonts)):
            combo = self.fonts[role]
            combo.clear()
            for name in names:
                combo.addItem(Path(name).stem, name)
            combo.addItem("Other font file…", OTHER_FONT)
            combo.setCurrentIndex(max(0, combo.findData(chain[0].name)))

    def show_logo(self, pixmap: QPixmap | None) -> None:
        """The loaded logo, or None when it could not be loaded."""
        if pixmap is None:
            self.logo.setText("No logo")
        else:
            self.logo.setPixmap(pixmap)

    def _edited(self, field: QLineEdit, signal: SignalInstance) -> None:
        if self._kit is None:
            return
        current = self._kit.name if field is self.name else self._kit.help_desk_url
        if field.text().strip() != current:  # editingFinished also fires on a field merely left
            signal.emit(field.text())

    def _on_font_activated(self, role: str, index: int) -> None:
        if self._kit is None:
            return
        name = self.fonts[role].itemData(index)
        chain = self._kit.heading_fonts if role == "heading" else self._kit.body_fonts
        if name != chain[0].name:
            self.font_chosen.emit(role, name)
