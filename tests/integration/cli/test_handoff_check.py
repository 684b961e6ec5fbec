"""The real run refuses what `publish-due --dry-run` reports: no Instagram folder without a picture.

`queue add` refuses such a post in the first place (the guardrails); the post here is one made before that,
or by a front end that did not ask, stored straight through the store.
"""

from __future__ import annotations

import json
from pathlib import Path

from studio.store import NewPost, PostStatus, open_store
from tests.integration.cli.conftest import Cli

# The guardrails' words: `queue add` refuses the same post with them.
NEEDS_A_PICTURE = "part 1, images: Instagram posts need at least one picture (add a picture)"


def test_an_instagram_post_without_a_picture_fails_in_both_runs(
    cli: Cli, instagram: str, studio_home: Path
) -> None:
    with open_store(studio_home) as store:
        store.settings.update(solo_mode=True)
        account = store.accounts.by_name(instagram)
        made = store.posts.create(
            NewPost("Printers on floor 2 are back", account_ids=(account.id,)), PostStatus.SCHEDULED
        )
    refused = cli("queue", "add", "--account", instagram, "--text", "Printers on floor 2 are back")
    assert refused.returncode == 1
    assert "Instagram posts need at least one picture" in refused.stderr
    dry = cli("publish-due", "--dry-run")
    assert dry.returncode == 1
    assert f"\tproblem: {NEEDS_A_PICTURE}" in dry.stdout.splitlines()
    real = cli("publish-due")
    assert real.returncode == 1
    assert NEEDS_A_PICTURE in real.stdout + real.stderr
    assert not (studio_home / "handoff").exists() or not any((studio_home / "handoff").iterdir())
    shown = json.loads(cli("queue", "show", str(made.id), "--json").stdout)
    (delivery,) = shown["deliveries"]
    assert delivery["state"] == "failed"
    assert NEEDS_A_PICTURE in delivery["last_error"]
    assert delivery["folder"] is None
