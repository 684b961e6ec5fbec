"""A real PostgreSQL for the team tests: Debian's own binaries, run as an unprivileged user in a temporary
folder on a loopback port. PostgreSQL refuses to run as root (and CI runs as root), so there the server runs
as `nobody` through `setpriv`. Started once per test run; stopped by the suite, and on interpreter exit."""

from __future__ import annotations

import atexit
import contextlib
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PASSWORD = "hub-test-" + secrets.token_hex(6)
USER = "studio"


def bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/<major>/bin)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def missing() -> str:
    """Why the server cannot run here ('' when it can)."""
    if bin_dir() is None:
        return "PostgreSQL is not installed (make test installs it: scripts/system-deps.sh test)"
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return "running as root needs setpriv (util-linux) to start PostgreSQL as nobody"
    return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """One PostgreSQL cluster in a temporary folder; `url(db)` for a database with user and password."""

    def __init__(self, *, tls: tuple[Path, Path] | None = None) -> None:
        """`tls`: (certificate, key) PEM files to serve with `ssl=on`; without it the server speaks plain TCP
        (and libpq's default `sslmode=prefer` falls back to it)."""
        self.tls = tls
        self.bin = bin_dir() or Path("/nonexistent")
        self.root = Path(tempfile.mkdtemp(prefix="studio-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.root, nobody.pw_uid, nobody.pw_gid)
            self._as = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]
        self._started = False

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._as, *args], cwd=self.root, capture_output=True, text=True, timeout=60, check=False,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C"},
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(
                f"{Path(args[0]).name} failed ({done.returncode}): {done.stderr.strip()[-800:]}"
            )

    def start(self) -> PostgresServer:
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self._as:
            os.chown(pwfile, int(self._as[1].split("=")[1]), int(self._as[2].split("=")[1]))
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, f"--pwfile={pwfile}", "-E", "UTF8",
            "--no-locale", "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "--no-sync",
        )  # fmt: skip
        pwfile.unlink()
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        options += self._tls_options()
        atexit.register(self.stop)  # a run cut short still stops the server
        self._started = True
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
                  "-o", options, "-w", "-t", "30", "start")  # fmt: skip
        return self

    def _tls_options(self) -> str:
        """Copies the certificate and key where the server (maybe `nobody`) owns them; its `-c` options."""
        if self.tls is None:
            return ""
        cert, key = self.root / "server.crt", self.root / "server.key"
        cert.write_bytes(self.tls[0].read_bytes())
        key.write_bytes(self.tls[1].read_bytes())
        key.chmod(0o600)  # PostgreSQL refuses a key others can read
        if self._as:
            for path in (cert, key):
                os.chown(path, int(self._as[1].split("=")[1]), int(self._as[2].split("=")[1]))
        return f" -c ssl=on -c ssl_cert_file={cert} -c ssl_key_file={key}"

    def url(self, database: str = "postgres", *, password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"postgresql://{USER}{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty database; its name."""
        import psycopg

        name = "hub_" + secrets.token_hex(4)
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
        return name

    def drop_database(self, name: str) -> None:
        import psycopg

        assert re.fullmatch(r"hub_[0-9a-f]{8}", name)
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop the server (immediately: nothing in it is kept) and delete its folder; safe to call twice."""
        if self._started:
            self._started = False
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)
