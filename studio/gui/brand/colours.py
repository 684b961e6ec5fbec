"""The kit's colours as swatch buttons, each with the WCAG contrast of the text read on it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from studio.brand.colour import RGB
from studio.brand.kit import COLOUR_NAMES, STATUSES
from studio.brand.kitedit import MIN_CONTRAST, reader_of, text_contrasts
from studio.gui.brand.kitapi import KitLike

__all__ = ["ColoursPanel", "hex_colour"]


def hex_colour(rgb: RGB) -> str:
    """`#RRGGBB` in capitals, as kit.toml writes colours."""
    return "#{:02X}{:02X}{:02X}".format(*rgb)


class _ColourRow:
    """One colour: its swatch (a button that opens the colour picker), its name, value and contrast."""

    def __init__(self, name: str, grid: QGridLayout, row: int, panel: ColoursPanel) -> None:
        self.name = name
        self.swatch = QPushButton()
        self.swatch.setFixedSize(40, 26)
        self.swatch.clicked.connect(lambda: panel.colour_clicked.emit(name))
        self.value = QLabel()
        self.value.setObjectName("ViewSubtitle")
        self.contrast = QLabel()
        self.contrast.setToolTip(
            f"WCAG 2 contrast of the text drawn on this colour; {MIN_CONTRAST}:1 or more reads well"
        )
        grid.addWidget(self.swatch, row, 0)
        grid.addWidget(QLabel(name), row, 1)
        grid.addWidget(self.value, row, 2)
        grid.addWidget(self.contrast, row, 3)

    def show(self, rgb: RGB, contrast: float | None) -> None:
        value = hex_colour(rgb)
        self.value.setText(value)
        # A swatch's colour is data from the kit, so it is set here rather than in the style sheet.
        self.swatch.setStyleSheet(
            f"QPushButton {{ background: {value}; border-radius: 6px; border: 1px solid rgba(0, 0, 0, 60); }}"
            f"QPushButton:focus {{ border: 2px solid palette(highlight); }}"
        )
        self.swatch.setAccessibleName(f"{self.name} colour {value}: change")
        reader = reader_of(self.name)
        if contrast is None or reader is None:
            self.contrast.setText("")
            return
        if contrast < MIN_CONTRAST:
            self.contrast.setObjectName("Problem")
            self.contrast.setText(f"\N{WARNING SIGN} {reader} on it {contrast:.1f}:1, below {MIN_CONTRAST}:1")
        else:
            self.contrast.setObjectName("ViewSubtitle")
            self.contrast.setText(f"{reader} on it {contrast:.1f}:1")
        self.contrast.setAccessibleName(f"Contrast of {reader} on {self.name}: {contrast:.1f} to 1")
        self.contrast.style().unpolish(self.contrast)  # the object name picks the style: apply the new one
        self.contrast.style().polish(self.contrast)


class ColoursPanel(QFrame):
    """The kit colours and the status colours, side by side.

    Signals:
        colour_clicked(str): the name of the colour whose swatch was clicked (`primary`, `resolved`, …).
    """

    colour_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        outer = QGridLayout(self)
        outer.setContentsMargins(16, 12, 16, 16)
        outer.setHorizontalSpacing(40)
        self.rows: dict[str, _ColourRow] = {}
        for column, (title, names) in enumerate(
            (("Colours", COLOUR_NAMES), ("Status colours (incident cards)", STATUSES))
        ):
            box = QVBoxLayout()
            heading = QLabel(title)
            heading.setObjectName("SectionTitle")
            box.addWidget(heading)
            grid = QGridLayout()
            grid.setHorizontalSpacing(12)
            grid.setVerticalSpacing(6)
            grid.setColumnMinimumWidth(3, 220)
            for row, name in enumerate(names):
                self.rows[name] = _ColourRow(name, grid, row, self)
            box.addLayout(grid)
            box.addStretch(1)
            outer.addLayout(box, 0, column)
        outer.setColumnStretch(2, 1)

    def show_kit(self, kit: KitLike) -> None:
        """Show every colour of `kit` and the contrast of the text read on it."""
        contrasts = text_contrasts(kit)
        entries: Sequence[tuple[str, RGB]] = [*kit.colours, *kit.status_colours]
        for name, rgb in entries:
            if name in self.rows:
                self.rows[name].show(rgb, contrasts.get(name))

    def swatches(self) -> dict[str, str]:
        """Each colour's `#RRGGBB` as shown."""
        return {name: row.value.text() for name, row in self.rows.items()}
