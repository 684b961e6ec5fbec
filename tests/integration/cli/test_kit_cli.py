"""`studio kit list|new|use|show` on a real workspace (Issue 14 item 1): one kit per workspace, checked."""

from __future__ import annotations

import json
from pathlib import Path

from studio.store import open_store
from studio.workflows.kits import workspace_kit
from tests.integration.cli.conftest import Cli


def test_a_new_kit_is_copied_chosen_and_used(cli: Cli, studio_home: Path) -> None:
    listed = cli("kit", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    [bundled] = json.loads(listed.stdout)
    assert (bundled["id"], bundled["in_use"], bundled["bundled"]) == ("campus-it", True, True)

    made = cli("kit", "new", "ours")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "kits/ours"
    toml = studio_home / "kits" / "ours" / "kit.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace('name = "Campus IT"', 'name = "Our Desk"').replace("#1D3F72", "#7A1F5C"))
    assert not list((studio_home / "kits").glob(".ours-*"))  # no scratch copy left behind

    chosen = cli("kit", "use", "ours")
    assert chosen.returncode == 0, chosen.stderr
    shown = json.loads(cli("kit", "show", "--json").stdout)
    assert (shown["id"], shown["name"], shown["colours"]["primary"]) == ("kits/ours", "Our Desk", "#7A1F5C")
    with open_store(studio_home) as store:
        assert workspace_kit(store).colour("primary") == (0x7A, 0x1F, 0x5C)
    rows = {row["id"]: row["in_use"] for row in json.loads(cli("kit", "list", "--json").stdout)}
    assert rows == {"campus-it": False, "kits/ours": True}


def test_a_broken_kit_is_refused_with_file_key_and_fix_and_the_current_one_stays(
    cli: Cli, studio_home: Path
) -> None:
    assert cli("kit", "new", "broken").returncode == 0
    toml = studio_home / "kits" / "broken" / "kit.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"#1D3F72"', '"navy-ish"'), encoding="utf-8")
    refused = cli("kit", "use", "broken")
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr
    assert "kit.toml" in refused.stderr
    assert "primary" in refused.stderr
    assert json.loads(cli("kit", "show", "--json").stdout)["id"] == "campus-it"
    listed = {row["id"]: row for row in json.loads(cli("kit", "list", "--json").stdout)}
    assert "primary" in listed["kits/broken"]["problem"]  # listed, and said why it is broken


def test_bad_names_and_outside_folders_are_refused_with_the_fix(
    cli: Cli, studio_home: Path, tmp_path: Path
) -> None:
    bad = cli("kit", "new", "../escape")
    assert bad.returncode == 1
    assert "not a usable kit name" in bad.stderr
    assert not (studio_home.parent / "escape").exists()
    assert cli("kit", "new", "ours").returncode == 0
    again = cli("kit", "new", "ours")
    assert again.returncode == 1
    assert "already has a kit" in again.stderr
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    refused = cli("kit", "use", str(studio_home / "kits" / "ours" / ".." / ".." / ".." / "elsewhere"))
    assert refused.returncode == 1
    assert "studio kit new" in refused.stderr or "no such kit" in refused.stderr
    unknown = cli("kit", "use", "nope")
    assert unknown.returncode == 1
    assert "campus-it" in unknown.stderr  # the fix lists what there is
