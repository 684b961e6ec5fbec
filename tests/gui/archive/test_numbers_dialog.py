"""The "Add numbers…" dialog with pytest-qt: pre-filled with the last numbers and link; typed values back."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.gui.archive.numbers import NumbersDialog
from studio.listen.model import Counts


def test_the_dialog_starts_from_the_last_numbers_and_returns_what_was_typed(qtbot: QtBot) -> None:
    last = Counts(12, 3, 4, None, datetime(2026, 12, 1, tzinfo=UTC))
    dialog = NumbersDialog("the post on it-insta", last, "file:///home/it/handoff/12", None)
    qtbot.addWidget(dialog)
    assert (dialog.likes.value(), dialog.reposts.value(), dialog.replies.value()) == (12, 3, 4)
    assert dialog.link.text() == ""  # a ready folder's address is not the post's link
    dialog.likes.selectAll()
    qtbot.keyClicks(dialog.likes, "40")
    qtbot.keyClicks(dialog.link, "https://www.instagram.com/p/abc/")
    assert dialog.values() == (40, 3, 4, "https://www.instagram.com/p/abc/")
    qtbot.keyClick(dialog.link, Qt.Key.Key_Escape)
    assert dialog.result() == NumbersDialog.DialogCode.Rejected


def test_a_post_with_a_link_shows_it(qtbot: QtBot) -> None:
    dialog = NumbersDialog("the post", None, "https://www.instagram.com/p/x/", None)
    qtbot.addWidget(dialog)
    assert dialog.values() == (0, 0, 0, "https://www.instagram.com/p/x/")
