"""`studio team` and `studio sync` as a person runs them: in subprocesses, with the real keyring and hub."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.store import NewPost, open_store
from studio.team import HubError, join_team, parse_hub
from tests.conftest import REPO
from tests.keyring_helpers import KEYRING

_CLOSED = "host=127.0.0.1 port=1 dbname=gone user=studio"


def _studio(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args], cwd=REPO, input=stdin, capture_output=True, text=True,
        timeout=60, env={**os.environ, "STUDIO_HOME": str(home)}, check=False,
    )  # fmt: skip


def test_create_join_sync_and_status_from_the_command_line(tmp_path: Path, hub: str) -> None:
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    with open_store(alice) as store:
        store.posts.create(NewPost("Welcome to the new service desk"))
    address, password = parse_hub(hub)
    assert password
    # The password comes on stdin, never on the command line.
    made = _studio(
        alice, "team", "create", "--hub", address.conninfo, "--name", "IT comms", "--member", "alice",
        "--password-stdin", stdin=password + "\n",
    )  # fmt: skip
    assert (made.returncode, made.stderr) == (0, "")
    assert made.stdout == "team 'IT comms' created; 1 post(s) uploaded; you are its admin\n"

    joined = _studio(bob, "team", "join", "--hub", address.conninfo, "--member", "bob")
    assert (joined.returncode, joined.stderr) == (0, "")
    assert joined.stdout == "joined team 'IT comms' as bob (author); 1 post(s) pulled\n"

    synced = _studio(bob, "sync")
    assert (synced.returncode, synced.stdout) == (0, "synced: 0 post(s) pushed, 0 pulled\n")
    status = _studio(bob, "team", "status", "--json")
    shown = json.loads(status.stdout)
    assert shown["team"] == "IT comms"
    assert shown["member"] == "bob"
    assert shown["reachable"] is True
    assert shown["waiting"] == 0
    assert shown["conflicts"] == []
    assert password not in made.stdout + joined.stdout + synced.stdout + status.stdout


def test_sync_says_in_one_line_why_when_the_hub_cannot_be_reached(tmp_path: Path, hub: str) -> None:
    home = tmp_path / "laptop"
    made = _studio(home, "team", "create", "--hub", hub, "--name", "IT comms", "--member", "alice")
    assert made.returncode == 0, made.stderr
    with open_store(home) as store, store.db.write() as conn:
        conn.execute("UPDATE team_link SET hub = ?", (_CLOSED,))  # the hub moves out of reach

    down = _studio(home, "sync")
    assert down.returncode == 1
    assert down.stdout == ""
    [line] = down.stderr.splitlines()
    assert line.startswith("error: team hub studio@127.0.0.1:1/gone: cannot be reached (")
    assert line.endswith("check the network and the hub's address; your changes wait on this laptop)")

    status = _studio(home, "team", "status")
    assert status.returncode == 0
    assert "reachable\tno: team hub studio@127.0.0.1:1/gone: cannot be reached" in status.stdout


def test_sync_in_a_solo_workspace_says_how_to_make_a_team(tmp_path: Path) -> None:
    solo = _studio(tmp_path / "solo", "sync")
    assert solo.returncode == 1
    assert "is not part of a team" in solo.stderr
    assert "studio team create" in solo.stderr


def test_sslmode_is_passed_to_libpq_as_given(tmp_path: Path, hub: str) -> None:
    # The test server has no TLS, so libpq refuses it: the setting reached libpq; nothing went in clear.
    address, _ = parse_hub(hub + "?sslmode=verify-full")
    assert "sslmode=verify-full" in address.conninfo
    with open_store(tmp_path / "laptop") as store, pytest.raises(HubError, match="SSL"):
        join_team(store, KEYRING, hub + "?sslmode=verify-full", "bob")
