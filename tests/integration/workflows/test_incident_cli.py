"""`studio incident` end to end through the CLI on a real SQLite workspace."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

from studio.store import open_store
from tests.integration.workflows.conftest import Cli


def test_an_outage_from_open_to_close(cli: Cli, accounts: tuple[str, str], studio_home: Path) -> None:
    promo = cli("queue", "add", "--account", "it-masto", "--text", "Tech Tip #12", "--at", "2099-01-01T10:00")
    assert promo.returncode == 0, promo.stderr

    opened = cli(
        "incident", "open", "--service", "Campus Wi-Fi", "--impact", "no connection in the library",
        "--account", "it-masto", "--account", "it-bsky", "--status-url", "https://status.example.edu",
        "--next-update", "20",
    )  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    incident_id = opened.stdout.strip()
    assert incident_id == "1"
    assert "starts a thread" in opened.stderr
    assert "held 1 promotional" in opened.stderr

    listed = json.loads(cli("incident", "list", "--json").stdout)
    assert [(i["id"], i["stage"], i["open"], i["accounts"]) for i in listed] == [
        (1, "investigating", True, ["it-masto", "it-bsky"])
    ]
    assert listed[0]["held_deliveries"] == [1]
    assert listed[0]["next_update_at"] is not None

    held = cli("incident", "held", incident_id).stdout
    assert held.startswith("post 1\tit-masto\theld\tdue 2099-01-01 ")
    assert held.rstrip().endswith("Tech Tip #12")

    draft = cli("incident", "draft", incident_id, "--stage", "identified")
    assert draft.returncode == 0, draft.stderr
    assert draft.stdout.startswith("Update on Campus Wi-Fi: we have found the cause")

    update = cli("incident", "update", incident_id, "--stage", "identified", "--text", "Found it: a switch.")
    assert update.returncode == 0, update.stderr
    assert "replies in the thread" in update.stderr

    closed = cli("incident", "close", incident_id)
    assert closed.returncode == 0, closed.stderr
    assert "released 1 held promotional" in closed.stderr

    assert cli("incident", "held", incident_id).stdout.strip() == "incident 1 holds nothing"
    text = cli("incident", "list").stdout
    assert text.split("\t")[:4] == ["1", "outage", "closed", "resolved"]
    with open_store(studio_home) as store:
        incident = store.incidents.get(1)
        posts = [store.posts.get(u.post_id) for u in incident.updates]
        assert [p.body.splitlines()[0] for p in posts] == [
            "We are investigating a problem with Campus Wi-Fi: no connection in the library.",
            "Found it: a switch.",
            "Resolved: Campus Wi-Fi is working normally again. Thank you for your patience.",
        ]
        for earlier, later in pairwise(posts):
            assert [d.reply_to_delivery_id for d in later.deliveries] == [d.id for d in earlier.deliveries]
        assert store.posts.get(1).deliveries[0].state.value == "queued"  # the promotion was released


def test_errors_name_the_input_and_the_fix(cli: Cli, accounts: tuple[str, str]) -> None:
    missing = cli("incident", "update", "7", "--stage", "identified")
    assert (missing.returncode, missing.stderr.strip()) == (
        1,
        "error: incident 7: not found (see `studio incident list`)",
    )
    opened = cli("incident", "open", "--kind", "maintenance", "--service", "Moodle", "--impact", "offline",
                 "--account", "it-bsky", "--start", "2026-12-01T22:00")  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    bad_stage = cli("incident", "update", "1", "--stage", "resolved")
    assert bad_stage.returncode == 1
    assert "not a stage of a maintenance (use one of: announced, starting, in_progress" in bad_stage.stderr
    unknown = cli("incident", "open", "--service", "S", "--impact", "I", "--account", "nobody")
    assert unknown.returncode == 1
    assert "nobody" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    usage = cli(
        "incident", "open", "--service", "S", "--impact", "I", "--account", "it-bsky", "--kind", "fire"
    )
    assert usage.returncode == 2
    bad_kit = cli("incident", "draft", "1", "--stage", "starting", "--kit", "no-such-kit")
    assert bad_kit.returncode == 1
    assert "no such kit (kit.toml not found)" in bad_kit.stderr


def test_an_empty_list_says_how_to_start(cli: Cli) -> None:
    result = cli("incident", "list")
    assert result.returncode == 0
    assert "studio incident open" in result.stdout
    assert json.loads(cli("incident", "list", "--json").stdout) == []


def test_list_says_when_the_promised_update_is_due(cli: Cli, accounts: tuple[str, str]) -> None:
    opened = cli("incident", "open", "--service", "VPN", "--impact", "slow", "--account", "it-masto",
                 "--next-update", "3")  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    line = cli("incident", "list").stdout.strip()
    assert line.startswith("1\toutage\topen\tinvestigating\tVPN\tupdate due in ")  # within the 5-minute lead
    assert json.loads(cli("incident", "list", "--json").stdout)[0]["update_due"] is True
    later = cli("incident", "update", "1", "--stage", "identified", "--next-update", "45")
    assert later.returncode == 0, later.stderr
    assert "\tnext update by " in cli("incident", "list").stdout
