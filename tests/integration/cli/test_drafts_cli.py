"""`studio drafts list` and `drafts delete` (Issue 13 item 2)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from studio.store import NewAccount, NewPost, PostStatus, open_store
from tests.integration.cli.conftest import Cli, one_error_line

T1 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
T3 = datetime(2026, 3, 4, 16, 45, 12, tzinfo=UTC)


@pytest.fixture
def drafts(studio_home: Path, tmp_path: Path) -> dict[str, int]:
    """Three drafts changed at T1 < T2 < T3 (the oldest last edited at T3), and one queued post."""
    picture = tmp_path / "sam.png"
    Image.new("RGB", (40, 30), "teal").save(picture)
    with open_store(studio_home) as store:
        store.settings.update(solo_mode=True)
        masto = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url="https://social.example"))
        x = store.accounts.add(NewAccount("x", "it-x"))
        media = store.media.add(picture, width=40, height=30, mime="image/png", alt_text="Sam")
        oldest = store.posts.create(NewPost("Printers\nare back", media=((media.id, "photo", ""),)), at=T1)
        middle = store.posts.create(NewPost("Tech Tip Tuesday: lock your screen"), at=T2)
        store.posts.set_choices(middle.id, account_ids=[x.id, masto.id], at=T2)
        store.posts.save_draft(oldest.id, "Printers are back\nOn every floor", at=T3)
        empty = store.posts.create(NewPost(""), at=T1)
        queued = store.posts.create(NewPost("Queued already", (masto.id,)), at=T1)
        store.posts.set_status(queued.id, PostStatus.SCHEDULED)
    return {"oldest": oldest.id, "middle": middle.id, "empty": empty.id, "queued": queued.id}


def test_list_gives_every_draft_the_latest_change_first(cli: Cli, drafts: dict[str, int]) -> None:
    result = cli("drafts", "list", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {
            "id": drafts["oldest"],
            "updated_at": "2026-03-04T16:45:12Z",
            "first_line": "Printers are back",
            "accounts": [],
            "pictures": 1,
        },
        {
            "id": drafts["middle"],
            "updated_at": "2026-03-03T09:00:00Z",
            "first_line": "Tech Tip Tuesday: lock your screen",
            "accounts": ["it-x", "it-masto"],
            "pictures": 0,
        },
        {
            "id": drafts["empty"],
            "updated_at": "2026-03-02T09:00:00Z",
            "first_line": "",
            "accounts": [],
            "pictures": 0,
        },
    ]


def test_the_plain_list_is_a_table_in_the_workspace_zone(cli: Cli, drafts: dict[str, int]) -> None:
    lines = cli("drafts", "list", zone="Europe/Berlin").stdout.splitlines()
    assert lines[0].split() == ["ID", "CHANGED", "PICS", "ACCOUNTS", "FIRST", "LINE"]
    assert lines[1].split() == [
        str(drafts["oldest"]),
        "2026-03-04",
        "17:45",
        "CET",
        "1",
        "-",
        "Printers",
        "are",
        "back",
    ]
    assert "it-x, it-masto" in lines[2]
    assert lines[3].endswith("(no text yet)")
    column = lines[0].index("FIRST LINE")
    assert all(line[column - 2 : column] == "  " and line[column] != " " for line in lines)  # one column


def test_search_keeps_the_drafts_that_contain_it(cli: Cli, drafts: dict[str, int]) -> None:
    found = json.loads(cli("drafts", "list", "--json", "--search", "TIP").stdout)
    assert [d["id"] for d in found] == [drafts["middle"]]
    none = cli("drafts", "list", "--search", "eduroam")
    assert none.stdout.startswith("no draft contains 'eduroam': ")


def test_delete_removes_a_draft_and_refuses_anything_else(
    cli: Cli, drafts: dict[str, int], studio_home: Path
) -> None:
    deleted = cli("drafts", "delete", str(drafts["middle"]))
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.strip() == f"draft {drafts['middle']} deleted: Tech Tip Tuesday: lock your screen"
    listed = json.loads(cli("drafts", "list", "--json").stdout)
    assert [d["id"] for d in listed] == [drafts["oldest"], drafts["empty"]]

    queued = cli("drafts", "delete", str(drafts["queued"]))
    assert one_error_line(queued) == (
        f"error: post {drafts['queued']}: is scheduled, not a draft (cancel it instead: studio queue cancel)"
    )
    assert queued.returncode == 1
    missing = cli("drafts", "delete", "999")
    assert one_error_line(missing).startswith("error: post 999: not found")
    with open_store(studio_home) as store:
        assert store.posts.count() == 3  # the queued post and two drafts are still there


def test_no_drafts_says_where_they_come_from(cli: Cli) -> None:
    result = cli("drafts", "list")
    assert result.returncode == 0
    assert result.stdout.startswith("no drafts: ")
    assert json.loads(cli("drafts", "list", "--json").stdout) == []
