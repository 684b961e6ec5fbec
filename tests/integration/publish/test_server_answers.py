"""What a server answers is read with care (issue 12 item 9), against the loopback Mastodon server: an answer
larger than Studio reads is refused with the limit named."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from studio.errors import RetryableError
from studio.publish import MastodonPublisher, PartInput, PostInput, Secret
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
