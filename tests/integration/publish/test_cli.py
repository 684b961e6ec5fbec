"""`studio publish-due` and `studio accounts check` as a user (or cron) runs them: real subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import keyring

from studio.store import DeliveryState
from studio.store.times import now_utc
from tests.integration.publish.conftest import Workspace
from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import REPO


def _studio(ws: Workspace, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        input=stdin,
        cwd=REPO,
        env={**os.environ, "STUDIO_HOME": str(ws.home)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_dry_run_then_publish_due_then_nothing_due(workspace: Workspace, mastodon: MastodonServer) -> None:
    post = workspace.add_post("Campus Wi-Fi upgrade tonight")

    dry = _studio(workspace, "publish-due", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.count("would send") == 2
    assert "it-masto (mastodon)" in dry.stdout
    assert mastodon.statuses() == []

    run = _studio(workspace, "publish-due")
    assert run.returncode == 0, run.stderr
    lines = [line.split("\t") for line in run.stdout.splitlines()]
    assert [line[0] for line in lines] == ["sent", "sent"]
    urls = {d.remote_url for d in workspace.deliveries(post).values()}
    assert {line[2] for line in lines} == urls
    assert {d.state for d in workspace.deliveries(post).values()} == {DeliveryState.SENT}

    again = _studio(workspace, "publish-due")
    assert (again.returncode, again.stdout, again.stderr.strip()) == (0, "", "nothing due")
    assert len(mastodon.statuses()) == 1


def test_refused_token_is_reported_and_accounts_check_names_it(
    workspace: Workspace, mastodon: MastodonServer
) -> None:
    ok = _studio(workspace, "accounts", "check")
    assert ok.returncode == 0, ok.stderr
    assert sorted(line.split("\t")[:3] for line in ok.stdout.splitlines()) == [
        ["it-bsky", "bluesky", "ok"],
        ["it-masto", "mastodon", "ok"],
    ]

    listing = _studio(workspace, "accounts", "list")
    assert listing.stdout.count("last checked: ") == 2
    assert "last checked: never" not in listing.stdout

    mastodon.revoke("test-token")
    workspace.add_post("Still goes to Bluesky")
    run = _studio(workspace, "publish-due")
    assert run.returncode == 1
    assert run.stdout.startswith("sent\t")  # the Bluesky delivery went out
    assert "error: account it-masto needs reconnecting" in run.stderr
    assert "reconnect the account" in run.stderr

    check = _studio(workspace, "accounts", "check", "it-masto")
    assert check.returncode == 1
    assert check.stdout.startswith("it-masto\tmastodon\tRECONNECT\t")

    # The user makes a new token and reconnects; the post that failed meanwhile can then be sent.
    mastodon.add_token("brand-new-token", "studio")
    fixed = _studio(
        workspace, "accounts", "reconnect", "it-masto", "--secret-stdin", stdin="brand-new-token\n"
    )
    assert fixed.returncode == 0, fixed.stderr
    assert fixed.stdout.startswith("it-masto\tmastodon\tok\t")
    [post_id] = [int(line.split()[1]) for line in fixed.stdout.splitlines() if line.startswith("post ")]
    assert _studio(workspace, "queue", "retry", str(post_id)).returncode == 0
    resent = _studio(workspace, "publish-due")
    assert resent.returncode == 0, resent.stderr
    assert [s.text for s in mastodon.statuses()] == ["Still goes to Bluesky"]
    for output in (ok, run, check, fixed, resent):
        assert "test-token" not in output.stdout + output.stderr
        assert "brand-new-token" not in output.stdout + output.stderr


def test_removing_a_bluesky_account_also_forgets_its_kept_session(workspace: Workspace) -> None:
    workspace.add_post("Hello from the help desk", accounts=(workspace.bsky,))
    assert _studio(workspace, "publish-due").returncode == 0
    session_entry = f"account:{workspace.bsky.id}:session"
    assert keyring.get_password("studio", session_entry) is not None  # kept for the next run

    removed = _studio(workspace, "accounts", "remove", "it-bsky")

    assert removed.returncode == 0, removed.stderr
    assert keyring.get_password("studio", session_entry) is None
    assert keyring.get_password("studio", f"account:{workspace.bsky.id}") is None


def test_late_window_can_be_given_for_a_run(workspace: Workspace, mastodon: MastodonServer) -> None:
    workspace.add_post("Three hours late", accounts=(workspace.masto,), at=now_utc() - timedelta(hours=3))

    bad = _studio(workspace, "publish-due", "--late-window", "soon")
    assert bad.returncode == 2
    assert "'soon' is not a number of hours" in bad.stderr

    run = _studio(workspace, "publish-due", "--late-window", "1")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("missed\t")
    assert "studio queue retry" in run.stdout
    assert mastodon.statuses() == []
