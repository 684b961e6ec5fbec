from __future__ import annotations

from datetime import UTC, datetime

from studio.store import NewAccount, Store
from studio.store.handover import HandoverSheet, render_html, render_markdown


def _sheet(store: Store) -> HandoverSheet:
    a = store.accounts.add(
        NewAccount("mastodon", "it-masto", "@it@uni.social", "https://uni.social", "Ana <ana@uni>", "2FA on")
    )
    b = store.accounts.add(NewAccount("instagram", "it-insta", owner=""))
    return HandoverSheet(
        accounts=store.accounts.list(),
        has_credential={a.id: True, b.id: False},
        team_notes="Brand guide: shared drive /comms.",
        generated_at=datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
        zone=UTC,
    )


def test_markdown_lists_every_account_and_where_its_credential_lives(store: Store) -> None:
    text = render_markdown(_sheet(store))
    assert "## it-masto" in text
    assert "## it-insta" in text
    assert "| Instance | https://uni.social |" in text
    assert "user `account:1`" in text
    assert "MISSING" in text  # it-insta has no keyring entry
    assert "nobody named" in text
    assert "Brand guide: shared drive /comms." in text


def test_html_escapes_what_users_typed(store: Store) -> None:
    page = render_html(_sheet(store))
    assert page.startswith("<!doctype html>")
    assert "Ana &lt;ana@uni&gt;" in page
    assert "<ana@uni>" not in page
    assert page.count("<table>") == 2
