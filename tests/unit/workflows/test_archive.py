"""The archive: FTS5 search over what was actually published, exports, and the schedule as ICS."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from studio.errors import InputError
from studio.store import Account, NewPost, PostStatus, Store
from studio.workflows.archive import plain_query, search_archive
from studio.workflows.exports import export_csv, export_json, schedule_ics

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _publish(
    store: Store, text: str, accounts: tuple[Account, ...], parts: dict[str, tuple[str, ...]] | None = None
) -> int:
    post = store.posts.create(
        NewPost(text, tuple(a.id for a in accounts), parts=parts or {}), PostStatus.SCHEDULED, at=NOW
    )
    for d in store.deliveries.claim_due(NOW + timedelta(minutes=1), limit=10, claimer="test"):
        for part in d.parts:
            d = store.deliveries.record_part_sent(d, part.position, remote_id=f"r{d.id}-{part.position}")
        store.deliveries.mark_sent(
            d, remote_id=f"r{d.id}", remote_url=f"https://social.example/@it/{d.id}", at=NOW
        )
    return post.id


def test_search_finds_published_text_only(store: Store, masto: Account, bsky: Account) -> None:
    published = _publish(store, "Eduroam is back in the library. Thanks for your patience!", (masto, bsky))
    store.posts.create(
        NewPost("Eduroam maintenance next week", (masto.id,), scheduled_at=NOW + timedelta(days=3)),
        PostStatus.SCHEDULED,
    )
    hits = search_archive(store, "eduroam library")
    assert sorted(h.account for h in hits) == ["it-bsky", "it-masto"]
    assert {h.post_id for h in hits} == {published}
    assert all(h.remote_url.startswith("https://social.example/@it/") for h in hits)
    assert "[Eduroam]" in hits[0].snippet
    assert search_archive(store, "maintenance") == []  # scheduled, not published


def test_threads_are_searchable_across_parts_and_prefixes_and_accents_match(
    store: Store, masto: Account
) -> None:
    _publish(
        store, "x", (masto,), parts={"mastodon": ("Part one about the café network.", "Part two: passwords.")}
    )
    assert len(search_archive(store, "cafe passw")) == 1  # diacritics folded, last word a prefix
    assert search_archive(store, "passwords", limit=1)[0].text.splitlines() == [
        "Part one about the café network.",
        "Part two: passwords.",
    ]


def test_operators_in_plain_words_mean_nothing_and_raw_fts5_works(store: Store, masto: Account) -> None:
    _publish(store, "Wi-Fi NOT working in building A", (masto,))
    assert plain_query('wi-fi NOT "working') == '"wi" "fi" "NOT" "working"*'
    assert len(search_archive(store, "wi-fi NOT working")) == 1
    assert len(search_archive(store, "network:mastodon AND building", raw=True)) == 1
    assert search_archive(store, "building NOT working", raw=True) == []
    with pytest.raises(InputError, match=r'not a valid search.*"double quotes"'):
        search_archive(store, '"unclosed', raw=True)
    with pytest.raises(InputError, match="has no words"):
        search_archive(store, " -- ")


def test_a_cancelled_post_never_reaches_the_archive(store: Store, masto: Account) -> None:
    post = store.posts.create(NewPost("secret plans", (masto.id,)), PostStatus.SCHEDULED)
    store.posts.cancel(post.id)
    assert search_archive(store, "secret") == []


def test_exports_round_the_posts(store: Store, masto: Account, bsky: Account) -> None:
    published = _publish(store, 'Text with "quotes", commas\nand a second line', (masto, bsky))
    later = store.posts.create(
        NewPost("Later", (masto.id,), scheduled_at=NOW + timedelta(days=1), series="Tips"),
        PostStatus.SCHEDULED,
    )
    posts = [store.posts.get(published), store.posts.get(later.id)]
    rows = list(csv.DictReader(io.StringIO(export_csv(posts))))
    assert rows[0]["text"] == 'Text with "quotes", commas\nand a second line'
    assert rows[0]["accounts"] == "it-masto;it-bsky"
    assert rows[0]["published_urls"].count("https://social.example/") == 2
    assert (rows[1]["at"], rows[1]["series"], rows[1]["status"]) == (
        "2026-03-11T09:00:00Z",
        "Tips",
        "scheduled",
    )
    doc = json.loads(export_json(posts))
    assert [d["state"] for d in doc[0]["deliveries"]] == ["sent", "sent"]
    assert doc[1]["accounts"] == ["it-masto"]


def test_schedule_ics_is_valid_rfc5545(store: Store, masto: Account) -> None:
    long_text = "Planned maintenance; Moodle, Mahara and the library catalogue will be offline " * 3
    post = store.posts.create(
        NewPost(long_text, (masto.id,), scheduled_at=NOW + timedelta(days=2)), PostStatus.SCHEDULED
    )
    store.posts.create(NewPost("draft only", (masto.id,)))
    text = schedule_ics([store.posts.get(post.id), *store.posts.page()], now=NOW)
    physical = text.split("\r\n")
    assert (physical[0], physical[-2], physical[-1]) == ("BEGIN:VCALENDAR", "END:VCALENDAR", "")
    assert all(len(line.encode()) <= 75 for line in physical)
    assert text.count("BEGIN:VEVENT") == 2  # the post once per listing given, the draft never
    assert "DTSTART:20260312T090000Z" in physical
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Planned maintenance\\; Moodle\\, Mahara" in unfolded
    assert f"UID:post-{post.id}@studio.invalid" in unfolded
