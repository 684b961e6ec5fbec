"""`studio queue edit`: change a post that has not gone out, behind the guardrails (Issue 13 item 7)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from studio.store import DeliveryState, NewAccount, NewPost, PostStatus, open_store
from tests.integration.cli.conftest import Cli, one_error_line

TEXT = "The library printers are back on every floor."
PERSONAL = "Questions? Mail jane.doe@example.edu about the printers."


@pytest.fixture
def solo(studio_home: Path) -> Path:
    """No review; an X and a Mastodon account (neither needs a credential to be queued)."""
    with open_store(studio_home) as store:
        store.settings.update(solo_mode=True)
        store.accounts.add(NewAccount("x", "it-x"))
        store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
    return studio_home


def _queued(cli: Cli, *extra: str) -> int:
    added = cli(
        "queue", "add", "--account", "it-x", "--account", "it-masto", "--text", TEXT,
        "--at", "2030-01-15T09:00:00Z", *extra,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return int(added.stdout)


def test_edit_changes_what_is_given_and_keeps_the_rest(cli: Cli, solo: Path) -> None:
    post_id = _queued(cli)
    with open_store(solo) as store:
        before = {d.network: d.id for d in store.posts.get(post_id).deliveries}
    edited = cli(
        "queue", "edit", str(post_id), "--text-for", "x=Printers are back 🖨️", "--at", "2030-01-16T10:30:00Z"
    )
    assert edited.returncode == 0, edited.stderr
    assert edited.stdout.strip() == str(post_id)
    moment = datetime(2030, 1, 16, 10, 30, tzinfo=UTC)
    with open_store(solo) as store:
        post = store.posts.get(post_id)
        events = {d.network: [e.kind for e in store.deliveries.events(d.id)] for d in post.deliveries}
    assert post.body == TEXT  # not given: kept
    assert dict(post.text_for) == {"x": "Printers are back 🖨️"}
    assert post.scheduled_at == moment
    assert {d.network: d.id for d in post.deliveries} == before  # the same deliveries, planned again
    assert {d.network: (d.due_at, [p.text for p in d.parts]) for d in post.deliveries} == {
        "x": (moment, ["Printers are back 🖨️"]),
        "mastodon": (moment, [TEXT]),
    }
    assert events == {"x": ["created", "edited"], "mastodon": ["created", "edited"]}

    # A new main text and fewer accounts; emptying X's own text makes it "same as all" again.
    again = cli(
        "queue",
        "edit",
        str(post_id),
        "--text",
        "Printers: all fixed.",
        "--account",
        "it-x",
        "--text-for",
        "x=",
    )
    assert again.returncode == 0, again.stderr
    listed = json.loads(cli("queue", "list", "--json").stdout)
    assert [(d["network"], d["state"], d["text"]) for d in listed[0]["deliveries"]] == [
        ("x", "queued", "Printers: all fixed."),
        ("mastodon", "cancelled", "Printers: all fixed."),
    ]
    assert listed[0]["scheduled_at"] == "2030-01-16T10:30:00Z"


def test_an_edit_the_guardrails_refuse_changes_nothing_until_allowed(cli: Cli, solo: Path) -> None:
    post_id = _queued(cli)
    refused = cli("queue", "edit", str(post_id), "--text", PERSONAL)
    assert refused.returncode == 1
    assert "error: the text, characters " in one_error_line(refused)
    assert "or --allow personal-data to post it anyway)" in refused.stderr
    with open_store(solo) as store:
        assert store.posts.get(post_id).body == TEXT

    allowed = cli("queue", "edit", str(post_id), "--text", PERSONAL, "--allow", "personal-data")
    assert allowed.returncode == 0, allowed.stderr
    with open_store(solo) as store:
        post = store.posts.get(post_id)
        audit = [
            (d.network, e.detail)
            for d in post.deliveries
            for e in store.deliveries.events(d.id)
            if e.kind == "allowed"
        ]
    assert post.body == PERSONAL
    assert sorted(audit) == [("mastodon", "personal-data"), ("x", "personal-data")]


@pytest.mark.parametrize(
    ("state", "why"),
    [
        (DeliveryState.SENDING, "its copy for it-masto is being sent right now"),
        (DeliveryState.SENT, "its copy for it-masto has gone out"),
        (DeliveryState.HANDED_OFF, "its copy for it-masto was handed off to be posted by hand"),
    ],
)
def test_a_post_with_a_copy_out_or_on_its_way_is_not_edited(
    cli: Cli, solo: Path, state: DeliveryState, why: str
) -> None:
    added = cli("queue", "add", "--account", "it-masto", "--account", "it-x", "--text", TEXT)  # due now
    assert added.returncode == 0, added.stderr
    post_id = int(added.stdout)
    with open_store(solo) as store:  # what the runner does, through the store's own steps
        later = datetime.now(UTC) + timedelta(minutes=1)
        claimed = {d.network: d for d in store.deliveries.claim_due(later, limit=2, claimer="test")}
        masto = claimed["mastodon"]  # X's copy stays "sending": the post is not published yet
        if state is not DeliveryState.SENDING:
            store.deliveries.record_part_sent(masto, 0, remote_id="1")
        if state is DeliveryState.SENT:
            store.deliveries.mark_sent(masto, remote_id="1", remote_url="https://social.example/@it/1")
        elif state is DeliveryState.HANDED_OFF:
            store.deliveries.mark_handed_off(masto, folder="/tmp/ready", folder_url="file:///tmp/ready")
        assert store.posts.get(post_id).deliveries[0].state is state
    result = cli("queue", "edit", str(post_id), "--text", "Changed")
    line = one_error_line(result)
    assert result.returncode == 1
    assert line.startswith(f"error: post {post_id}: cannot be changed: {why} (")
    with open_store(solo) as store:
        assert store.posts.get(post_id).body == TEXT


def test_edit_needs_something_to_change_and_a_known_post(cli: Cli, solo: Path) -> None:
    post_id = _queued(cli)
    nothing = cli("queue", "edit", str(post_id))
    assert one_error_line(nothing) == (
        f"error: post {post_id}: nothing to change was given (give --text, --text-for, --at, --account, ...)"
    )
    missing = cli("queue", "edit", "999", "--text", "Hi")
    assert one_error_line(missing) == "error: post 999: not found (see `studio queue list`)"
    not_on = cli("queue", "edit", str(post_id), "--account", "it-masto", "--text-for", "x=Short")
    assert "error: --text-for x: none of the post's accounts is on X" in one_error_line(not_on)


def test_a_draft_is_edited_without_being_scheduled(cli: Cli, solo: Path) -> None:
    with open_store(solo) as store:
        draft = store.posts.create(NewPost("Half a thought"))
    edited = cli("queue", "edit", str(draft.id), "--text", "A whole thought", "--account", "it-masto")
    assert edited.returncode == 0, edited.stderr
    with open_store(solo) as store:
        post = store.posts.get(draft.id)
        masto = store.accounts.by_name("it-masto")
    assert (post.status, post.body, post.account_ids, post.deliveries) == (
        PostStatus.DRAFT,
        "A whole thought",
        (masto.id,),
        (),
    )
