"""Light and dark looks from `ui/`, following the OS colour scheme, and the project's SVG icons."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QRectF, Qt, Slot
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

__all__ = ["Palette", "Theme", "ui_dir"]


def ui_dir() -> Path:
    """The `ui/` folder of the checkout (style sheets and icons)."""
    return Path(__file__).resolve().parents[2] / "ui"


@dataclass(frozen=True, slots=True)
class Palette:
    """The handful of colours the style sheets are built around (kept in step with `ui/*.qss`)."""

    name: str
    window: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    border: str
    danger: str
    warning: str
    success: str


LIGHT = Palette(
    "light",
    "#f5f6f8",
    "#ffffff",
    "#1d2430",
    "#5b6576",
    "#2f6fde",
    "#ffffff",
    "#dde2ea",
    "#c23b3b",
    "#a86712",
    "#2f855a",
)
DARK = Palette(
    "dark",
    "#16191e",
    "#1f242b",
    "#e6e9ee",
    "#9aa4b2",
    "#6ea1ff",
    "#0d1320",
    "#2e3540",
    "#f07171",
    "#e0a94a",
    "#5cc58c",
)


class Theme(QObject):
    """Applies the light or dark look to the application and keeps it in step with the OS."""

    def __init__(self, app: QApplication, folder: Path | None = None) -> None:
        super().__init__()
        self._app = app
        self._folder = folder or ui_dir()
        self.palette = LIGHT
        self._icons: dict[tuple[str, str, int], QIcon] = {}
        app.setStyle("Fusion")  # the same base on every OS, so the style sheets look as designed
        app.styleHints().colorSchemeChanged.connect(self._on_hints_color_scheme_changed)
        self.apply(self._os_scheme())

    def _os_scheme(self) -> str:
        scheme = self._app.styleHints().colorScheme()
        return "dark" if scheme == Qt.ColorScheme.Dark else "light"

    @Slot(Qt.ColorScheme)
    def _on_hints_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self.apply("dark" if scheme == Qt.ColorScheme.Dark else "light")

    def apply(self, name: str) -> None:
        """Switch to `light` or `dark`."""
        self.palette = DARK if name == "dark" else LIGHT
        self._icons.clear()
        self._app.setPalette(self._qpalette())
        self._app.setStyleSheet((self._folder / f"{self.palette.name}.qss").read_text(encoding="utf-8"))

    def _qpalette(self) -> QPalette:
        p = self.palette
        pal = QPalette()
        roles = {
            QPalette.ColorRole.Window: p.window,
            QPalette.ColorRole.Base: p.surface,
            QPalette.ColorRole.AlternateBase: p.window,
            QPalette.ColorRole.Button: p.surface,
            QPalette.ColorRole.Text: p.text,
            QPalette.ColorRole.WindowText: p.text,
            QPalette.ColorRole.ButtonText: p.text,
            QPalette.ColorRole.PlaceholderText: p.muted,
            QPalette.ColorRole.Highlight: p.accent,
            QPalette.ColorRole.HighlightedText: p.accent_text,
            QPalette.ColorRole.ToolTipBase: p.surface,
            QPalette.ColorRole.ToolTipText: p.text,
            QPalette.ColorRole.Mid: p.border,
        }
        for role, colour in roles.items():
            pal.setColor(role, QColor(colour))
        return pal

    def icon(self, name: str, colour: str | None = None, size: int = 24) -> QIcon:
        """`ui/icons/<name>.svg` drawn in `colour` (default: muted text), sharp on HiDPI screens."""
        colour = colour or self.palette.muted
        key = (name, colour, size)
        if key not in self._icons:
            icon = QIcon()
            icon.addPixmap(self._pixmap(name, colour, size), QIcon.Mode.Normal)
            icon.addPixmap(self._pixmap(name, self.palette.accent, size), QIcon.Mode.Selected)
            self._icons[key] = icon
        return self._icons[key]

    def _pixmap(self, name: str, colour: str, size: int) -> QPixmap:
        svg = (
            (self._folder / "icons" / f"{name}.svg")
            .read_text(encoding="utf-8")
            .replace("currentColor", colour)
        )
        renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        ratio = QGuiApplication.primaryScreen().devicePixelRatio() if QGuiApplication.primaryScreen() else 1.0
        pixmap = QPixmap(int(size * ratio), int(size * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        return pixmap
