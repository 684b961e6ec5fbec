"""Importing posts from CSV: the documented columns, every bad row reported by line, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from studio.store import Account, PostStatus, Store
from studio.workflows.csv_import import import_csv
from studio.workflows.exports import export_csv
from studio.workflows.series import create_series

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


def test_good_rows_become_posts(store: Store, masto: Account, bsky: Account) -> None:
    create_series(
        store, "Tech Tips", every="tue", at=["10:00"], zone="Europe/Berlin", account_names=["it-masto"]
    )
    text = (
        "\ufefftext,accounts,at,status,series\n"
        '"Line one, with a comma\nand a second line",it-masto;IT-BSKY,2026-03-12T09:30,,\n'
        "Just a draft,it-masto,,,\n"
        "Tip: lock your screen,it-masto,,,tech tips\n"
    )
    report = import_csv(store, text, zone=BERLIN, now=NOW)
    assert (report.errors, report.rows, len(report.created)) == ((), 3, 3)
    first, second, third = (store.posts.get(i) for i in report.created)
    assert first.body == "Line one, with a comma\nand a second line"
    assert [d.account_name for d in first.deliveries] == ["it-masto", "it-bsky"]
    assert (first.status, first.scheduled_at) == (
        PostStatus.SCHEDULED,
        datetime(2026, 3, 12, 8, 30, tzinfo=UTC),
    )
    assert (second.status, second.scheduled_at) == (PostStatus.DRAFT, None)
    assert (third.series, store.series.backlog("Tech Tips")) == ("Tech Tips", [third.id])


def test_every_bad_row_is_reported_by_line_and_nothing_is_imported(store: Store, masto: Account) -> None:
    text = (
        "text,accounts,at,status\n"
        "fine,it-masto,,\n"
        ",it-masto,,\n"  # line 3
        "x,nobody;it-masto;it-masto,,\n"  # line 4
        "x,it-masto,yesterday,\n"  # line 5
        "x,it-masto,2020-01-01T10:00,\n"  # line 6
        "x,it-masto,,published\n"  # line 7
        "x,it-masto,,,extra\n"  # line 8
        '"multi\nline",,2026-03-29T02:30,\n'  # line 9-10: no account; a time the clocks skip
    )
    report = import_csv(store, text, zone=BERLIN, now=NOW)
    assert report.created == ()
    assert store.posts.count() == 0
    assert [e.describe() for e in report.errors] == [
        "line 3, text: is empty",
        "line 4, accounts: 'nobody' is not an account (see `studio accounts list`)",
        "line 4, accounts: 'it-masto' is given twice",
        "line 5, at: not an ISO 8601 time (write it like 2026-03-29T09:00 or 2026-03-29T09:00+02:00)",
        "line 6, at: 2020-01-01T10:00 is in the past",
        "line 7, status: 'published' is not draft or scheduled",
        "line 8: more cells than columns (a comma inside text needs the text in quotes)",
        "line 9, accounts: names no account (separate several with ;)",
        "line 9, at: does not exist in Europe/Berlin (the clocks skip it for summer time) "
        "(choose a time an hour later)",
    ]


def test_skip_bad_imports_the_good_rows(store: Store, masto: Account) -> None:
    report = import_csv(
        store, "text,accounts\nfine,it-masto\n,it-masto\n", zone=BERLIN, skip_bad=True, now=NOW
    )
    assert (len(report.created), [e.line for e in report.errors]) == (1, [3])


def test_header_problems(store: Store, masto: Account) -> None:
    report = import_csv(store, "body,account\nx,y\n", zone=BERLIN, now=NOW)
    assert [e.describe() for e in report.errors] == [
        "line 1: unknown column 'body' (known: text, accounts, at, status, series)",
        "line 1: unknown column 'account' (known: text, accounts, at, status, series)",
        "line 1: the column 'text' is missing",
        "line 1: the column 'accounts' is missing",
    ]
    assert [e.describe() for e in import_csv(store, "text,accounts\n", zone=BERLIN, now=NOW).errors] == [
        "line 2: no rows under the header"
    ]


def test_an_export_of_drafts_imports_again(store: Store, masto: Account) -> None:
    report = import_csv(store, "text,accounts\nHello,it-masto\n", zone=BERLIN, now=NOW)
    exported = export_csv([store.posts.get(report.created[0])])
    again = import_csv(store, exported, zone=BERLIN, now=NOW)
    assert again.errors == ()
    assert store.posts.get(again.created[0]).body == "Hello"


def test_a_scheduled_row_asks_the_guardrails(store: Store, masto: Account) -> None:
    text = (
        "text,accounts,at,status\n"
        "Printers are back,it-masto,2026-03-12T09:30,\n"
        "Mail jane.doe@example.edu for help,it-masto,2026-03-12T09:30,\n"  # line 3: personal data
        "Mail jane.doe@example.edu for help,it-masto,,draft\n"  # a draft is not going out yet
    )
    report = import_csv(store, text, zone=BERLIN, now=NOW)
    assert report.created == ()
    (error,) = report.errors
    assert error.line == 3
    assert error.describe().startswith("line 3: the text, characters 6-25: E-mail address in a public post")


def test_a_long_scheduled_row_is_stored_as_its_network_thread(store: Store, masto: Account) -> None:
    long_text = " ".join(["Printers on floor two are back."] * 30)  # 959 characters: two Mastodon posts
    report = import_csv(
        store, f"text,accounts,at\n{long_text},it-masto,2026-03-12T09:30\n", zone=BERLIN, now=NOW
    )
    assert report.errors == ()
    (delivery,) = store.posts.get(report.created[0]).deliveries
    assert len(delivery.parts) == 2
    assert all(len(part.text) <= 500 for part in delivery.parts)
