"""Start and stop the real Bluesky PDS (tests/servers/pds) on free loopback ports."""

from __future__ import annotations

import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_ARCH = "arm64" if platform.machine() in ("aarch64", "arm64") else "x64"  # as the Makefile picks it
NODE22 = REPO / ".cache" / "node22" / "node_modules" / f"node-linux-{_ARCH}" / "bin" / "node"
PDS_MODULES = REPO / ".cache" / "pds-node22"  # as the Makefile names it: built by Node 22's own npm
START_SCRIPT = Path(__file__).resolve().parent / "pds" / "start-pds.mjs"


@dataclass(frozen=True)
class PdsInfo:
    url: str
    plc: str
    jwt_secret: str  # known to the tests so they can mint an expired access token


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def missing() -> str | None:
    """Why the PDS cannot start here, or None."""
    if not NODE22.exists() or not (PDS_MODULES / ".installed").exists():
        return "the Bluesky PDS is not installed: run `make test-servers` (make test does it)"
    return None


def _ended(returncode: int | None) -> str:
    """How node ended: a crash (SIGSEGV from a mis-built native module) leaves the log empty."""
    if returncode is None:
        return "not ready in time"
    if returncode < 0:
        return f"node was killed by signal {-returncode}: {signal.strsignal(-returncode)}"
    return f"node exited with {returncode}"


class PdsProcess:
    """The PDS as a child process; `stop()` always ends it (SIGTERM, then SIGKILL)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> PdsInfo:
        ready = self.workdir / "ready.json"
        pds_port, plc_port = free_port(), free_port()
        secret = secrets.token_hex(16)
        env = {
            **os.environ,
            "PDS_NODE_MODULES": str(PDS_MODULES),
            "PDS_PORT": str(pds_port),
            "PLC_PORT": str(plc_port),
            "PDS_DATA_DIRECTORY": str(self.workdir / "data"),
            "PDS_JWT_SECRET": secret,
            "READY_FILE": str(ready),
            "STOP_ON_STDIN_EOF": "1",
        }
        with (self.workdir / "pds.log").open("wb") as log:  # the child keeps its own copy of the handle
            self.proc = subprocess.Popen(
                [str(NODE22), str(START_SCRIPT)],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        deadline = time.monotonic() + timeout
        while not ready.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                tail = (self.workdir / "pds.log").read_text(errors="replace")[-2000:]
                how = _ended(self.proc.returncode)
                self.stop()
                raise RuntimeError(f"the PDS did not start ({how}):\n{tail}")
            time.sleep(0.05)
        info = json.loads(ready.read_text())
        return PdsInfo(info["pds"], info["plc"], secret)

    def stop(self) -> None:
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        if proc.stdin is not None:
            proc.stdin.close()
