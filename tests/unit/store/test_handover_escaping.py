"""Issue 12 item 4: the Markdown handover sheet shows what people typed as typed, as the HTML one does."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from studio.store import NewAccount, Store
from studio.store.handover import HandoverSheet, render_markdown

OWNER = "Ana <img src=x onerror=alert(1)> **boss**"
NOTES = "see [the wiki](javascript:alert(1)) | ![x](https://tracker.example/p.gif) &lt;\n# not a heading"
TEAM = "Line one\n```\n<script>alert(1)</script>\n````"


def _markdown(store: Store) -> str:
    account = store.accounts.add(
        NewAccount("mastodon", "it_masto*", "@it@uni.social", "https://uni.social", OWNER, NOTES)
    )
    sheet = HandoverSheet(
        accounts=store.accounts.list(),
        has_credential={account.id: True},
        team_notes=TEAM,
        generated_at=datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
        zone=UTC,
    )
    return render_markdown(sheet)


def test_markdown_escapes_owner_and_notes(store: Store) -> None:
    text = _markdown(store)
    assert not re.search(r"(?<!\\)<img", text)  # raw HTML would be rendered by a Markdown viewer
    assert "\\<img src=x onerror=alert\\(1\\)\\> \\*\\*boss\\*\\*" in text
    assert "[the wiki](javascript" not in text  # no live link
    assert "![x](" not in text  # no remote image
    assert "\\&lt;" in text  # an entity typed stays the characters typed
    assert "\n# not a heading" not in text  # the notes stay on their row
    assert "| Notes | see \\[the wiki\\]" in text
    assert "## it\\_masto\\*" in text


def test_markdown_team_notes_are_shown_as_typed_in_a_fence_longer_than_any_inside(store: Store) -> None:
    text = _markdown(store)
    block = text.split("## Team notes\n\n", 1)[1]
    assert block.startswith("`````text\nLine one\n```\n<script>alert(1)</script>\n````\n`````\n")
