"""`studio publish-due` and `studio accounts check` as a user (or cron) runs them: real subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import keyring

from studio.store import DeliveryState, NewAccount
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


def test_a_handoff_waits_for_queue_done_and_a_lost_folder_is_written_again_only_on_retry(
    workspace: Workspace, mastodon: MastodonServer, jpeg: Callable[..., bytes]
) -> None:
    insta = workspace.store.accounts.add(NewAccount("instagram", "it-insta"))
    post = workspace.add_post(
        "Meet the help desk #LEGO", accounts=(workspace.masto, insta), images=((jpeg(), "Two figures"),)
    )

    run = _studio(workspace, "publish-due")

    assert run.returncode == 0, run.stderr
    lines = {line.split("\t")[0]: line.split("\t") for line in run.stdout.splitlines()}
    assert set(lines) == {"sent", "handed_off"}
    delivery = workspace.deliveries(post)["instagram"]
    folder = Path(lines["handed_off"][2])
    assert lines["handed_off"][1] == str(delivery.id)
    assert folder.is_dir()
    assert (folder / "01.jpg").is_file()
    done_line = f"studio queue done {post} --account it-insta"
    assert lines["handed_off"][3] == f"post it by hand, then `{done_line}`"
    assert "1 handoff folder(s) wait for you" in run.stderr
    assert done_line in (folder / "README.txt").read_text()

    listing = _studio(workspace, "queue", "list")
    assert "it-insta: HANDED OFF (waits for you)" in listing.stdout
    assert f"\tit-insta: ready folder: {folder}" in listing.stdout
    assert f"\tit-insta: when posted: {done_line} [--url URL]" in listing.stdout
    shown = _studio(workspace, "queue", "show", str(post))
    assert f"    ready folder: {folder}" in shown.stdout
    as_json = json.loads(_studio(workspace, "queue", "show", str(post), "--json").stdout)
    folders = {d["account"]: d["folder"] for d in as_json["deliveries"]}
    assert folders == {"it-masto": None, "it-insta": str(folder)}

    # The folder is lost: publish-due leaves the handed-off delivery alone; `queue retry` writes it again.
    shutil.rmtree(folder)
    again = _studio(workspace, "publish-due")
    assert (again.returncode, again.stdout) == (0, "")
    assert "nothing due" in again.stderr
    assert not folder.exists()
    assert "the folder is gone" in _studio(workspace, "queue", "show", str(post)).stdout
    retry = _studio(workspace, "queue", "retry", str(post))
    assert retry.returncode == 0, retry.stderr
    rewritten = _studio(workspace, "publish-due")
    assert rewritten.stdout.startswith(f"handed_off\t{delivery.id}\t{folder}\t")
    assert (folder / "caption.txt").read_text() == "Meet the help desk #LEGO\n"
    assert len(mastodon.statuses()) == 1  # the Mastodon copy was not sent again

    bad = _studio(workspace, "queue", "done", str(post), "--url", "instagram.com/p/x")
    assert bad.returncode == 1
    assert "error: URL 'instagram.com/p/x': is not a web address" in bad.stderr
    assert "Traceback" not in bad.stderr
    done = _studio(workspace, "queue", "done", str(post), "--url", "https://www.instagram.com/p/Lego1/")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"post {post}: marked posted on it-insta at https://www.instagram.com/p/Lego1/; the post is published"
    )
    twice = _studio(workspace, "queue", "done", str(post))
    assert twice.returncode == 1
    assert f"error: post {post}: has no handoff waiting" in twice.stderr
    found = _studio(workspace, "archive", "search", "help desk")
    assert "https://www.instagram.com/p/Lego1/" in found.stdout
