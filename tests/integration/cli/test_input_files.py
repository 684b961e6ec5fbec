"""Files and standard input a command reads: capped (never read whole), UTF-8 checked, BOM dropped.

`/dev/zero` is the endless input: each command must stop just past its cap with the limit in its one
error line, having stored nothing. A UTF-8 BOM (Windows Notepad) must not reach a post: X refuses it and
a handoff folder's caption.txt would start with it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.store import NewAccount, open_store
from tests.integration.cli.conftest import Cli, one_error_line

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def series(cli: Cli, instagram: str) -> str:
    created = cli("series", "create", "Tips", "--every", "tue", "--at", "10:00", "--account", instagram)
    assert created.returncode == 0, created.stderr
    return "Tips"


@pytest.mark.parametrize(
    ("args", "limit"),
    [
        (["queue", "add", "--account", "it-insta", "--text-file", "/dev/zero"], "1 MB"),
        (["series", "add", "Tips", "--text-file", "/dev/zero"], "1 MB"),
        (["archive", "import", "/dev/zero"], "64 MB"),
        (["series", "blackouts", "/dev/zero"], "16 MB"),
    ],
)
def test_an_endless_file_is_refused_at_its_cap(cli: Cli, series: str, args: list[str], limit: str) -> None:
    line = one_error_line(cli(*args, timeout=120))
    assert line == (
        f"error: {' '.join(args[-2:]) if args[-2].startswith('--') else args[-1]}: is larger than {limit} "
        f"(Studio reads at most {limit} from it) (give a smaller file, or split it)"
    )
    assert json.loads(cli("queue", "list", "--json").stdout) == []
    assert cli("series", "blackouts").stdout.startswith("no blackout days")


def test_standard_input_is_capped_too(cli: Cli, instagram: str) -> None:
    result = cli("queue", "add", "--account", instagram, "--text-file", "-", stdin=b"a" * 1_000_001)
    assert one_error_line(result) == (
        "error: standard input: is larger than 1 MB (Studio reads at most 1 MB from it) "
        "(give a smaller file, or split it)"
    )
    # At the read cap the input is read whole, and then refused as longer than any network's post.
    at_the_cap = cli("queue", "add", "--account", instagram, "--text-file", "-", stdin=b"a" * 1_000_000)
    assert one_error_line(at_the_cap) == (
        "error: standard input: is 1,000,000 characters long; no network takes more than 63,206 "
        "(shorten it, or make it several posts)"
    )


def test_bytes_that_are_not_utf8_are_named_by_offset(cli: Cli, instagram: str, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Caf\xe9 closed".encode("latin-1"))
    line = one_error_line(cli("queue", "add", "--account", instagram, "--text-file", str(latin1)))
    assert line == (
        f"error: --text-file {latin1}: is not UTF-8 text (byte 0xe9 at offset 3) (save the text as UTF-8)"
    )
    folder = one_error_line(cli("series", "blackouts", str(tmp_path)))
    assert (
        folder
        == f"error: {tmp_path}: cannot be read (Is a directory) (check the path and that you may read it)"
    )


def test_a_bom_in_a_file_or_on_stdin_never_reaches_the_post(
    cli: Cli, series: str, tmp_path: Path, studio_home: Path
) -> None:
    with open_store(studio_home) as store:
        store.accounts.add(NewAccount("threads", "it-threads"))  # a handoff network: its caption.txt
        store.settings.update(solo_mode=True)  # no review: the posts go out with `publish-due`
    notepad = tmp_path / "notepad.txt"
    notepad.write_bytes(BOM + b"Printers on floor 2 are back\r\n")
    from_file = cli("queue", "add", "--account", "it-threads", "--text-file", str(notepad))
    from_stdin = cli("queue", "add", "--account", "it-threads", "--text-file", "-", stdin=BOM + b"From stdin")
    episode = cli("series", "add", series, "--text-file", str(notepad))
    for result in (from_file, from_stdin, episode):
        assert result.returncode == 0, result.stderr
    texts = {p["id"]: p["text"] for p in json.loads(cli("queue", "list", "--json").stdout)}
    assert sorted(texts.values()) == [
        "From stdin",
        "Printers on floor 2 are back",
        "Printers on floor 2 are back",
    ]
    published = cli("publish-due")
    assert published.returncode == 0, published.stderr
    captions = sorted(studio_home.glob("handoff/*/caption.txt"))
    assert len(captions) == 2
    for caption in captions:
        assert not caption.read_bytes().startswith(BOM)


def test_a_calendar_with_a_bom_from_stdin(cli: Cli) -> None:
    calendar = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Break\r\nDTSTART;VALUE=DATE:20991221\r\n"
        "DTEND;VALUE=DATE:21000105\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = cli("series", "blackouts", "-", "--calendar", "term", stdin=BOM + calendar.encode())
    assert result.returncode == 0, result.stderr
    assert cli("series", "blackouts").stdout.strip() == "2099-12-21\t2100-01-05\tterm\tBreak"
