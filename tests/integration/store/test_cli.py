"""The `accounts` and `queue` commands, run as real subprocesses against a real workspace and keyring."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PIL import Image

from studio.store import open_store
from tests.integration.store.conftest import SECRETS, Cli
from tests.keyring_helpers import delete_secret, get_secret

_DELIVERY_KEYS = {"account", "network", "state", "attempts", "remote_url", "last_error", "text"}


def _add_accounts(cli: Cli) -> None:
    masto = cli(
        "accounts", "add", "mastodon", "--name", "it-masto", "--instance", "https://uni.example",
        "--handle", "@it@uni.example", "--owner", "Ana", "--secret-stdin",
        stdin=SECRETS[0] + "\n",
    )  # fmt: skip
    assert masto.returncode == 0, masto.stderr
    bsky = cli("accounts", "add", "bluesky", "--name", "it-bsky", "--secret-stdin", stdin=SECRETS[1])
    assert bsky.returncode == 0, bsky.stderr


def test_accounts_add_list_remove_with_the_keyring(cli: Cli, studio_home: Path) -> None:
    _add_accounts(cli)
    listed = cli("accounts", "list", "--json")
    assert listed.returncode == 0
    accounts = {a["name"]: a for a in json.loads(listed.stdout)}
    assert set(accounts) == {"it-masto", "it-bsky"}
    masto = accounts["it-masto"]
    assert masto["has_credential"] is True
    assert masto["instance_url"] == "https://uni.example"
    assert masto["credential"] == f"keyring service studio, user account:{masto['id']}"
    assert get_secret(masto["id"]) == SECRETS[0]  # the trailing newline is not part of it
    assert get_secret(accounts["it-bsky"]["id"]) == SECRETS[1]

    removed = cli("accounts", "remove", "IT-BSKY")
    assert removed.returncode == 0, removed.stderr
    assert "and its keyring entry" in removed.stdout
    assert get_secret(accounts["it-bsky"]["id"]) is None
    assert [a["name"] for a in json.loads(cli("accounts", "list", "--json").stdout)] == ["it-masto"]
    # The database holds no secret: not in any column of any table.
    with sqlite3.connect(studio_home / "studio.db") as conn:
        dump = "\n".join(conn.iterdump())
    assert SECRETS[0] not in dump
    assert delete_secret(masto["id"])


def test_accounts_add_refuses_bad_input_without_a_traceback(cli: Cli) -> None:
    no_secret = cli("accounts", "add", "mastodon", "--name", "m", "--instance", "https://uni.example")
    assert no_secret.returncode == 1
    assert "needs its token or app password" in no_secret.stderr
    http = cli(
        "accounts", "add", "mastodon", "--name", "m", "--instance", "http://uni.example", "--secret-stdin",
        stdin="x",
    )  # fmt: skip
    assert http.returncode == 1
    assert "only https is accepted" in http.stderr
    usage = cli("accounts", "add")
    assert usage.returncode == 2
    for result in (no_secret, http, usage):
        assert "Traceback" not in result.stderr
    assert json.loads(cli("accounts", "list", "--json").stdout) == []


def test_without_a_keyring_the_account_is_not_kept(cli: Cli) -> None:
    result = cli(
        "accounts", "add", "bluesky", "--name", "b", "--secret-stdin", stdin=SECRETS[3],
        drop=("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("error: credential for account b: no usable OS keyring")
    assert "GNOME Keyring" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(cli("accounts", "list", "--json").stdout) == []


def test_queue_add_list_show_cancel(cli: Cli, tmp_path: Path, studio_home: Path) -> None:
    _add_accounts(cli)
    photo = tmp_path / "lego.jpg"
    Image.new("RGB", (320, 240), (200, 30, 30)).save(photo, "JPEG", quality=90)
    added = cli(
        "queue", "add", "--account", "it-masto", "--account", "it-bsky",
        "--text", "Planned maintenance tonight",
        "--image", str(photo), "--alt", "A LEGO technician at a server rack",
        "--at", "2030-01-15T22:00+01:00",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    post_id = int(added.stdout.strip())
    now = cli("queue", "add", "--account", "it-masto", "--text", "Now")
    assert now.returncode == 0, now.stderr

    listed = json.loads(cli("queue", "list", "--json").stdout)
    assert [p["id"] for p in listed] == [int(now.stdout), post_id]  # unscheduled (due now) first
    post = next(p for p in listed if p["id"] == post_id)
    assert set(post) == {"id", "status", "text", "scheduled_at", "deliveries"}
    assert post["status"] == "scheduled"
    assert post["text"] == "Planned maintenance tonight"
    assert post["scheduled_at"] == "2030-01-15T21:00:00Z"
    assert [(d["account"], d["network"], d["state"]) for d in post["deliveries"]] == [
        ("it-masto", "mastodon", "queued"),
        ("it-bsky", "bluesky", "queued"),
    ]
    assert all(set(d) == _DELIVERY_KEYS for d in post["deliveries"])
    assert all(d["attempts"] == 0 and d["remote_url"] is None for d in post["deliveries"])

    shown = json.loads(cli("queue", "show", str(post_id), "--json").stdout)
    assert shown["media"][0]["alt_text"] == "A LEGO technician at a server rack"
    assert shown["deliveries"][0]["events"][0]["kind"] == "created"
    with open_store(studio_home) as store:
        [item] = store.posts.get(post_id).media
        assert store.media.path(item.media).read_bytes() == photo.read_bytes()

    text = cli("queue", "show", str(post_id))
    assert "it-bsky (bluesky): queued" in text.stdout
    cancelled = cli("queue", "cancel", str(post_id))
    assert cancelled.returncode == 0
    again = json.loads(cli("queue", "list", "--json").stdout)
    assert {d["state"] for p in again if p["id"] == post_id for d in p["deliveries"]} == {"cancelled"}
    twice = cli("queue", "cancel", str(post_id))
    assert twice.returncode == 1
    assert "cannot go from cancelled to cancelled" in twice.stderr


def test_queue_add_refuses_an_image_without_alt_text_or_a_broken_image(cli: Cli, tmp_path: Path) -> None:
    _add_accounts(cli)
    photo = tmp_path / "p.jpg"
    Image.new("RGB", (64, 64), "blue").save(photo)
    no_alt = cli("queue", "add", "--account", "it-masto", "--text", "hi", "--image", str(photo))
    assert no_alt.returncode == 1
    assert "error: it-masto (Mastodon), picture 1: has no alt text" in no_alt.stderr
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(photo.read_bytes()[:200])
    bad = cli("queue", "add", "--account", "it-masto", "--text", "hi", "--image", str(broken), "--alt", "x")
    assert bad.returncode == 1
    assert "error: broken.jpg: not a readable image" in bad.stderr
    unknown = cli("queue", "add", "--account", "nobody", "--text", "hi")
    assert unknown.returncode == 1
    assert "known accounts: it-bsky, it-masto" in unknown.stderr
    empty = cli("queue", "add", "--account", "it-masto", "--text", "   ")
    assert "the post's text is empty" in empty.stderr
    for result in (no_alt, bad, unknown, empty):
        assert "Traceback" not in result.stderr
    assert json.loads(cli("queue", "list", "--json").stdout) == []


def test_review_flow_without_solo_mode(cli: Cli) -> None:
    _add_accounts(cli)
    assert "solo mode off" in cli("queue", "solo", "off").stdout
    added = cli("queue", "add", "--account", "it-bsky", "--text", "Tech Tip Tuesday")
    assert "waits for review" in added.stderr
    post_id = added.stdout.strip()
    assert json.loads(cli("queue", "list", "--json").stdout)[0]["status"] == "in_review"
    assert cli("queue", "approve", post_id).stdout.strip() == f"post {post_id}: scheduled"


def test_handover_sheet_markdown_and_html(cli: Cli, tmp_path: Path) -> None:
    _add_accounts(cli)
    notes = tmp_path / "notes.txt"
    notes.write_text("Brand guide: the comms drive. Call the help desk for 2FA resets.")
    md = cli("accounts", "handover", "--out", str(tmp_path / "sheet.md"), "--team-notes-file", str(notes))
    assert md.returncode == 0, md.stderr
    html = cli("accounts", "handover", "--out", str(tmp_path / "sheet.html"))
    assert html.returncode == 0, html.stderr
    sheet_md = (tmp_path / "sheet.md").read_text()
    sheet_html = (tmp_path / "sheet.html").read_text()
    for sheet in (sheet_md, sheet_html):
        assert "it-masto" in sheet
        assert "it-bsky" in sheet
        assert "account:1" in sheet
        assert "Call the help desk for 2FA resets." in sheet  # the notes were kept for the second run
        assert all(s not in sheet for s in SECRETS)
    assert "| Owner | Ana |" in sheet_md


def test_a_corrupt_workspace_is_refused_with_the_fix(cli: Cli, studio_home: Path) -> None:
    studio_home.mkdir(parents=True)
    (studio_home / "studio.db").write_bytes(b"garbage" * 1000)
    result = cli("queue", "list")
    assert result.returncode == 1
    assert "is not a Studio database" in result.stderr
    assert "`studio restore` lists the backups" in result.stderr
    assert "Traceback" not in result.stderr
    assert (studio_home / "studio.db").read_bytes() == b"garbage" * 1000


def test_queue_add_fixes_a_long_text_as_a_thread_per_network(cli: Cli, studio_home: Path) -> None:
    _add_accounts(cli)
    paragraph = "The campus Wi-Fi controllers are upgraded tonight; expect short drops in every building. "
    body = paragraph * 4 + "Updates follow here."  # ~380 characters: over Bluesky's 300, under Mastodon's 500
    added = cli("queue", "add", "--account", "it-masto", "--account", "it-bsky", "--text", body)
    assert added.returncode == 0, added.stderr
    with open_store(studio_home) as store:
        deliveries = {d.network: d for d in store.posts.get(int(added.stdout)).deliveries}
    assert [p.text for p in deliveries["mastodon"].parts] == [body]
    bluesky = [p.text for p in deliveries["bluesky"].parts]
    assert len(bluesky) == 2
    assert bluesky[0].endswith(" 1/2")
    assert bluesky[1].endswith(" 2/2")
    assert " ".join(part.rsplit(" ", 1)[0] for part in bluesky).split() == body.split()
    # Each part has its own stable keys, fixed now, so a resumed thread never re-posts an earlier part.
    assert len({p.record_key for p in deliveries["bluesky"].parts}) == 2
