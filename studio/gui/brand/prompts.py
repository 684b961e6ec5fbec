"""The Brand view's questions (a colour, a file, a name, yes or no), as functions a test can replace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import QColorDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

__all__ = ["Prompts"]


def _ask_colour(parent: QWidget, title: str, initial: QColor) -> QColor | None:
    colour = QColorDialog.getColor(initial, parent, title)
    return colour if colour.isValid() else None


def _ask_file(parent: QWidget, title: str, filters: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return Path(name) if name else None


def _ask_text(parent: QWidget, title: str, label: str, text: str) -> str | None:
    answer, ok = QInputDialog.getText(parent, title, label, text=text)
    return answer if ok else None


def _confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def _open_folder(folder: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


@dataclass(slots=True)
class Prompts:
    """Each question as a function: the real dialogs by default; a test passes its own answers.

    Every function returns None (or False) when the user cancels.
    """

    colour: Callable[[QWidget, str, QColor], QColor | None] = _ask_colour
    file: Callable[[QWidget, str, str], Path | None] = _ask_file
    text: Callable[[QWidget, str, str, str], str | None] = _ask_text
    confirm: Callable[[QWidget, str, str], bool] = _confirm
    open_folder: Callable[[Path], bool] = _open_folder
