"""`studio team members|role` and the handover sheet's members, as a person runs them (subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from tests.conftest import REPO


def _studio(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "STUDIO_HOME": str(home)}, check=False,
    )  # fmt: skip


def _team(tmp_path: Path, hub: str) -> tuple[Path, Path]:
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    made = _studio(alice, "team", "create", "--hub", hub, "--name", "IT comms", "--member", "alice")
    assert made.returncode == 0, made.stderr
    joined = _studio(bob, "team", "join", "--hub", hub, "--member", "bob")
    assert joined.returncode == 0, joined.stderr
    return alice, bob


def test_members_as_json_and_a_role_change_by_the_admin_only(tmp_path: Path, hub: str) -> None:
    alice, bob = _team(tmp_path, hub)
    shown = _studio(bob, "team", "members", "--json")
    assert (shown.returncode, shown.stderr) == (0, "")
    members = json.loads(shown.stdout)
    assert [(m["name"], m["role"], m["laptops"]) for m in members] == [
        ("alice", "admin", 1),
        ("bob", "author", 1),
    ]
    assert all(datetime.fromisoformat(m["joined"]).tzinfo is not None for m in members)

    refused = _studio(bob, "team", "role", "bob", "admin")
    assert (refused.returncode, refused.stdout) == (1, "")
    assert refused.stderr == (
        "error: studio team role bob: bob is author: only an admin changes roles (ask an admin of the team)\n"
    )
    unknown = _studio(alice, "team", "role", "zed", "reviewer")
    assert unknown.returncode == 1
    assert unknown.stderr.splitlines() == [
        "error: member 'zed': is not in team 'IT comms' (see who is: studio team members)"
    ]
    bad_role = _studio(alice, "team", "role", "bob", "boss")
    assert bad_role.returncode == 1
    assert bad_role.stderr.splitlines() == [
        "error: role 'boss': is not a team role (use one of: author, reviewer, admin)"
    ]

    changed = _studio(alice, "team", "role", "bob", "reviewer")
    assert (changed.returncode, changed.stdout) == (0, "bob is now reviewer\n")
    plain = _studio(bob, "team", "members")
    assert plain.returncode == 0
    assert [line.split("\t")[:2] for line in plain.stdout.splitlines()] == [
        ["alice", "admin"],
        ["bob", "reviewer"],
    ]


def test_the_handover_sheet_lists_the_team_and_a_solo_sheet_does_not(tmp_path: Path, hub: str) -> None:
    alice, bob = _team(tmp_path, hub)
    assert _studio(alice, "team", "role", "bob", "reviewer").returncode == 0
    assert _studio(bob, "sync").returncode == 0  # bob's laptop learns the roles with a round
    people = _studio(bob, "review", "people")  # in a team the reviewers are its members
    assert (people.returncode, people.stdout) == (0, "alice\tadmin\nbob\treviewer\n")
    added = _studio(bob, "review", "people", "add", "eve", "--role", "reviewer")
    assert added.returncode == 1
    assert "studio team role MEMBER ROLE" in added.stderr

    sheet = tmp_path / "handover.md"
    made = _studio(bob, "accounts", "handover", "--out", str(sheet))
    assert made.returncode == 0, made.stderr
    text = sheet.read_text(encoding="utf-8")
    assert "## Team members\n\n| Member | Role |\n|---|---|\n| alice | admin |\n| bob | reviewer |\n" in text

    page = tmp_path / "handover.html"
    assert _studio(bob, "accounts", "handover", "--out", str(page)).returncode == 0
    assert "<tr><td>bob</td><td>reviewer</td></tr>" in page.read_text(encoding="utf-8")

    solo = tmp_path / "solo.md"
    assert _studio(tmp_path / "solo", "accounts", "handover", "--out", str(solo)).returncode == 0
    assert "Team members" not in solo.read_text(encoding="utf-8")
