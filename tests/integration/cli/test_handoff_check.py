"""The real run refuses what `publish-due --dry-run` reports: no Instagram folder without a picture."""

from __future__ import annotations

import json
from pathlib import Path

from studio.store import open_store
from tests.integration.cli.conftest import Cli

NEEDS_A_PICTURE = "part 1, images: Instagram posts need at least one image (add an image)"


def test_an_instagram_post_without_a_picture_fails_in_both_runs(
    cli: Cli, instagram: str, studio_home: Path
) -> None:
    with open_store(studio_home) as store:
        store.settings.update(solo_mode=True)
    post = cli("queue", "add", "--account", instagram, "--text", "Printers on floor 2 are back")
    assert post.returncode == 0, post.stderr
    dry = cli("publish-due", "--dry-run")
    assert dry.returncode == 1
    assert f"\tproblem: {NEEDS_A_PICTURE}" in dry.stdout.splitlines()
    real = cli("publish-due")
    assert real.returncode == 1
    assert NEEDS_A_PICTURE in real.stdout + real.stderr
    assert not (studio_home / "handoff").exists() or not any((studio_home / "handoff").iterdir())
    shown = json.loads(cli("queue", "show", post.stdout.strip(), "--json").stdout)
    (delivery,) = shown["deliveries"]
    assert delivery["state"] == "failed"
    assert NEEDS_A_PICTURE in delivery["last_error"]
    assert delivery["folder"] is None
