"""Crash points chosen by the server: SIGKILL the client process when a given request arrives or is done.

A test arms a `Tripwire` on a server (`MastodonServer.tripwires`, `KillProxy.tripwires`) and names the process
to kill; the server kills it at that exact request, before it answers, so the client can record nothing after
the chosen moment:

- `received`: the request arrived and the server has not acted on it (the post is not made);
- `committed`: the server acted on it (the post exists) and the client never hears of it.

No timing is involved: the client is blocked waiting for the answer that never comes.
"""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import dataclass
from typing import Literal

__all__ = ["Moment", "Tripwire", "Tripwires"]

Moment = Literal["received", "committed"]


@dataclass(frozen=True)
class Tripwire:
    """Kill at the first request matching method, path prefix and (if given) a piece of its body."""

    method: str
    path: str
    moment: Moment
    body_has: bytes = b""


class Tripwires:
    """The armed wires and the process they kill (thread-safe: the server answers on many threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wires: list[Tripwire] = []
        self._pid: int | None = None
        self._pid_known = threading.Event()
        self.fired: list[Tripwire] = []

    def arm(self, wire: Tripwire) -> None:
        """Arm one wire; `target(pid)` names the process once it is started."""
        with self._lock:
            self._wires.append(wire)

    def target(self, pid: int) -> None:
        """The process the wires kill."""
        with self._lock:
            self._pid = pid
        self._pid_known.set()

    def disarm(self) -> list[Tripwire]:
        """Forget the wires and the target; returns the wires that did not fire."""
        with self._lock:
            left, self._wires = self._wires, []
            self._pid = None
            self._pid_known.clear()
        return left

    def trip(self, method: str, path: str, body: bytes, moment: Moment) -> bool:
        """Called by a server at `moment` of a request: True if the client was killed (send no answer)."""
        with self._lock:
            wire = next(
                (
                    w
                    for w in self._wires
                    if (w.method, w.moment) == (method, moment)
                    and path.startswith(w.path)
                    and w.body_has in body
                ),
                None,
            )
            if wire is None:
                return False
            self._wires.remove(wire)
        # A client can reach the server before the test has named it; the kill waits for the name.
        if not self._pid_known.wait(60):
            raise RuntimeError(f"{wire} fired, but no process was named to kill")
        with self._lock:
            pid = self._pid
            self.fired.append(wire)
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        return True
