"""`studio metrics add|import|pull` and `studio archive list` in a subprocess, on a real workspace."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studio.store import open_store
from tests.integration.cli.conftest import Cli
from tests.unit.listen.sent import publish

SENT = datetime.now(UTC) - timedelta(days=2)


def _sent_on_instagram(home: Path, instagram: str, count: int = 2) -> list[int]:
    with open_store(home) as store:
        account = store.accounts.by_name(instagram)
        return [publish(store, (account.id,), f"Tech tip {n}", sent_at=SENT)[0].id for n in range(count)]


def test_typed_numbers_show_in_the_archive_list(cli: Cli, studio_home: Path, instagram: str) -> None:
    first, second = _sent_on_instagram(studio_home, instagram)
    listed = json.loads(cli("archive", "list", "--json").stdout)
    assert [d["metrics"] for p in listed for d in p["deliveries"]] == [None, None]

    added = cli(
        "metrics", "add", str(first), "--likes", "40", "--reposts", "3", "--replies", "5",
        "--url", "https://www.instagram.com/p/abc/",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    listed = json.loads(cli("archive", "list", "--json", "--month", SENT.strftime("%Y-%m")).stdout)
    by_id = {d["delivery_id"]: d for p in listed for d in p["deliveries"]}
    metrics = by_id[first]["metrics"]
    assert (metrics["likes"], metrics["reposts"], metrics["replies"], metrics["quotes"]) == (40, 3, 5, None)
    assert by_id[first]["url"] == "https://www.instagram.com/p/abc/"
    assert by_id[second]["metrics"] is None

    text = cli("archive", "list").stdout
    assert "40 likes, 3 reposts, 5 replies" in text
    assert "not measured" in text


def test_bad_typed_numbers_are_one_line_errors(cli: Cli, studio_home: Path, instagram: str) -> None:
    [first] = _sent_on_instagram(studio_home, instagram, 1)
    negative = cli("metrics", "add", str(first), "--likes", "-1", "--reposts", "0", "--replies", "0")
    assert negative.returncode == 2
    assert "--likes" in negative.stderr
    missing = cli("metrics", "add", "999", "--likes", "1", "--reposts", "0", "--replies", "0")
    assert missing.returncode == 1
    assert missing.stderr.startswith("error: delivery 999: not found")
    bad_url = cli(
        "metrics", "add", str(first), "--likes", "1", "--reposts", "0", "--replies", "0", "--url", "x"
    )
    assert bad_url.returncode == 1
    assert bad_url.stderr.startswith("error: link: 'x' is not a web address")
    assert "Traceback" not in negative.stderr + missing.stderr + bad_url.stderr


def test_a_csv_with_a_bad_row_imports_nothing(
    cli: Cli, studio_home: Path, instagram: str, tmp_path: Path
) -> None:
    first, second = _sent_on_instagram(studio_home, instagram)
    cli("metrics", "add", str(second), "--likes", "1", "--reposts", "0", "--replies", "0",
        "--url", "https://www.instagram.com/p/two/")  # fmt: skip
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"delivery_id,url,likes,reposts,replies,quotes\n{first},,12,1,2,\n,https://nowhere.example/p,1,1,1,\n"
        f"{second},,many,0,0,\n",
        encoding="utf-8",
    )
    refused = cli("metrics", "import", str(bad))
    assert refused.returncode == 1
    assert f"error: {bad}: line 3, url: no published delivery has the link" in refused.stderr
    assert f"error: {bad}: line 4, likes: 'many' is not a count" in refused.stderr
    assert "nothing imported" in refused.stderr
    with open_store(studio_home) as store:
        assert first not in store.metrics.latest([first])

    good = tmp_path / "good.csv"
    good.write_text(
        f"delivery_id,url,likes,reposts,replies,quotes\n{first},,12,1,2,\n,https://www.instagram.com/p/two/,7,0,1,3\n",
        encoding="utf-8",
    )
    imported = cli("metrics", "import", str(good))
    assert imported.returncode == 0, imported.stderr
    with open_store(studio_home) as store:
        latest = store.metrics.latest([first, second])
    assert (latest[first].likes, latest[second].likes, latest[second].quotes) == (12, 7, 3)


def test_pull_with_nothing_to_ask_says_so(cli: Cli, studio_home: Path, instagram: str) -> None:
    _sent_on_instagram(studio_home, instagram, 1)  # a handoff network: never asked
    done = cli("metrics", "pull", "--all")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "measured 0 post(s) in 0 call(s)"
    as_json = json.loads(cli("metrics", "pull", "--json").stdout)
    assert as_json == {"measured": 0, "gone": 0, "calls": 0, "waiting": {}, "problems": {}}


def test_the_export_carries_the_numbers_and_imports_again(
    cli: Cli, studio_home: Path, instagram: str, tmp_path: Path
) -> None:
    first, _second = _sent_on_instagram(studio_home, instagram)
    cli("metrics", "add", str(first), "--likes", "40", "--reposts", "3", "--replies", "5", "--quotes", "2")
    out = tmp_path / "posts.csv"
    assert cli("archive", "export", "--out", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["likes"], r["reposts"], r["replies"], r["quotes"]) for r in rows] == [
        ("40", "3", "5", "2"),
        ("", "", "", ""),
    ]
    as_json = tmp_path / "posts.json"
    assert cli("archive", "export", "--out", str(as_json)).returncode == 0
    doc = json.loads(as_json.read_text(encoding="utf-8"))
    assert doc[0]["deliveries"][0]["metrics"]["likes"] == 40
    assert doc[1]["deliveries"][0]["metrics"] is None
    # The numbers' columns are ignored on the way back in (published posts themselves are not imported).
    again = cli("archive", "import", str(out))
    assert "unknown column" not in again.stderr
    assert "line 2, status: 'published' is not draft or scheduled" in again.stderr
