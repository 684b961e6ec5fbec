"""Numbers a person brings for handoff networks: typed for one post, or a CSV of many (all rows or none)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from studio.errors import InputError
from studio.listen.typed import add_numbers, import_numbers
from studio.store import NewAccount, NewPost, PostStatus, Store, open_store

_AT = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
_LINK = "https://www.instagram.com/p/abc/"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "ws") as opened:
        yield opened


def _delivery(store: Store, *, sent: bool = True, url: str = "") -> int:
    account = store.accounts.add(NewAccount("instagram", f"it-insta-{len(store.accounts.list())}"))
    [delivery] = store.posts.create(
        NewPost("Printers are back", (account.id,)), PostStatus.SCHEDULED
    ).deliveries
    if sent:
        with store.db.write() as conn:
            conn.execute(
                "UPDATE deliveries SET state = 'sent', sent_at = ?, remote_url = ? WHERE id = ?",
                ("2026-12-01T09:00:00Z", url, delivery.id),
            )
    return delivery.id


def test_typed_numbers_are_kept_with_the_link(store: Store) -> None:
    delivery = _delivery(store)
    counts = add_numbers(store, delivery, likes=40, reposts=3, replies=5, url=f" {_LINK} ", at=_AT)
    assert (counts.likes, counts.reposts, counts.replies, counts.quotes) == (40, 3, 5, None)
    assert store.metrics.latest([delivery])[delivery] == counts
    assert store.metrics.by_url([_LINK]) == {_LINK: delivery}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"delivery_id": 999}, "delivery 999"),
        ({"likes": -1}, "likes"),
        ({"url": "not a link"}, "link"),
        ({"url": "javascript:alert(1)"}, "link"),
    ],
)
def test_wrong_typed_numbers_name_the_field(store: Store, change: dict[str, object], field: str) -> None:
    delivery = _delivery(store)
    given: dict[str, object] = {"delivery_id": delivery, "likes": 1, "reposts": 0, "replies": 0, **change}
    with pytest.raises(InputError) as raised:
        add_numbers(store, **given)  # type: ignore[arg-type]
    assert raised.value.what == field
    assert store.metrics.latest([delivery]) == {}


def test_numbers_for_a_post_not_yet_published_are_refused(store: Store) -> None:
    waiting = _delivery(store, sent=False)
    with pytest.raises(InputError, match="not published"):
        add_numbers(store, waiting, likes=1, reposts=0, replies=0)


def test_a_csv_by_id_and_by_link_is_kept_whole(store: Store) -> None:
    first, second = _delivery(store), _delivery(store, url=_LINK)
    text = f"\ufeffDelivery_ID,url,likes,reposts,replies,quotes\n{first},,10,2,1,\n,{_LINK},7,0,3,1\n"
    report = import_numbers(store, text, at=_AT)
    assert (report.kept, report.errors) == (2, ())
    latest = store.metrics.latest([first, second])
    assert (latest[first].likes, latest[first].quotes) == (10, None)
    assert (latest[second].replies, latest[second].quotes) == (3, 1)


def test_one_bad_row_keeps_none_and_every_problem_is_named(store: Store) -> None:
    good = _delivery(store)
    text = (
        "delivery_id,url,likes,reposts,replies\n"
        f"{good},,10,2,1\n"
        "x1,,1,1,1\n"
        ",https://elsewhere.example/p/1,1,1,1\n"
        f"{good},,many,1,1\n"
        ",,1,1,1\n"
    )
    report = import_numbers(store, text)
    assert report.kept == 0
    assert [(p.line, p.column) for p in report.errors] == [
        (3, "delivery_id"), (4, "url"), (5, "likes"), (6, "delivery_id"),
    ]  # fmt: skip
    assert "line 5, likes: 'many' is not a count" in report.errors[2].describe()
    assert store.metrics.latest([good]) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("likes,reposts,replies\n1,1,1\n", "no delivery_id or url column"),
        ("delivery_id,likes\n1,1\n", "no reposts, replies column"),
        ("delivery_id,likes,reposts,replies\n", "no rows under the header"),
    ],
)
def test_a_csv_without_its_columns_or_rows_says_so(store: Store, text: str, message: str) -> None:
    report = import_numbers(store, text)
    assert report.kept == 0
    assert message in report.errors[0].describe()
