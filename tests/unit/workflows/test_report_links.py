"""The monthly report links only to web addresses (issue 12 item 2, defence in depth): a link that reached the
database before Studio checked servers' answers is shown as text, never as an href."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from studio.store import Account, NewAccount, NewPost, PostStatus, Store
from studio.workflows.report import monthly_report

MARCH = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _published(store: Store, account: Account, url: str) -> None:
    store.posts.create(NewPost(f"Sent to {account.name}", (account.id,)), PostStatus.SCHEDULED, at=MARCH)
    for d in store.deliveries.claim_due(MARCH + timedelta(minutes=1), limit=10, claimer="t"):
        d = store.deliveries.record_part_sent(d, 0, remote_id=str(d.id))
        store.deliveries.mark_sent(d, remote_id=str(d.id), remote_url=url, at=MARCH)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)//",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "https:",
        "https://",
    ],
)
def test_a_stored_link_that_is_not_http_is_never_an_href(store: Store, masto: Account, url: str) -> None:
    _published(store, masto, url)

    html = monthly_report(store, "2026-03", UTC)

    assert re.findall(r"<a [^>]*>", html) == []
    assert "it-masto" in html


def test_web_addresses_stay_links(store: Store, masto: Account) -> None:
    local = store.accounts.add(NewAccount("mastodon", "it-local", instance_url="http://127.0.0.1:3000"))
    _published(store, masto, "https://social.example/@it/1")
    _published(store, local, "http://127.0.0.1:3000/@it/2")

    html = monthly_report(store, "2026-03", UTC)

    assert '<a href="https://social.example/@it/1">it-masto</a>' in html
    assert '<a href="http://127.0.0.1:3000/@it/2">it-local</a>' in html
