"""What the team indicator says in each state (the words only; the states come from real rounds elsewhere)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from studio.gui.statusbar import describe_team
from studio.gui.teamsync import TeamState

NOW = datetime(2026, 12, 4, 14, 0, tzinfo=UTC)
WHY = "team hub studio@db.example.org:5432/team: cannot be reached (timeout)"


def test_synced_says_how_long_ago() -> None:
    assert describe_team(TeamState(synced_at=NOW - timedelta(seconds=2)), NOW)[0] == "Synced just now"
    assert describe_team(TeamState(synced_at=NOW - timedelta(seconds=12)), NOW)[0] == "Synced 12 s ago"
    assert describe_team(TeamState(synced_at=NOW - timedelta(minutes=3)), NOW)[0] == "Synced 3 min ago"


def test_offline_counts_what_waits_and_the_tooltip_says_why() -> None:
    text, tip = describe_team(TeamState(waiting=3, offline=WHY), NOW)
    assert text == "Offline: 3 changes waiting"
    assert tip.startswith(WHY)
    assert describe_team(TeamState(waiting=1, offline=WHY), NOW)[0] == "Offline: 1 change waiting"
    assert describe_team(TeamState(offline=WHY), NOW)[0] == "Offline: nothing waiting"


def test_syncing_and_a_refused_sign_in() -> None:
    assert describe_team(TeamState(syncing=True), NOW)[0] == "Syncing…"  # the first round
    assert describe_team(TeamState(syncing=True, synced_at=NOW, asked=True), NOW)[0] == "Syncing…"
    # A background round every 10 s does not make the indicator flicker.
    assert describe_team(TeamState(syncing=True, synced_at=NOW), NOW)[0] == "Synced just now"
    assert (
        describe_team(TeamState(syncing=True, offline=WHY, waiting=1), NOW)[0] == "Offline: 1 change waiting"
    )
    refused = "team hub x: refused the sign-in (give the hub's password again)"
    text, tip = describe_team(TeamState(offline=refused, refused=True, waiting=2), NOW)
    assert text == "Team hub refused the sign-in"
    assert tip.startswith(refused)
