"""`studio text check|thread` run as a user runs them: a real subprocess, real stdin and stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO
from tests.unit.text.posts import MAINTENANCE_THREAD, OUTAGE, REPLY_BAD


def _studio(
    *args: str, stdin: str | None = None, extra: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *extra, "-m", "studio", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        encoding="utf-8",
    )


def test_check_json_reports_every_network_and_the_findings() -> None:
    result = _studio("text", "check", "--json", REPLY_BAD)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert set(doc["networks"]) == {
        "x",
        "mastodon",
        "bluesky",
        "threads",
        "linkedin",
        "facebook",
        "instagram",
    }
    x = doc["networks"]["x"]
    assert set(x) >= {"length", "limit", "remaining", "ok", "overflow_start"}
    assert x["limit"] == 280
    assert doc["networks"]["bluesky"]["byte_limit"] == 3000
    rules = {f["rule"] for f in doc["findings"]}
    assert {"support-in-public", "jargon"} <= rules
    first = doc["findings"][0]
    assert REPLY_BAD[first["start"] : first["end"]] == first["text"]


def test_check_exits_0_when_over_a_limit_and_reads_stdin() -> None:
    long_post = OUTAGE + " " + "More details follow soon. " * 12
    result = _studio("text", "check", "--network", "x", "--network", "bluesky", "-", stdin=long_post)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["network", "length", "limit", "left", "status"]
    assert lines[1].startswith("x ")
    assert "OVER" in lines[1]
    assert "from character" in lines[1]
    assert lines[2].startswith("bluesky ")
    assert not any(line.startswith("mastodon") for line in lines)


def test_bad_usage_exits_2() -> None:
    assert _studio("text", "check", "--network", "myspace", "hi").returncode == 2
    assert _studio("text", "thread", "hi").returncode == 2  # --network is required
    assert _studio("text").returncode == 2


def test_bad_kit_config_is_one_error_line(tmp_path: Path) -> None:
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "checks.toml").write_text("[thresholds]\nemoji_max = 'lots'\n", encoding="utf-8")
    result = _studio("text", "check", "--kit", str(kit), "hi")
    assert result.returncode == 1
    assert result.stderr.startswith("error: ")
    assert "thresholds.emoji_max" in result.stderr
    assert "Traceback" not in result.stderr


def test_thread_text_and_json() -> None:
    result = _studio("text", "thread", "--network", "x", "--numbering", MAINTENANCE_THREAD)
    assert result.returncode == 0, result.stderr
    parts = result.stdout.rstrip("\n").split("\n---\n")
    assert len(parts) == 2
    assert parts[0].endswith(" 1/2")
    as_json = json.loads(_studio("text", "thread", "--network", "x", "--json", MAINTENANCE_THREAD).stdout)
    assert as_json["network"] == "x"
    assert len(as_json["parts"]) == 2
    assert all(n <= 280 for n in as_json["lengths"])
    # The plain output is the split marker's own format: feeding it back gives the same parts.
    again = _studio("text", "thread", "--network", "x", "--json", "-", stdin=result.stdout)
    assert json.loads(again.stdout)["parts"] == parts


def test_text_command_imports_neither_qt_nor_pillow() -> None:
    code = (
        "import sys\n"
        "from studio.cli import main\n"
        "main(['text', 'check', '--json', 'Status: https://status.example.edu #ITStatus'])\n"
        "main(['text', 'thread', '--network', 'x', 'one two three'])\n"
        "heavy = sorted(m for m in sys.modules if m.startswith(('PySide6', 'PIL')))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "studio.text.counting" in imported
    assert not {name for name in imported if name.startswith(("PySide6", "PIL"))}


def test_stdin_that_is_not_utf8_is_one_error_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "studio", "text", "check", "-"],
        cwd=REPO,
        input=b"caf\xe9 is open",
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "error: standard input: is not UTF-8 text (byte 0xe9 at offset 3) (save the text as UTF-8)\n"
    )


def test_stdin_with_a_bom_is_counted_without_it() -> None:
    text = "Tech Tip Tuesday: lock your screen. #TechTipTuesday"
    result = subprocess.run(
        [sys.executable, "-m", "studio", "text", "check", "--network", "x", "--json", "-"],
        cwd=REPO,
        input=b"\xef\xbb\xbf" + text.encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["networks"]["x"]["length"] == len(text)


def test_endless_stdin_is_refused_at_its_cap() -> None:
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run(
            [sys.executable, "-m", "studio", "text", "thread", "--network", "x", "-"],
            cwd=REPO,
            stdin=zero,
            capture_output=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "error: standard input: is larger than 1 MB (Studio reads at most 1 MB from it) "
        "(give a smaller file, or split it)\n"
    )
