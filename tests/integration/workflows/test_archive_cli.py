"""`studio archive` through the CLI: import, export, search, calendar, with real files."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studio.store import open_store
from tests.integration.workflows.conftest import Cli


def _publish_all(home: Path) -> None:
    """Send what is due the way the runner records it (the network side is not part of this test)."""
    with open_store(home) as store:
        now = datetime.now(UTC) + timedelta(minutes=1)
        for d in store.deliveries.claim_due(now, limit=50, claimer="test"):
            for part in d.parts:
                d = store.deliveries.record_part_sent(d, part.position, remote_id=f"{d.id}")
            store.deliveries.mark_sent(d, remote_id=f"{d.id}", remote_url=f"https://social.example/{d.id}")


def test_import_publish_search_export(
    cli: Cli, accounts: tuple[str, str], studio_home: Path, tmp_path: Path
) -> None:
    source = tmp_path / "posts.csv"
    source.write_text(
        "text,accounts,at\n"
        "The VPN is upgraded: reconnect once,it-masto;it-bsky,\n"
        "Tech tip: lock your screen,it-masto,2099-01-05T10:00+01:00\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("text,accounts\nx,nobody\n", encoding="utf-8")
    refused = cli("archive", "import", str(bad))
    assert refused.returncode == 1
    assert f"error: {bad}: line 2, accounts: 'nobody' is not an account" in refused.stderr
    assert "nothing imported" in refused.stderr

    imported = cli("archive", "import", str(source))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("imported 2 of 2 row(s)")
    # the first row was a draft (no `at`): schedule it now
    assert cli("queue", "approve", "1").returncode == 0
    _publish_all(studio_home)

    found = json.loads(cli("archive", "search", "vpn reconnect", "--json").stdout)
    assert sorted(h["account"] for h in found) == ["it-bsky", "it-masto"]
    assert all(h["url"].startswith("https://social.example/") for h in found)
    assert cli("archive", "search", "lock screen").stdout.startswith("nothing published matches")
    bad_query = cli("archive", "search", '"oops', "--fts")
    assert bad_query.returncode == 1
    assert "not a valid search" in bad_query.stderr

    out_csv = tmp_path / "all.csv"
    assert cli("archive", "export", "--out", str(out_csv)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert [(r["id"], r["status"]) for r in rows] == [("1", "published"), ("2", "scheduled")]
    out_json = tmp_path / "all.json"
    assert cli("archive", "export", "--out", str(out_json)).returncode == 0
    assert json.loads(out_json.read_text(encoding="utf-8"))[0]["deliveries"][0]["state"] == "sent"
    unclear = cli("archive", "export", "--out", str(tmp_path / "all.txt"))
    assert unclear.returncode == 1
    assert "add --format csv or json" in unclear.stderr

    ics = tmp_path / "schedule.ics"
    assert cli("archive", "ics", "--out", str(ics)).returncode == 0
    calendar = ics.read_bytes().decode("utf-8")
    assert calendar.count("BEGIN:VEVENT") == 1
    assert "DTSTART:20990105T090000Z\r\n" in calendar
