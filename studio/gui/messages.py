"""The one message bridge: every part of the app reports errors, warnings and news through it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QObject, Signal

from studio.errors import UserError

__all__ = ["Level", "Message", "MessageBridge"]


class Level(Enum):
    """How much a message asks of the user."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Message:
    """One thing to tell the user: what happened and, where there is one, the fix."""

    level: Level
    text: str
    fix: str = ""
    # One thing the user can do about it, e.g. ("Undo", callable); shown as a button with the message.
    action: tuple[str, Callable[[], None]] | None = field(default=None, compare=False)


class MessageBridge(QObject):
    """Collects messages from anywhere in the app and hands them to whatever shows them.

    Signals:
        posted(Message): a message for the user, in the order they were posted.
    """

    posted = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.history: list[Message] = []

    def info(self, text: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        """News the user may like to see (a render finished, settings saved), optionally with an action."""
        self._post(Message(Level.INFO, text, action=action))

    def warning(self, text: str, fix: str = "") -> None:
        """Something worked only partly, or will not work as the user may expect."""
        self._post(Message(Level.WARNING, text, fix))

    def error(self, text: str, fix: str = "") -> None:
        """Something the user asked for failed."""
        self._post(Message(Level.ERROR, text, fix))

    def user_error(self, error: UserError) -> None:
        """An error from the core the user can fix, shown with its fix."""
        text = f"{error.what}: {error.why}" if error.what else error.why
        self.error(text, error.fix)

    def _post(self, message: Message) -> None:
        self.history.append(message)
        self.posted.emit(message)
