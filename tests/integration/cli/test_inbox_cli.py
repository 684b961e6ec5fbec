"""`studio inbox` given wrong input in a subprocess, on a real workspace: one clear line each, no traceback,
and nothing else changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studio.listen.model import Mention
from studio.store import NewAccount, open_store
from tests.integration.cli.conftest import Cli, one_error_line

_AT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def item_id(studio_home: Path) -> int:
    """A thank-you mention on a Mastodon account (no network needed to list, answer or close it)."""
    with open_store(studio_home) as store:
        account = store.accounts.add(
            NewAccount("mastodon", "it-masto", instance_url="https://example.social")
        )
        mention = Mention(
            "mastodon", "mention", "900", "https://example.social/@kim/900", "@kim", "Kim",
            "@it thanks for the heads-up!", _AT,
        )  # fmt: skip
        store.inbox.add(account.id, mention, support=False, findings=[])
        return store.inbox.items()[0].id


def test_an_empty_inbox_lists_nothing(cli: Cli) -> None:
    listed = cli("inbox", "list", "--json")
    assert (listed.returncode, json.loads(listed.stdout)) == (0, [])
    plain = cli("inbox", "list")
    assert (plain.returncode, plain.stdout, plain.stderr.strip()) == (0, "", "the inbox is empty")


def test_sync_without_accounts_does_nothing(cli: Cli) -> None:
    synced = cli("inbox", "sync")
    assert (synced.returncode, synced.stdout.strip()) == (0, "0 new item(s)")


def test_bad_ids_and_missing_text_are_usage_errors(cli: Cli, item_id: int) -> None:
    for args in (("inbox", "reply", "abc", "--text", "hi"), ("inbox", "done", "0"), ("inbox", "reply", "1")):
        result = cli(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
    both = cli("inbox", "reply", str(item_id), "--text", "hi", "--ready")
    assert both.returncode == 2
    assert "not allowed with argument" in both.stderr


def test_an_unknown_item_is_named(cli: Cli, item_id: int) -> None:
    line = one_error_line(cli("inbox", "done", str(item_id + 100)))
    assert line == f"error: inbox item {item_id + 100}: there is no such item (see `studio inbox list`)"


def test_the_ready_reply_of_an_item_that_is_not_support_is_refused_clearly(cli: Cli, item_id: int) -> None:
    line = one_error_line(cli("inbox", "reply", str(item_id), "--ready"))
    assert line.startswith(f"error: inbox item {item_id}: has no ready reply")
    assert json.loads(cli("inbox", "list", "--json").stdout)[0]["id"] == item_id


def test_a_reply_from_a_file_done_and_assign(cli: Cli, item_id: int, tmp_path: Path) -> None:
    text = tmp_path / "reply.txt"
    text.write_text("You're welcome!\n", encoding="utf-8")
    queued = cli("inbox", "reply", str(item_id), "--text-file", str(text))
    assert queued.returncode == 0, queued.stderr
    assert "publish-due" in queued.stderr
    listed = cli("inbox", "list")
    assert f"answered (post {queued.stdout.strip()})" in listed.stdout

    assert (
        cli("inbox", "assign", str(item_id), "sam").stdout.strip() == f"inbox item {item_id} assigned to sam"
    )
    assert cli("inbox", "done", str(item_id)).returncode == 0
    assert json.loads(cli("inbox", "list", "--json").stdout) == []
    assert cli("inbox", "done", str(item_id), "--undo").returncode == 0
    assert len(json.loads(cli("inbox", "list", "--json", "--unread").stdout)) == 0  # answered: read
    assert len(json.loads(cli("inbox", "list", "--json").stdout)) == 1
