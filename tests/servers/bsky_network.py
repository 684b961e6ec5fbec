"""A real Bluesky network on loopback for the listening tests: PostgreSQL and Redis in a temporary folder,
then @atproto/dev-env's TestNetwork (PLC, PDS, AppView @atproto/bsky) from tests/servers/bsky/start-bsky.mjs.

`BskyNetwork.start()` starts all three, `process_all()` lets the AppView index what the PDS has (call it after
the accounts act, before reading notifications or counts), `stop()` ends everything, deletes the folder. Every
part stops by itself as well: the network when our end of its stdin closes (the test process ended, even
killed), Redis when its parent dies (setpriv --pdeathsig) and PostgreSQL on interpreter exit (postgres.py).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import pwd
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from tests.integration.team.postgres import PostgresServer
from tests.integration.team.postgres import missing as postgres_missing
from tests.servers.pds_process import NODE22, REPO, free_port

# Waits for the test process to end (its stdin closes); unless told "done", stops PostgreSQL, removes folders.
_WATCHDOG = """
import json, shutil, subprocess, sys
if sys.stdin.buffer.read() != b"done":
    orders = json.loads(sys.argv[1])
    subprocess.run(orders["stop"], capture_output=True, timeout=60, check=False)
    for folder in orders["folders"]:
        shutil.rmtree(folder, ignore_errors=True)
"""
BSKY_MODULES = REPO / ".cache" / "bsky-node22"  # as the Makefile names it
START_SCRIPT = Path(__file__).resolve().parent / "bsky" / "start-bsky.mjs"


@dataclass(frozen=True)
class NetworkInfo:
    pds: str  # the PDS Studio signs in to (it proxies app.bsky.* to the AppView)
    appview: str
    plc: str
    appview_did: str
    start_seconds: float  # PostgreSQL + Redis + the network, as the wrapper measured it
    network_ms: int  # TestNetwork.create alone, as node measured it


def missing() -> str | None:
    """Why the network cannot start here, or None."""
    if not NODE22.exists() or not (BSKY_MODULES / ".installed").exists():
        return "the Bluesky network is not installed: run `make test-servers` (make test does it)"
    if shutil.which("redis-server") is None:
        return "redis-server is not installed (make test installs it: scripts/system-deps.sh test)"
    return postgres_missing() or None


class BskyNetwork:
    """PostgreSQL, Redis and the dev-env network as child processes; `stop()` always ends them all."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="studio-bsky-"))
        self._postgres: PostgresServer | None = None
        self._redis: subprocess.Popen[bytes] | None = None
        self._node: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._pump: threading.Thread | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self.info: NetworkInfo | None = None

    def start(self, timeout: float = 120.0) -> NetworkInfo:
        atexit.register(self.stop)
        t0 = time.monotonic()
        try:
            self._postgres = PostgresServer()
            self._watch(self._postgres)
            self._postgres.start()
            redis_port = self._start_redis()
            info = self._start_node(redis_port, time.monotonic() + timeout)
        except BaseException:
            self.stop()
            raise
        took = time.monotonic() - t0
        urls = (info["pds"], info["appview"], info["plc"], info["appviewDid"])
        self.info = NetworkInfo(*urls, took, info["startMs"])
        return self.info

    def process_all(self, timeout: float = 30.0) -> None:
        """Let the AppView index everything the PDS has sequenced (dev-env's `network.processAll()`)."""
        node = self._node
        if node is None or node.stdin is None or node.poll() is not None:
            raise RuntimeError(f"the Bluesky network is not running:\n{self._log_tail()}")
        with self._lock:
            node.stdin.write("process\n")
            node.stdin.flush()
            answer = self._next_line(time.monotonic() + timeout)
        if answer.get("processed") is not True:
            raise RuntimeError(f"the AppView did not catch up: {answer}")

    def stop(self) -> None:
        """End the network, Redis and PostgreSQL and delete the folder; safe to call twice."""
        node, self._node = self._node, None
        if node is not None:
            _end(node, close=node.stdin)
            if self._pump is not None:
                self._pump.join(5)  # it closes node's stdout at its end
        redis, self._redis = self._redis, None
        if redis is not None:
            _end(redis)
        postgres, self._postgres = self._postgres, None
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(self.root, ignore_errors=True)
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is not None and watchdog.stdin is not None:
            with contextlib.suppress(OSError):
                watchdog.stdin.write(b"done")  # all stopped: it has nothing left to do
                watchdog.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                watchdog.wait(5)

    def _watch(self, postgres: PostgresServer) -> None:
        """A watchdog in its own session that stops PostgreSQL and deletes the folders if this process dies
        before `stop()` (killed, or a timeout that skips atexit); node and Redis stop by themselves."""
        nobody = _nobody()
        pg_stop = [str(postgres.bin / "pg_ctl"), "-D", str(postgres.data), "-m", "immediate", "-w", "stop"]
        orders = {"stop": ["setpriv", *nobody, *pg_stop] if nobody else pg_stop,
                  "folders": [str(postgres.root), str(self.root)]}  # fmt: skip
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, json.dumps(orders)], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    # -- the parts

    def _as_user(self, folder: Path) -> list[str]:
        """Run a server as nobody when we are root (as postgres.py does), dying with its parent."""
        prefix = ["setpriv", "--pdeathsig", "SIGTERM"] if shutil.which("setpriv") else []
        nobody = _nobody()
        if nobody:
            user = pwd.getpwnam("nobody")
            os.chown(folder, user.pw_uid, user.pw_gid)
            self.root.chmod(0o711)  # nobody may pass through to its own folder
        return prefix + nobody

    def _start_redis(self) -> int:
        folder = self.root / "redis"
        folder.mkdir()
        port = free_port()
        with (self.root / "redis.log").open("wb") as log:
            self._redis = subprocess.Popen(
                [*self._as_user(folder), "redis-server", "--port", str(port), "--bind", "127.0.0.1",
                 "--dir", str(folder), "--save", "", "--appendonly", "no", "--daemonize", "no"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return port
            if self._redis.poll() is not None or time.monotonic() > deadline:
                tail = (self.root / "redis.log").read_text(errors="replace")[-1500:]
                raise RuntimeError(f"redis-server did not start:\n{tail}")
            time.sleep(0.05)

    def _start_node(self, redis_port: int, deadline: float) -> dict[str, Any]:
        assert self._postgres is not None
        tmp = self.root / "tmp"  # dev-env puts the PDS's data and blobs under os.tmpdir()
        tmp.mkdir()
        env = {
            **os.environ,
            "BSKY_NODE_MODULES": str(BSKY_MODULES),
            "DB_POSTGRES_URL": self._postgres.url(),
            "DB_POSTGRES_SCHEMA": "studio",
            "REDIS_HOST": f"127.0.0.1:{redis_port}",
            "TMPDIR": str(tmp),
            "LOG_ENABLED": "false",
        }
        with (self.root / "network.log").open("wb") as log:  # the child keeps its own copy of the handle
            self._node = subprocess.Popen(
                [str(NODE22), str(START_SCRIPT)], env=env, cwd=self.root, text=True,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
            )  # fmt: skip
        self._pump = threading.Thread(target=_pump, args=(self._node.stdout, self._lines), daemon=True)
        self._pump.start()
        info = self._next_line(deadline)
        if info.get("ready") is not True:
            raise RuntimeError(f"the Bluesky network did not start: {info}")
        return info

    def _next_line(self, deadline: float) -> dict[str, Any]:
        while True:
            try:
                line = self._lines.get(timeout=max(0.01, min(0.5, deadline - time.monotonic())))
            except queue.Empty:
                if time.monotonic() > deadline:
                    tail = self._log_tail()
                    raise RuntimeError(f"the Bluesky network did not answer in time:\n{tail}") from None
                continue
            if line is None:
                node = self._node
                how = _ended(node.poll() if node else None)
                raise RuntimeError(f"the Bluesky network ended ({how}):\n{self._log_tail()}")
            with contextlib.suppress(ValueError):
                data = json.loads(line)
                if isinstance(data, dict):
                    return data

    def _log_tail(self) -> str:
        try:
            return (self.root / "network.log").read_text(errors="replace")[-2000:]
        except OSError:
            return ""


def _nobody() -> list[str]:
    """setpriv's options to run as nobody when we are root."""
    if os.geteuid() != 0:
        return []
    user = pwd.getpwnam("nobody")
    return [f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"]


def _pump(stream: IO[str] | None, lines: queue.Queue[str | None]) -> None:
    """Hand node's stdout lines to the waiting test; None when it closes (node ended)."""
    if stream is not None:
        with stream:
            for line in stream:
                lines.put(line)
    lines.put(None)


def _ended(returncode: int | None) -> str:
    if returncode is None:
        return "still running"
    if returncode < 0:
        return f"killed by signal {-returncode}: {signal.strsignal(-returncode)}"
    return f"exited with {returncode}"


def _end(proc: subprocess.Popen[Any], close: IO[str] | None = None) -> None:
    """Stop a child: its stdin closed (the network stops on that), SIGTERM, then SIGKILL."""
    if close is not None:
        with contextlib.suppress(OSError):
            close.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(8)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(8)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
