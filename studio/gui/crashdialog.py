"""The dialog that shows a crash report the user can copy and send, and its wiring to the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.gui.crash import CrashHandler, FatalLog
from studio.gui.messages import Level, Message
from studio.workspace import logs_dir

if TYPE_CHECKING:
    from studio.gui.mainwindow import MainWindow

__all__ = ["CrashDialog", "install_crash_dialog", "offer_previous_crash"]


class CrashDialog(QDialog):
    """A read-only report with Copy and Close; it never contains secrets (see `crash.redact`)."""

    def __init__(self, report: str, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report.setAccessibleName("Crash report")
        layout.addWidget(self.report, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy report")
        self.copy_button.setAccessibleName("Copy report to the clipboard")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())
        self.copy_button.setText("Copied")


def offer_previous_crash(window: MainWindow, fatal: FatalLog) -> None:
    """If the last run died hard, say so and offer its report."""
    text = fatal.take_previous()
    if not text:
        return

    def show() -> None:
        CrashDialog(text, "Report from the last run", _PREVIOUS_INTRO, window).open()

    window.offer(
        Message(Level.WARNING, "Studio stopped unexpectedly last time", "its report was kept"),
        "Show report",
        show,
    )


_PREVIOUS_INTRO = (
    "Studio stopped unexpectedly the last time it ran. This is what Python recorded; copy it and send it to "
    "whoever looks after Studio. Your drafts are kept in the workspace."
)
_CRASH_INTRO = (
    "Something went wrong inside Studio (a bug, not something you did). Your work so far is kept. Copy this "
    "report and send it to whoever looks after Studio; you can go on working."
)


def install_crash_dialog(window: MainWindow) -> CrashHandler:
    """Route uncaught exceptions (any thread) to a report dialog over `window`; uninstall when done."""
    crash = CrashHandler(logs_dir())
    crash.crashed.connect(
        lambda report: CrashDialog(report, "Studio ran into a bug", _CRASH_INTRO, window).open()
    )
    crash.install()
    return crash
