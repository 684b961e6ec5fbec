"""Light and dark looks from `ui/`, following the OS colour scheme live, and the project's SVG icons.

Icons follow the theme too: `Theme.icon(name, colour)` returns a QIcon whose engine draws the SVG in the
*current* palette each time it is painted. `colour` is a palette role ("accent", "danger", ...) or a colour of
the palette (then it keeps that role when the palette switches); any other colour stays fixed. Widgets that
copy an icon into a pixmap (a QLabel) redraw it on `Theme.changed`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QRect, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from studio import resources

__all__ = ["Palette", "Theme", "use_bundled_emoji"]

# The colour emoji font the renderer draws with (assets/fonts, OFL): the editor and previews show the same.
_EMOJI_FONT = resources.asset_path("fonts", "NotoColorEmoji-base.ttf")


def use_bundled_emoji(font: Path = _EMOJI_FONT) -> str | None:
    """Draw emoji with the bundled colour font, also where the system has none (a minimal Linux): no boxes.

    Once per process (about 8 ms); returns the family, or None when the font cannot be loaded (Qt then
    falls back to whatever the system has).
    """
    for family in QFontDatabase.applicationEmojiFontFamilies():
        if family:
            return family
    font_id = QFontDatabase.addApplicationFont(str(font))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    QFontDatabase.addApplicationEmojiFontFamily(families[0])
    return families[0]


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


# When a colour is given by value, the role it stands for: the first role of the palette with that value.
_ROLE_ORDER = ("accent", "danger", "warning", "success", "muted", "text", "border", "surface", "window")
_ROLES = {f.name for f in fields(Palette)} - {"name"}


class Theme(QObject):
    """Applies the light or dark look to the application and keeps it in step with the OS.

    Signals:
        changed(Palette): the look switched (the OS scheme changed, or `apply` was called); the new palette.
    """

    changed = Signal(object)

    def __init__(self, app: QApplication, folder: Path | None = None) -> None:
        super().__init__()
        self._app = app
        self._folder = folder or resources.ui_dir()
        self.palette = LIGHT
        self._icons: dict[tuple[str, str, int], QIcon] = {}
        self._svgs: dict[str, str] = {}
        app.setStyle("Fusion")  # the same base on every OS, so the style sheets look as designed
        use_bundled_emoji()
        app.styleHints().colorSchemeChanged.connect(self._on_hints_color_scheme_changed)
        self.apply(self._os_scheme())

    def _os_scheme(self) -> str:
        scheme = self._app.styleHints().colorScheme()
        return "dark" if scheme == Qt.ColorScheme.Dark else "light"

    @Slot(Qt.ColorScheme)
    def _on_hints_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self.apply("dark" if scheme == Qt.ColorScheme.Dark else "light")

    def apply(self, name: str) -> None:
        """Switch to `light` or `dark`: palette, style sheet, and every icon made by `icon()`."""
        self.palette = DARK if name == "dark" else LIGHT
        self._app.setPalette(self._qpalette())
        self._app.setStyleSheet((self._folder / f"{self.palette.name}.qss").read_text(encoding="utf-8"))
        for widget in self._app.allWidgets():
            widget.update()  # icons are drawn at paint time, in the new palette
        self.changed.emit(self.palette)

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
        """`ui/icons/<name>.svg` drawn in `colour` (default: the muted role), sharp on HiDPI screens.

        The icon follows theme switches (see the module's docstring).
        """
        colour = colour or "muted"
        role = colour if colour in _ROLES else self._role_of(colour)
        key = (name, role or colour, size)
        if key not in self._icons:
            self._icons[key] = QIcon(_ThemedIconEngine(self, name, role, colour, size))
        return self._icons[key]

    def colour(self, role: str | None, fixed: str) -> str:
        """The colour of `role` in the current palette, or `fixed` when there is no role."""
        return str(getattr(self.palette, role)) if role else fixed

    def _role_of(self, colour: str) -> str | None:
        wanted = colour.lower()
        return next((r for r in _ROLE_ORDER if str(getattr(self.palette, r)).lower() == wanted), None)

    def svg(self, name: str) -> str:
        """The SVG text of an icon (read once)."""
        if name not in self._svgs:
            self._svgs[name] = (self._folder / "icons" / f"{name}.svg").read_text(encoding="utf-8")
        return self._svgs[name]

    def render(self, name: str, colour: str, size: QSize, ratio: float) -> QPixmap:
        """The icon in `colour`, `size` logical pixels at device pixel `ratio`."""
        renderer = QSvgRenderer(QByteArray(self.svg(name).replace("currentColor", colour).encode("utf-8")))
        pixmap = QPixmap(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        return pixmap


def _screen_ratio() -> float:
    screen = QGuiApplication.primaryScreen()
    return screen.devicePixelRatio() if screen else 1.0


class _ThemedIconEngine(QIconEngine):
    """Draws one SVG icon in the theme's current colours; the Selected mode in the accent colour."""

    def __init__(self, theme: Theme, name: str, role: str | None, fixed: str, size: int) -> None:
        super().__init__()
        self._theme = theme
        self._name = name
        self._role = role
        self._fixed = fixed
        self._size = size
        self._cache: dict[tuple[str, str, int, int, float], QPixmap] = {}

    def _colour(self, mode: QIcon.Mode) -> str:
        role = "accent" if mode == QIcon.Mode.Selected else self._role
        return self._theme.colour(role, self._fixed)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        colour = self._colour(mode)
        key = (self._theme.palette.name, colour, size.width(), size.height(), scale)
        if key not in self._cache:
            self._cache[key] = self._theme.render(self._name, colour, size, scale)
        return self._cache[key]

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, _screen_ratio())

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, ratio))

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def availableSizes(
        self, mode: QIcon.Mode = QIcon.Mode.Normal, state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(self._size, self._size)]

    def clone(self) -> QIconEngine:
        return _ThemedIconEngine(self._theme, self._name, self._role, self._fixed, self._size)
