"""A live OS theme switch recolours the SVG icons already on screen and restyles the window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.empty import EmptyState
from studio.gui.mainwindow import MainWindow
from studio.gui.messages import Level, Message
from studio.gui.sidebar import SidebarModel
from studio.gui.theme import DARK, LIGHT, Theme


@pytest.fixture(autouse=True)
def _back_to_light(qapp: QApplication) -> Iterator[None]:
    """The application (palette, style sheet) outlives the test: leave it light, as other tests expect."""
    yield
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)


def _ink(image: QImage) -> str:
    """The colour of the icon's strokes: its most opaque pixel."""
    best = max(
        (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())),
        key=QColor.alpha,
    )
    assert best.alpha() > 200, "the icon drew nothing"
    return str(best.name())


def _sidebar_icon(window: MainWindow, row: int = 0) -> QIcon:
    model: SidebarModel = window.sidebar_model
    icon = model.data(model.index(row), Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon)
    return icon


def test_the_os_switching_to_dark_recolours_icons_already_shown(
    qtbot: QtBot, qapp: QApplication, services: Services, window: MainWindow
) -> None:
    icon = _sidebar_icon(window)  # the very QIcon the sidebar holds: nobody sets a new one
    assert _ink(icon.pixmap(24, 24).toImage()) == LIGHT.muted
    with qtbot.waitSignal(services.theme.changed) as changed:
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # what the OS sends
    assert changed.args == [DARK]
    assert _ink(icon.pixmap(24, 24).toImage()) == DARK.muted
    assert _ink(icon.pixmap(24, 24, QIcon.Mode.Selected).toImage()) == DARK.accent

    # and restyled: the dark style sheet and palette are in force, the window repaints in them
    assert "#16191e" in qapp.styleSheet()
    assert window.palette().color(QPalette.ColorRole.Window).name() == DARK.window
    shot = window.grab().toImage()
    assert shot.pixelColor(shot.width() - 5, shot.height() // 2).lightness() < 80


def test_a_pixmap_copied_into_a_label_follows_the_switch(qtbot: QtBot, services: Services) -> None:
    theme: Theme = services.theme
    empty = EmptyState(theme.icon("queue", theme.palette.accent, 36), "Nothing yet", "Posts appear here.")
    qtbot.addWidget(empty)
    empty.show()
    assert _ink(empty.badge.pixmap().toImage()) == LIGHT.accent
    theme.apply("dark")
    assert _ink(empty.badge.pixmap().toImage()) == DARK.accent
    theme.apply("light")
    assert _ink(empty.badge.pixmap().toImage()) == LIGHT.accent


def test_the_message_bar_icon_follows_the_switch(
    qtbot: QtBot, services: Services, window: MainWindow
) -> None:
    window.message_bar.show_message(Message(Level.ERROR, "Something failed", "try again"))
    assert _ink(window.message_bar.icon.pixmap().toImage()) == LIGHT.danger
    services.theme.apply("dark")
    assert _ink(window.message_bar.icon.pixmap().toImage()) == DARK.danger


def test_the_accounts_table_attention_colour_follows_the_switch(services: Services) -> None:
    from studio.gui.accounts import AccountColumn, AccountsView
    from studio.store import NewAccount

    assert services.store is not None
    account = services.store.accounts.add(NewAccount("bluesky", "Campus IT", handle="it.example.edu"))
    services.store.accounts.set_reconnect(account.id, True, "the app password was revoked")
    view = AccountsView(
        services.store, services.credentials, services.theme, services.workers, services.messages
    )
    index = view.model.index(0, AccountColumn.STATE)
    assert index.data(Qt.ItemDataRole.ForegroundRole).name() == LIGHT.danger
    services.theme.apply("dark")
    assert index.data(Qt.ItemDataRole.ForegroundRole).name() == DARK.danger
    view.deleteLater()


def test_a_colour_outside_the_palette_stays_fixed(services: Services) -> None:
    icon = services.theme.icon("info", "#123456", 24)
    services.theme.apply("dark")
    assert _ink(icon.pixmap(24, 24).toImage()) == "#123456"


def test_emoji_are_drawn_in_colour_with_the_bundled_font(qtbot: QtBot, services: Services) -> None:
    # A minimal Linux has no emoji font: without the bundled one, the editor would show empty boxes.
    assert "Noto Color Emoji" in QFontDatabase.applicationEmojiFontFamilies()
    label = QLabel("👋")
    label.setStyleSheet("font-size: 40px; background: white; color: black;")
    qtbot.addWidget(label)
    label.resize(80, 80)
    image = label.grab().toImage()
    colours = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    # The waving hand is yellow: a box or an outline would be black, white and greys only.
    assert any(c.red() > 180 and c.green() > 120 and c.blue() < 100 for c in colours)
