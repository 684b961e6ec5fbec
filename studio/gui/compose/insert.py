"""The buttons under the editor that insert a hashtag the team uses or an emoji, at the cursor."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolButton
from shiboken6 import isValid

from studio.gui.workers import Workers
from studio.store import Store
from studio.workflows.hashtags import recent_hashtags

__all__ = ["EMOJI", "InsertTools"]

# What IT comms reach for (status, tips, people, things), each with the name a screen reader says.
EMOJI: tuple[tuple[str, str], ...] = (
    ("✅", "Check mark: done, fixed"),
    ("⚠️", "Warning"),
    ("🚧", "Construction: maintenance"),
    ("🔧", "Wrench: a fix"),
    ("🔴", "Red circle: down"),
    ("🟠", "Orange circle: degraded"),
    ("🟢", "Green circle: working"),
    ("⏳", "Hourglass: in progress"),
    ("🕒", "Clock: a time"),
    ("📅", "Calendar: a date"),
    ("📢", "Loudspeaker: an announcement"),
    ("💡", "Light bulb: a tip"),
    ("🔒", "Lock: security"),
    ("🔑", "Key: passwords"),
    ("💻", "Laptop"),
    ("📶", "Signal: Wi-Fi"),
    ("📧", "E-mail"),
    ("🖨️", "Printer"),
    ("🎓", "Graduation cap: students"),
    ("👋", "Waving hand: hello"),
    ("👉", "Pointing right: see here"),
    ("🙏", "Folded hands: thank you"),
    ("🎉", "Party popper"),
)


class InsertTools(QObject):
    """Two menu buttons that insert into `editor` at its cursor: Hashtag (the workspace's tags,
    Ctrl+Shift+H) and Emoji (Ctrl+Shift+E). The view lays the `buttons` out where it wants them.
    """

    def __init__(
        self, editor: QPlainTextEdit, workers: Workers, store: Store | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._workers = workers
        self._store = store
        self.hashtag_button = self._menu_button("# Hashtag", "Insert a hashtag the team uses (Ctrl+Shift+H)")
        self.hashtag_menu = QMenu(self.hashtag_button)
        self.hashtag_menu.setAccessibleName("Hashtags")
        self.hashtag_button.setMenu(self.hashtag_menu)
        self.emoji_button = self._menu_button("☺ Emoji", "Insert an emoji (Ctrl+Shift+E)")
        self.emoji_menu = QMenu(self.emoji_button)
        self.emoji_menu.setAccessibleName("Emoji")
        for emoji, name in EMOJI:
            action = self.emoji_menu.addAction(f"{emoji}   {name}")
            action.triggered.connect(lambda _checked=False, emoji=emoji: self._insert(emoji, spaced=False))
        self.emoji_button.setMenu(self.emoji_menu)
        self.set_hashtags([])
        self.buttons = (self.hashtag_button, self.emoji_button)
        for keys, button in zip(("Ctrl+Shift+H", "Ctrl+Shift+E"), self.buttons, strict=True):
            shortcut = QShortcut(QKeySequence(keys), button)  # owned by its button, in its window
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(button.showMenu)

    @staticmethod
    def _menu_button(text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setObjectName("InsertButton")
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    def load_hashtags(self) -> None:
        """Offer the hashtags the workspace's posts use (read in the pool; the text engine must be loaded)."""
        if self._store is not None:
            self._workers.task(recent_hashtags, self._store).on_success(self.set_hashtags).on_failure(
                lambda error: self.set_hashtags([], problem=f"The hashtags could not be read: {error}")
            ).latest(f"compose-hashtags-{id(self)}").run()

    def set_hashtags(self, tags: Sequence[str], *, problem: str = "") -> None:
        """The tags to offer, most used first; none says where they come from."""
        if not isValid(self.hashtag_menu):
            return  # the view closed while the tags were read
        self.hashtag_menu.clear()
        for tag in tags:
            action = self.hashtag_menu.addAction(tag)
            action.triggered.connect(lambda _checked=False, tag=tag: self._insert(tag, spaced=True))
        if not tags:
            empty = self.hashtag_menu.addAction(problem or "The hashtags of your posts will be offered here")
            empty.setEnabled(False)

    def _insert(self, text: str, *, spaced: bool) -> None:
        """At the cursor (over a selection); a hashtag gets spaces so it stays a word of its own."""
        cursor = self._editor.textCursor()
        if spaced:
            before, after = QTextCursor(cursor), QTextCursor(cursor)
            before.setPosition(cursor.selectionStart())
            before.movePosition(QTextCursor.MoveOperation.PreviousCharacter, QTextCursor.MoveMode.KeepAnchor)
            after.setPosition(cursor.selectionEnd())
            after.movePosition(QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor)
            if before.selectedText() and not before.selectedText().isspace():
                text = " " + text
            if not after.selectedText() or not after.selectedText().isspace():
                text += " "
        cursor.insertText(text)
        self._editor.setTextCursor(cursor)
        self._editor.setFocus()

    def hashtags(self) -> list[str]:
        """The tags the menu offers now."""
        return [a.text() for a in self.hashtag_menu.actions() if a.isEnabled()]
