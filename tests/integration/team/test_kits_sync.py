"""Kits through a real PostgreSQL hub: a kit edited on one laptop draws on the other; a hostile bundle is
refused with nothing written outside the kit folder; two laptops editing one kit apart keep both."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from PIL import Image

from studio.brand import load_kit
from studio.brand.preview import Previewer
from studio.errors import ConfigError
from studio.store import NewPost, Store
from studio.team import create_team, join_team, sync_round
from studio.team.kitbundle import MAX_FILES, bundle_hash, read_bundle
from studio.workflows.kits import new_kit, use_kit, workspace_kit
from tests.conftest import REPO
from tests.keyring_helpers import KEYRING

Laptop = Callable[[str], Store]
NAVY = (0x1D, 0x3F, 0x72)  # the bundled kit's primary, which "ours" starts from
PLUM = (0x7A, 0x1F, 0x5C)
LIME = (0x3C, 0xE6, 0x14)
GREEN = (0x0B, 0x6E, 0x4F)


def _team_with_kit(laptop: Laptop, hub: str) -> tuple[Store, Store]:
    """alice makes kit "ours", uses it and makes a team; bob joins and gets the kit and the choice."""
    alice, bob = laptop("alice"), laptop("bob")
    new_kit(alice, "ours")
    use_kit(alice, "ours")
    create_team(alice, KEYRING, hub, "IT comms", "alice")
    join_team(bob, KEYRING, hub, "bob")
    return alice, bob


def _recolour(store: Store, kit: str, colour: tuple[int, int, int]) -> None:
    toml = store.workspace / "kits" / kit / "kit.toml"
    text = toml.read_text(encoding="utf-8")
    old = text.split('primary = "', 1)[1][:7]
    toml.write_text(text.replace(old, "#{:02X}{:02X}{:02X}".format(*colour)), encoding="utf-8")


def _card(store: Store) -> Image.Image:
    """The workspace kit's text card (the tip template: the primary colour behind, the logo bottom right)."""
    return (
        Previewer(workspace_kit(store), width=270).preview(None, "mastodon", "tip", "Tip #1\nRestart").image
    )


def _lime_share(image: Image.Image) -> float:
    data = image.convert("RGB").tobytes()
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    return sum(all(abs(a - b) <= 20 for a, b in zip(p, LIME, strict=True)) for p in pixels) / len(pixels)


def _near(pixel: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) <= 6 for a, b in zip(pixel[:3], colour, strict=True))


def test_a_kit_edited_on_alice_draws_with_its_new_colour_and_logo_on_bob(laptop: Laptop, hub: str) -> None:
    alice, bob = _team_with_kit(laptop, hub)
    assert bob.settings.get().kit == "kits/ours"  # the team's kit choice came with the kit
    before = _card(bob)
    assert _near(before.getpixel((before.width - 3, before.height // 2)), NAVY)

    folder = alice.workspace / "kits" / "ours"
    _recolour(alice, "ours", PLUM)
    toml = folder / "kit.toml"
    text = toml.read_text(encoding="utf-8").replace('logo_svg = "logo.svg"\n', "")
    toml.write_text(text.replace('logo = "logo.png"', 'logo = "logos/lime.png"'), encoding="utf-8")
    (folder / "logos").mkdir()
    Image.new("RGBA", (480, 160), (*LIME, 255)).save(folder / "logos" / "lime.png")
    sync_round(alice, KEYRING)
    sync_round(bob, KEYRING)

    after = _card(bob)
    assert _near(after.getpixel((after.width - 3, after.height // 2)), PLUM)
    assert _lime_share(after) > 0.01
    assert _lime_share(before) == 0
    assert read_bundle(bob.workspace / "kits" / "ours") == read_bundle(folder)
    # Nothing changed since: a round sends no new version.
    sync_round(bob, KEYRING)
    with psycopg.connect(hub) as conn:
        assert conn.execute("SELECT rev FROM studio.kits WHERE name = 'ours'").fetchone() == (2,)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("ours", "../x"),
        ("ours", "{tmp}/x"),
        ("ours", "fonts/../../x"),
        ("ours", "a\\..\\..\\x"),
        ("../x", "notes.txt"),
    ],
)
def test_a_hostile_kit_in_the_hub_is_refused_and_nothing_is_written_outside(
    laptop: Laptop, hub: str, name: str, path: str, tmp_path: Path
) -> None:
    path = path.format(tmp=tmp_path / "elsewhere")
    alice, bob = _team_with_kit(laptop, hub)
    kept = bundle_hash(read_bundle(bob.workspace / "kits" / "ours"))
    alice.posts.create(NewPost("Printers are back"))
    sync_round(alice, KEYRING)
    with psycopg.connect(hub) as conn:  # what a hostile or broken client could put in the hub
        conn.execute(
            "INSERT INTO studio.kits (name, rev, hash, size, updated_by, changed_seq) VALUES "
            "(%s, 9, 'x', 1, 'mallory', nextval('studio.change_seq')) ON CONFLICT (name) DO UPDATE SET "
            "rev = 9, changed_seq = excluded.changed_seq",
            (name,),
        )
        conn.execute(
            "INSERT INTO studio.kit_files (kit, rev, path, data) VALUES (%s, 9, 'kit.toml', 'name = \"x\"'), "
            "(%s, 9, %s, 'owned')",
            (name, name, path),
        )

    report = sync_round(
        bob, KEYRING
    )  # the round goes through (posts, series, publishing never wait on a kit)
    (line,) = report.refused  # ... and says, in one line, what it refused and what to do
    assert "could lead outside the kit folder" in line or "not a kit folder's name" in line
    assert "nothing of it was written" in line or "rename the kit" in line
    assert "version 9" in line
    # Nothing outside the kit folder, nothing half-written inside, the kit as it was; the post came through.
    root = bob.workspace.parent
    assert not list(root.rglob("x"))
    assert not (tmp_path / "elsewhere").exists()
    assert sorted(p.name for p in (bob.workspace / "kits").iterdir()) == ["ours"]
    assert bundle_hash(read_bundle(bob.workspace / "kits" / "ours")) == kept
    assert [p.body for p in bob.posts.page(limit=10)] == ["Printers are back"]
    assert sync_round(bob, KEYRING).refused == (line,)  # said again until a good version comes
    told = subprocess.run(
        [sys.executable, "-m", "studio", "sync"], cwd=REPO, capture_output=True, text=True, timeout=60,
        env={**os.environ, "STUDIO_HOME": str(bob.workspace)}, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert (told.returncode, told.stderr) == (0, f"warning: {line}\n")  # `studio sync` says it too
    if name == "ours":
        # alice edits the kit: her edit meets the broken version, is kept as a copy, and replaces it.
        _recolour(alice, "ours", PLUM)
        sync_round(alice, KEYRING)
        assert sorted(p.name for p in (alice.workspace / "kits").iterdir()) == ["ours", "ours-from-alice"]
        assert sync_round(alice, KEYRING).refused == ()
        assert sync_round(bob, KEYRING).refused == ()
        assert load_kit(bob.workspace / "kits" / "ours").colour("primary") == PLUM
        with psycopg.connect(hub) as conn:
            assert conn.execute("SELECT rev FROM studio.kits WHERE name = 'ours'").fetchone() == (10,)


def test_a_symbolic_link_in_a_kit_is_refused_with_the_fix_and_posts_still_sync(
    laptop: Laptop, hub: str, tmp_path: Path
) -> None:
    alice, bob = _team_with_kit(laptop, hub)
    (tmp_path / "secret.txt").write_text("not the team's", encoding="utf-8")
    (alice.workspace / "kits" / "ours" / "notes.txt").symlink_to(tmp_path / "secret.txt")
    alice.posts.create(NewPost("Printers are back"))
    (line,) = sync_round(alice, KEYRING).refused
    assert "notes.txt" in line
    assert "is a symbolic link" in line
    assert "replace the link by the file itself" in line
    sync_round(bob, KEYRING)
    assert [p.body for p in bob.posts.page(limit=10)] == ["Printers are back"]
    assert not (bob.workspace / "kits" / "ours" / "notes.txt").exists()


def test_two_laptops_editing_one_kit_apart_keep_both_versions(laptop: Laptop, hub: str) -> None:
    alice, bob = _team_with_kit(laptop, hub)
    _recolour(alice, "ours", PLUM)
    _recolour(bob, "ours", GREEN)
    sync_round(alice, KEYRING)  # alice's version reaches the hub first: it is the kit's next version
    sync_round(bob, KEYRING)  # bob's is kept as a kit of its own, and pushed
    sync_round(alice, KEYRING)

    for store in (alice, bob):
        kits = store.workspace / "kits"
        assert sorted(p.name for p in kits.iterdir()) == ["ours", "ours-from-bob"]
        assert load_kit(kits / "ours").colour("primary") == PLUM
        assert load_kit(kits / "ours-from-bob").colour("primary") == GREEN
    assert bob.settings.get().kit == "kits/ours"  # the team's kit stays the one in use
    assert _near(_card(bob).getpixel((260, 70)), PLUM)

    # The kit in use is the team's: bob switches to his version, and alice's laptop follows.
    use_kit(bob, "ours-from-bob")
    sync_round(bob, KEYRING)
    sync_round(alice, KEYRING)
    assert alice.settings.get().kit == "kits/ours-from-bob"
    assert _near(_card(alice).getpixel((260, 70)), GREEN)


def test_a_kit_past_the_bounds_is_not_sent_and_says_which_bound(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    for number in range(MAX_FILES + 1):
        (folder / f"{number}.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"has more than {MAX_FILES} files"):
        read_bundle(folder)
