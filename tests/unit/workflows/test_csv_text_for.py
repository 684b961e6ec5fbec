"""A text per network in CSV (Issue 13.3): `text_<network>` columns out and in, through the guardrails."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from studio.store import Account, NewPost, PostStatus, Store
from studio.workflows.csv_import import import_csv
from studio.workflows.exports import EXPORT_COLUMNS, TEXT_FOR_COLUMNS, export_csv, export_json

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=1)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_every_network_has_a_column_after_the_text() -> None:
    assert TEXT_FOR_COLUMNS == (
        "text_x",
        "text_mastodon",
        "text_bluesky",
        "text_threads",
        "text_linkedin",
        "text_facebook",
        "text_instagram",
    )
    assert (
        EXPORT_COLUMNS[EXPORT_COLUMNS.index("text") + 1 : EXPORT_COLUMNS.index("accounts")]
        == TEXT_FOR_COLUMNS
    )


def test_own_texts_go_out_and_come_back_unchanged(store: Store, masto: Account, bsky: Account) -> None:
    own = {
        "mastodon": '=HYPERLINK("http://evil.example/","x") is a formula, not a link',
        "bluesky": 'Short,\n"quoted" and on two lines 🦋',
    }
    scheduled = store.posts.create(
        NewPost("Printers are back", (masto.id, bsky.id), scheduled_at=LATER, text_for=own),
        PostStatus.SCHEDULED,
        at=NOW,
    )
    draft = store.posts.create(
        NewPost("-5 degrees: heating off", (masto.id,), text_for={"bluesky": "@later"})
    )
    exported = export_csv([store.posts.get(scheduled.id), store.posts.get(draft.id)])
    rows = _rows(exported)
    # Spreadsheets must not run a network's text either (issue 12): a leading quote, taken off on import.
    assert rows[0]["text_mastodon"] == "'" + own["mastodon"]
    assert rows[0]["text_bluesky"] == own["bluesky"]
    assert (rows[0]["text_x"], rows[1]["text_bluesky"], rows[1]["text"]) == (
        "",
        "'@later",
        "'-5 degrees: heating off",
    )

    report = import_csv(store, exported, zone=UTC, now=NOW)
    assert report.errors == ()
    first, second = (store.posts.get(i) for i in report.created)
    assert (first.body, dict(first.text_for), first.status, first.scheduled_at) == (
        "Printers are back",
        own,
        PostStatus.SCHEDULED,
        LATER,
    )
    assert {d.network: [p.text for p in d.parts] for d in first.deliveries} == {
        "mastodon": [own["mastodon"]],
        "bluesky": [own["bluesky"]],
    }
    assert (second.body, dict(second.text_for), second.status) == (
        "-5 degrees: heating off",
        {"bluesky": "@later"},  # a draft keeps a network's text for an account chosen later
        PostStatus.DRAFT,
    )
    again = _rows(export_csv([first, second]))
    assert [_without_id(r) for r in again] == [_without_id(r) for r in rows]  # every cell as it was


def _without_id(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if k != "id"}


def test_a_network_s_own_text_is_checked_on_import(store: Store, masto: Account, bsky: Account) -> None:
    text = (
        "text,text_mastodon,text_bluesky,accounts,at\n"
        "Fine for all,Mail jane.doe@example.edu,,it-masto;it-bsky,2026-03-11T09:00\n"  # line 2
        "Fine for all,,Also fine,it-masto,2026-03-11T09:00\n"  # line 3: nobody on Bluesky
        "Fine for all,,Kept for later,it-masto,\n"  # line 4: a draft may keep it
    )
    report = import_csv(store, text, zone=UTC, now=NOW)
    assert report.created == ()
    described = [e.describe() for e in report.errors]
    assert len(described) == 2, described
    assert described[0].startswith("line 2: the text for mastodon, characters ")
    assert described[1] == (
        "line 3, text_bluesky: none of the row's accounts is on Bluesky "
        "(add a Bluesky account to `accounts`, or leave text_bluesky empty)"
    )
    assert store.posts.count() == 0


def test_an_unknown_network_column_names_the_known_ones(store: Store, masto: Account) -> None:
    report = import_csv(store, "text,text_myspace,accounts\nHi,Hey,it-masto\n", zone=UTC, now=NOW)
    assert [e.describe() for e in report.errors] == [
        "line 1: unknown column 'text_myspace' ('myspace' is not a network; known: "
        + ", ".join(TEXT_FOR_COLUMNS)
        + ")"
    ]


def test_json_export_gives_the_own_texts_and_each_delivery_s_text(
    store: Store, masto: Account, bsky: Account
) -> None:
    post = store.posts.create(NewPost("For all", (masto.id, bsky.id), text_for={"bluesky": "For Bluesky"}))
    (doc,) = json.loads(export_json([store.posts.get(post.id)]))
    assert doc["text_for"] == {"bluesky": "For Bluesky"}
    assert [(d["network"], d["text"]) for d in doc["deliveries"]] == [
        ("mastodon", "For all"),
        ("bluesky", "For Bluesky"),
    ]
