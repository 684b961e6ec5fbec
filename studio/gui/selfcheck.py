"""The Qt half of `studio selftest`, run in a child process so that a Qt crash is reported, not fatal.

The child loads the platform plugin, applies the bundled look (style sheets, icons, colour emoji font) and
shows a window; it prints one line, `platform|WxH|emoji family|icons`, and exits 0. Any failure ends the child
(an exception, or Qt aborting when its platform plugin cannot load) and the parent reports it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from studio.gui.theme import Theme, use_bundled_emoji

__all__ = ["check_window"]

_ICONS = ("queue", "compose", "drafts")


def check_window() -> int:
    """Show a themed window once; print what was shown; 0 when it was."""
    app = QApplication(sys.argv[:1])
    theme = Theme(app)
    family = use_bundled_emoji() or ""
    window = QWidget()
    window.setWindowTitle("Studio selftest")
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("Studio selftest 🙂"))
    # Drawn straight from the SVGs: pixmaps asked of several themed QIcons from Python crash PySide6 when the
    # Theme is collected later (its icon engines and it refer to each other).
    accent = theme.colour("accent", "#000000")
    drawn = sum(not theme.render(name, accent, QSize(24, 24), 1.0).isNull() for name in _ICONS)
    window.resize(480, 320)
    window.show()
    app.processEvents()
    shown = window.isVisible() and not window.grab().isNull()
    size = f"{window.width()}x{window.height()}"
    window.close()
    print(f"{app.platformName()}|{size if shown else 'not shown'}|{family}|{drawn}/{len(_ICONS)}")  # noqa: T201
    return 0 if shown else 1
