"""Server URLs Studio accepts, and reading a server's wait from its rate-limit headers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from studio.errors import InputError
from studio.publish.http import check_server_url, reset_wait


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://social.example.edu/", "https://social.example.edu"),
        ("  https://social.example.edu/api/  ", "https://social.example.edu/api"),
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
        ("http://localhost:8080/", "http://localhost:8080"),
        ("http://[::1]:9000", "http://[::1]:9000"),
    ],
)
def test_https_and_loopback_http_are_accepted(given: str, expected: str) -> None:
    assert check_server_url(given) == expected


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("http://social.example.edu", "plain http"),
        ("http://10.0.0.5:3000", "plain http"),
        ("ftp://social.example.edu", "not a web address"),
        ("social.example.edu", "not a web address"),
        ("https://user:pw@social.example.edu", "user name or password"),
        ("http://user:pw@social.example.edu", "user name or password"),
    ],
)
def test_other_urls_are_refused_with_the_reason(given: str, why: str) -> None:
    with pytest.raises(InputError) as caught:
        check_server_url(given)
    assert why in caught.value.why
    assert caught.value.what == "instance URL"
    assert ":pw@" not in caught.value.line()  # a password in the URL is never repeated back


def test_reset_wait_reads_iso_times_epoch_seconds_deltas_and_http_dates() -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC).timestamp()
    assert reset_wait("2026-11-22T12:05:00.000Z", now=now) == 300
    assert reset_wait(str(int(now) + 90), now=now) == 90
    assert reset_wait("30", now=now) == 30
    assert reset_wait("Sun, 22 Nov 2026 12:01:00 GMT", now=now) == 60
    assert reset_wait("2026-11-22T11:00:00Z", now=now) == 0  # already past: no wait
    assert reset_wait("soon", now=now) is None
    assert reset_wait(None) is None
