"""The exception tree every part of Studio raises.

    StudioError                 anything Studio raises on purpose
    ├── UserError               bad input or a bad situation the user can fix; has a message and a fix
    │   ├── InputError          a file or field the user gave is wrong (names the file/field)
    │   ├── ConfigError         a brand kit, template or settings file is wrong (names file and key)
    │   ├── WorkspaceError      the workspace cannot be opened or written (corrupt, newer, read-only)
    │   ├── SecretStoreError    no usable OS keyring (names how to get one)
    │   └── PublishError        a network refused or could not be reached
    │       ├── RetryableError  try again later (offline, 5xx, rate limited: carries the wait)
    │       └── FinalError      do not retry (auth expired, validation failed)
    └── (anything else)         a bug: the GUI's crash dialog and the CLI's traceback-free report handle it

Errors are mapped at the boundary where a library raises them (sqlite3, httpx, Pillow, keyring), so code
above that boundary only ever sees this tree. No exception carries a secret: messages are built from names,
never from credentials or tokens.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "FinalError",
    "InputError",
    "PublishError",
    "RetryableError",
    "SecretStoreError",
    "StudioError",
    "UserError",
    "WorkspaceError",
]


class StudioError(Exception):
    """Base of every error Studio raises on purpose."""


class UserError(StudioError):
    """Something the user can fix: `what` went wrong, `why`, and the `fix`.

    `str(error)` gives the one-line form the CLI prints after `error: `:
    `<what>: <why> (<fix>)`.
    """

    def __init__(self, what: str, why: str, fix: str = "") -> None:
        self.what = what
        self.why = why
        self.fix = fix
        super().__init__(self.line())

    def line(self) -> str:
        """The one-line message: `<what>: <why> (<fix>)`."""
        text = f"{self.what}: {self.why}" if self.what else self.why
        return f"{text} ({self.fix})" if self.fix else text


class InputError(UserError):
    """A file, argument or field given by the user is not usable."""


class ConfigError(UserError):
    """A brand kit, template, word list or settings file is invalid."""


class WorkspaceError(UserError):
    """The workspace (database, media folder) cannot be opened or written."""


class SecretStoreError(UserError):
    """No usable OS keyring, or it refused the operation."""


class PublishError(UserError):
    """A network refused a post or could not be reached."""


class RetryableError(PublishError):
    """A temporary failure; `retry_after` is the server's wait in seconds, if it gave one."""

    def __init__(self, what: str, why: str, fix: str = "", retry_after: float | None = None) -> None:
        super().__init__(what, why, fix)
        self.retry_after = retry_after


class FinalError(PublishError):
    """A failure that retrying cannot fix (bad credentials, rejected content)."""
