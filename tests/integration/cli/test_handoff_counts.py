"""`publish-due --dry-run` counts a handoff post as its network does, not as raw characters."""

from __future__ import annotations

from pathlib import Path

from studio.store import NewAccount, NewPost, PostStatus, open_store
from studio.text import count
from tests.integration.cli.conftest import Cli

_LINK = "https://intranet.example.edu/it/services/printing/floor-2/status?building=main&view=full&lang=en"
# 419 characters as written; X counts each link as 23: 190 of 280.
LINKS = f"Printers on floor 2 are back. Status: {_LINK} Guide: {_LINK}/guide More: {_LINK}/faq Thanks."
# 200 characters as written; X weighs each CJK character 2: 400 of 280.
HEAVY = "打" * 200


def _scheduled(studio_home: Path, text: str) -> None:
    """An X post stored as one part, straight through the store (as a post made before the guardrails)."""
    with open_store(studio_home) as store:
        store.settings.update(solo_mode=True)
        account = store.accounts.add(NewAccount("x", f"it-x-{len(text)}"))
        store.posts.create(
            NewPost(text, account_ids=(account.id,), parts={"x": (text,)}), PostStatus.SCHEDULED
        )


def test_links_count_23_in_the_dry_run(cli: Cli, studio_home: Path) -> None:
    assert len(LINKS) > 280 >= count(LINKS, "x").length
    _scheduled(studio_home, LINKS)
    dry = cli("publish-due", "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "problem" not in dry.stdout


def test_the_dry_run_says_the_weighted_count(cli: Cli, studio_home: Path) -> None:
    counted = count(HEAVY, "x")
    assert len(HEAVY) <= 280 < counted.length
    _scheduled(studio_home, HEAVY)
    dry = cli("publish-due", "--dry-run")
    assert dry.returncode == 1, dry.stdout + dry.stderr
    problems = [line for line in dry.stdout.splitlines() if "problem:" in line]
    # The guardrails' own words (`queue add` refuses it with the same): counted by X's weights.
    assert problems == [
        f"\tproblem: part 1, caption: {counted.length - 280} over the limit of 280 (shorten it)"
    ]
