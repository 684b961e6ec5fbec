"""The workspace's publishing lock: one runner at a time (cron's `studio publish-due` and the app alike)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from studio.errors import WorkspaceError

__all__ = ["PublishLock"]


class PublishLock:
    """An exclusive, non-blocking lock on `<workspace>/publish.lock`, released when the process ends.

    The operating system drops the lock with the process, so a runner killed mid-send never leaves it behind.
    """

    def __init__(self, workspace: Path) -> None:
        self.path = workspace / "publish.lock"
        self._file: IO[bytes] | None = None

    def acquire(self) -> bool:
        """True if this process now holds the lock; False if another runner has it."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = self.path.open("a+b")
        except OSError as error:
            raise WorkspaceError(
                f"publishing lock {self.path}", error.strerror or str(error), "check the workspace folder"
            ) from None
        if not _try_lock(handle):
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None

    def __enter__(self) -> PublishLock:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
