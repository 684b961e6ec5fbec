"""What a server answers is read with care (issue 12 items 9 and 11), against the loopback Mastodon server:
an answer larger than Studio reads is refused with the limit named, and a redirect or a 431 is reported as
what it is, not as "the server refused the post, edit the post"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from studio.errors import FinalError, RetryableError
from studio.publish import MastodonPublisher, PartInput, PostInput, ReconnectNeeded, Secret
from studio.publish.http import MAX_ANSWER_BYTES
from tests.servers.mastodon_server import Fault, MastodonServer

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
_VERIFY = "/api/v1/accounts/verify_credentials"


@pytest.fixture
def publisher(mastodon: MastodonServer) -> Iterator[MastodonPublisher]:
    pub = MastodonPublisher(mastodon.url, Secret("test-token"), account_name="it-news", poll_interval=0.01)
    yield pub
    pub.close()


def _post(text: str = "The library Wi-Fi is back") -> PostInput:
    return PostInput((PartInput(text, "delivery-5-part-0"),), NOW)


@pytest.mark.parametrize(
    "fault",
    [
        # valid JSON, four times the limit, sent chunked: only counting what is read can stop it
        Fault("huge", method="GET", path=_VERIFY, size=4 * MAX_ANSWER_BYTES),
        # the 200 MB answer, announced by its Content-Length
        Fault(
            "huge", method="GET", path=_VERIFY, size=200_000_000, headers=(("Content-Length", "200000000"),)
        ),
    ],
    ids=["chunked", "content-length"],
)
def test_an_answer_larger_than_the_limit_is_refused_with_the_limit_named(
    mastodon: MastodonServer, publisher: MastodonPublisher, fault: Fault
) -> None:
    mastodon.fail_next(fault)

    with pytest.raises(RetryableError) as caught:
        publisher.verify()

    assert "larger than 4 MB" in caught.value.why
    assert publisher.verify().ok  # the connection is usable again: the next answer is read as usual


def test_an_answer_just_under_the_limit_is_read(
    mastodon: MastodonServer, publisher: MastodonPublisher
) -> None:
    mastodon.fail_next(Fault("huge", method="GET", path=_VERIFY, size=MAX_ANSWER_BYTES))

    assert publisher.verify().detail.startswith("signed in as @studio@")


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_a_bad_answer_to_try_again_not_a_refused_post(
    mastodon: MastodonServer, publisher: MastodonPublisher, status: int
) -> None:
    moved = (("Location", "https://elsewhere.example/api/v1/statuses"),)
    mastodon.fail_next(Fault("answer", status=status, payload={}, headers=moved))

    with pytest.raises(RetryableError) as caught:
        publisher.publish(_post(), [], lambda part: None)

    assert f"a redirect (HTTP {status} to 'elsewhere.example')" in caught.value.why
    assert "edit the post" not in caught.value.line()
    assert mastodon.statuses() == []
    [sent] = publisher.publish(_post(), [], lambda part: None)
    assert sent.remote_id == mastodon.statuses()[0].id


def test_431_is_a_request_problem_not_the_posts_text(
    mastodon: MastodonServer, publisher: MastodonPublisher
) -> None:
    mastodon.fail_next(Fault("answer", status=431, payload={"error": "Request Header Fields Too Large"}))

    with pytest.raises(FinalError) as caught:
        publisher.publish(_post(), [], lambda part: None)

    error = caught.value
    assert not isinstance(error, ReconnectNeeded)
    assert "HTTP 431" in error.why
    assert "not the post's text" in error.why
    assert "edit the post" not in error.line()


@pytest.mark.parametrize("status", [408, 425])
def test_a_request_timeout_is_retryable(
    mastodon: MastodonServer, publisher: MastodonPublisher, status: int
) -> None:
    mastodon.fail_next(Fault("answer", status=status, payload={"error": "try again"}))

    with pytest.raises(RetryableError) as caught:
        publisher.publish(_post(), [], lambda part: None)

    assert f"HTTP {status}" in caught.value.why
