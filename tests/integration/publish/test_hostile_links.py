"""Links and ids from a server's answer are checked (issue 12 item 2), against the loopback Mastodon server
answering hostile JSON: only https (http from a server on this machine) is taken as a post's link, and an
answer without a usable id or link is a bad answer (retryable), never recorded as sent."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from studio.errors import RetryableError
from studio.publish import MastodonPublisher, PartInput, PostInput, Secret, SentPart
from studio.publish.runner import Runner, RunOptions
from studio.store import DeliveryState
from studio.store.times import now_utc
from studio.workflows.report import monthly_report
from tests.integration.publish.conftest import Workspace
from tests.servers.mastodon_server import Fault, MastodonServer

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)

HOSTILE_LINKS = [
    "javascript:alert(1)//",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://files.example/x",
    "//evil.example/x",
    "/@studio/1",
    "https://",
    "https://evil.example/\n<script>",
    12345,
    ["https://ok.example/1"],
    {"href": "https://ok.example/1"},
    True,
]


@pytest.fixture
def publisher(mastodon: MastodonServer) -> Iterator[MastodonPublisher]:
    pub = MastodonPublisher(mastodon.url, Secret("test-token"), account_name="it-news", poll_interval=0.01)
    yield pub
    pub.close()


def _post(*texts: str, resumed: bool = False) -> PostInput:
    parts = tuple(PartInput(text, f"delivery-9-part-{i}") for i, text in enumerate(texts))
    return PostInput(parts, NOW, resumed=resumed, not_before=NOW - timedelta(days=1))


@pytest.mark.parametrize("link", HOSTILE_LINKS, ids=repr)
def test_a_link_that_is_not_https_is_a_bad_answer_and_the_retry_gets_the_real_one(
    mastodon: MastodonServer, publisher: MastodonPublisher, link: object
) -> None:
    mastodon.fail_next(Fault("tamper", payload={"url": link, "uri": link}))
    recorded: list[SentPart] = []
    post = _post("The library Wi-Fi is back")

    with pytest.raises(RetryableError) as caught:
        publisher.publish(post, [], recorded.append)

    assert recorded == []
    assert "not a web address Studio can link to" in caught.value.why
    [sent] = publisher.publish(post, [], recorded.append)  # same Idempotency-Key: the same status
    [status] = mastodon.statuses()
    assert sent == SentPart(0, status.id, mastodon.status_url(status))
    assert recorded == [sent]


@pytest.mark.parametrize(
    "answer",
    [
        {"id": None, "url": 12345},
        {"id": None},
        {"id": 110000000000000001},
        {"id": ""},
        {"id": "../../../api/v1/admin"},
        {"id": "1?x=2"},
        {"id": "x" * 200},
    ],
    ids=repr,
)
def test_a_status_without_a_usable_id_is_never_taken_as_sent(
    mastodon: MastodonServer, publisher: MastodonPublisher, answer: dict[str, object]
) -> None:
    mastodon.fail_next(Fault("tamper", payload=answer))
    recorded: list[SentPart] = []

    with pytest.raises(RetryableError) as caught:
        publisher.publish(_post("Printers are back"), [], recorded.append)

    assert recorded == []
    assert "Studio cannot use" in caught.value.why


def test_a_hostile_account_id_never_reaches_a_request_path(
    mastodon: MastodonServer, publisher: MastodonPublisher
) -> None:
    # A resumed delivery looks for its status among the account's own; the account id comes from the server.
    mastodon.fail_next(
        Fault("tamper", method="GET", path="/api/v1/accounts/verify_credentials", payload={"id": "../../x"})
    )

    with pytest.raises(RetryableError):
        publisher.publish(_post("Back online", resumed=True), [], lambda part: None)

    assert not [path for _, path, _ in mastodon.requests() if ".." in path or "/x/" in path]
    assert mastodon.statuses() == []


def test_a_hostile_status_found_on_resume_is_not_taken(
    mastodon: MastodonServer, publisher: MastodonPublisher
) -> None:
    publisher.publish(_post("Back online"), [], lambda part: None)  # sent; its answer was then lost
    mastodon.fail_next(
        Fault("tamper", method="GET", path="/api/v1/accounts/studio/statuses", payload={"url": "data:,x"})
    )

    with pytest.raises(RetryableError):
        publisher.publish(_post("Back online", resumed=True), [], lambda part: None)

    [found] = publisher.publish(_post("Back online", resumed=True), [], lambda part: None)
    [status] = mastodon.statuses()
    assert found.url == mastodon.status_url(status)


def _runner(ws: Workspace, clock: Callable[[], datetime]) -> Runner:
    options = RunOptions()
    return Runner(ws.store, credentials=ws.credentials, options=options, clock=clock, rng=random.Random(5))


def test_the_runner_never_stores_a_javascript_link_and_the_report_never_links_one(
    workspace: Workspace, mastodon: MastodonServer
) -> None:
    post = workspace.add_post("Wi-Fi maintenance tonight", accounts=(workspace.masto,))
    mastodon.fail_next(Fault("tamper", payload={"id": None, "url": "javascript:alert(1)//"}))
    start = now_utc()

    first = _runner(workspace, clock=lambda: start).run()

    [delivery] = workspace.deliveries(post).values()
    assert delivery.state is DeliveryState.RETRYING
    assert first.sent == []
    assert not delivery.remote_url
    assert not any(part.sent for part in delivery.parts)

    later = _runner(workspace, clock=lambda: start + timedelta(minutes=2)).run()

    [delivery] = workspace.deliveries(post).values()
    [status] = mastodon.statuses()
    assert delivery.state is DeliveryState.SENT
    assert delivery.remote_url == mastodon.status_url(status)
    assert [detail for _, detail in later.sent] == [delivery.remote_url]
    report = monthly_report(workspace.store, f"{start:%Y-%m}", UTC)
    assert "javascript:" not in report
    assert f'href="{mastodon.status_url(status)}"' in report
