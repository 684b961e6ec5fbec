"""The one crash path: uncaught exceptions open a copyable report; hard crashes are offered next time."""

from __future__ import annotations

import faulthandler
import subprocess
import sys
import sys as _sys
import threading
from pathlib import Path

import pytest
from _pytest.faulthandler import fault_handler_stderr_fd_key
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from studio.gui.crash import CrashHandler, FatalLog, redact
from studio.gui.crashdialog import CrashDialog, install_crash_dialog, offer_previous_crash
from studio.gui.mainwindow import MainWindow
from studio.workspace import logs_dir
from tests.conftest import REPO


def test_credentials_are_masked_in_reports() -> None:
    text = "login failed: password=hunter2, Authorization: Bearer abc.def.ghi token 'xyz'"
    masked = redact(text)
    for secret in ("hunter2", "abc.def.ghi", "xyz"):
        assert secret not in masked
    assert "login failed" in masked


def test_an_uncaught_exception_becomes_a_written_report(qtbot: QtBot) -> None:
    handler = CrashHandler(logs_dir())
    handler.install()
    try:
        assert _sys.excepthook == handler._sys_hook
        try:
            raise ValueError("could not use app_password=s3cr3t-value")
        except ValueError:
            info = sys.exc_info()
        with qtbot.waitSignal(handler.crashed, timeout=5000) as blocker:
            sys.excepthook(*info)  # what Python calls for an exception nobody caught
    finally:
        handler.uninstall()
    assert sys.excepthook is not handler._sys_hook
    report = blocker.args[0]
    assert "ValueError" in report
    assert "test_an_uncaught_exception_becomes_a_written_report" in report  # where it happened
    assert "s3cr3t-value" not in report
    files = list(logs_dir().glob("crash-*.txt"))
    assert len(files) == 1
    assert files[0].read_text(encoding="utf-8") == report


def test_an_exception_in_another_thread_reaches_the_ui_thread(qtbot: QtBot) -> None:
    handler = CrashHandler(logs_dir())
    handler.install()

    def boom() -> None:
        raise RuntimeError("worker fell over")

    try:
        with qtbot.waitSignal(handler.crashed, timeout=5000) as blocker:
            thread = threading.Thread(target=boom, name="import-thread")
            thread.start()
            thread.join(5)
    finally:
        handler.uninstall()
    assert "thread: import-thread" in blocker.args[0]
    assert "worker fell over" in blocker.args[0]


def test_the_report_dialog_copies_its_text(qtbot: QtBot, qapp: QApplication) -> None:
    dialog = CrashDialog("Traceback: something", "Studio ran into a bug", "intro")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert qapp.clipboard().text() == "Traceback: something"
    assert dialog.copy_button.text() == "Copied"


def _crash_hard(logs: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import faulthandler, sys; from pathlib import Path; from studio.gui.crash import FatalLog; "
        "FatalLog(Path(sys.argv[1])).arm(); faulthandler._sigsegv()"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(logs)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_hard_crash_is_offered_once_at_the_next_start(qtbot: QtBot, window: MainWindow) -> None:
    done = _crash_hard(logs_dir())
    assert done.returncode != 0
    fatal = FatalLog(logs_dir())
    offer_previous_crash(window, fatal)
    assert window.message_bar.isVisible()
    assert "stopped unexpectedly" in window.message_bar.label.text()
    assert window.message_bar.action.text() == "Show report"
    qtbot.mouseClick(window.message_bar.action, Qt.MouseButton.LeftButton)
    dialogs = window.findChildren(CrashDialog)
    assert len(dialogs) == 1
    assert "Segmentation fault" in dialogs[0].report.toPlainText()
    dialogs[0].close()
    assert FatalLog(logs_dir()).take_previous() == ""  # offered once; kept aside as fatal-<time>.log
    assert list(logs_dir().glob("fatal-*.log"))


def test_a_clean_run_leaves_nothing_to_offer(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    fatal = FatalLog(tmp_path / "logs")
    fatal.arm()
    try:
        fatal.disarm()
    finally:
        # disarm hands faulthandler back to stderr, which pytest captures per test: a later segfault's dump
        # would vanish with the capture file. Give it back pytest's own copy of stderr (pytest's private key).
        faulthandler.enable(file=request.config.stash[fault_handler_stderr_fd_key], all_threads=True)
    assert fatal.take_previous() == ""
    assert not fatal.path.exists()


def test_a_bug_in_a_slot_opens_the_report_dialog_over_the_window(qtbot: QtBot, window: MainWindow) -> None:
    crash = install_crash_dialog(window)

    def buggy_slot() -> None:
        raise KeyError("a bug, with token=abc123 in its message")

    try:
        with qtbot.waitSignal(crash.crashed, timeout=5000):
            QTimer.singleShot(0, buggy_slot)  # PySide hands a slot's exception to sys.excepthook
    finally:
        crash.uninstall()
    dialogs = window.findChildren(CrashDialog)
    assert len(dialogs) == 1
    assert dialogs[0].isVisible()
    assert "KeyError" in dialogs[0].report.toPlainText()
    assert "buggy_slot" in dialogs[0].report.toPlainText()
    assert "abc123" not in dialogs[0].report.toPlainText()
    dialogs[0].close()
