"""The Mastodon publisher against the loopback Mastodon-API server, with faults injected."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from studio.errors import FinalError, RetryableError
from studio.publish import (
    ImageInput,
    MastodonPublisher,
    PartInput,
    PostInput,
    ReconnectNeeded,
    Secret,
    SentPart,
)
from tests.servers.mastodon_server import Fault, MastodonServer

TOKEN = "test-token"
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture
def publisher(mastodon: MastodonServer) -> Iterator[MastodonPublisher]:
    pub = MastodonPublisher(mastodon.url, Secret(TOKEN), account_name="it-news", poll_interval=0.01)
    yield pub
    pub.close()


def _post(*texts: str, images: tuple[ImageInput, ...] = (), **options: str) -> PostInput:
    parts = tuple(
        PartInput(text, f"delivery-7-part-{i}", images if i == 0 else ()) for i, text in enumerate(texts)
    )
    return PostInput(parts, NOW, **options)


def test_post_with_images_waits_for_processing_and_sends_alt_focus_cw_language(
    mastodon: MastodonServer, publisher: MastodonPublisher, jpeg: Callable[..., bytes]
) -> None:
    mastodon.set_processing_polls(2)  # each image answers 202, then 206 twice, then 200
    first, second = jpeg(), jpeg(colour=(0, 0, 255))
    images = (
        ImageInput(first, "The new service desk counter", 64, 48, focus=(0.25, 0.75)),
        ImageInput(second, "A blue test card", 64, 48),
    )
    post = _post(
        "Planned maintenance tonight 22:00-23:00",
        images=images,
        content_warning="maintenance",
        language="en",
        visibility="unlisted",
    )
    recorded: list[SentPart] = []

    result = publisher.publish(post, [], recorded.append)

    [status] = mastodon.statuses()
    assert status.text == "Planned maintenance tonight 22:00-23:00"
    assert (status.spoiler_text, status.language, status.visibility) == ("maintenance", "en", "unlisted")
    assert status.idempotency_key == "delivery-7-part-0"
    assert len(status.media_ids) == 2
    alt, focus, data = mastodon.media_description(status.media_ids[0])
    assert (alt, focus, data) == ("The new service desk counter", (-0.5, -0.5), first)
    assert mastodon.media_description(status.media_ids[1])[::2] == ("A blue test card", second)
    assert result == recorded == [SentPart(0, status.id, mastodon.status_url(status))]
    polls = [path for method, path, _ in mastodon.requests() if method == "GET" and "/media/" in path]
    assert len(polls) == 6  # per image: 206, 206, then 200; only then the status


def test_thread_replies_to_the_part_before(mastodon: MastodonServer, publisher: MastodonPublisher) -> None:
    recorded: list[SentPart] = []
    publisher.publish(_post("1/3 outage", "2/3 cause", "3/3 fixed"), [], recorded.append)

    statuses = mastodon.statuses()
    assert [s.text for s in statuses] == ["1/3 outage", "2/3 cause", "3/3 fixed"]
    assert [s.in_reply_to_id for s in statuses] == [None, statuses[0].id, statuses[1].id]
    assert [p.remote_id for p in recorded] == [s.id for s in statuses]


def test_resuming_a_thread_never_reposts_earlier_parts(
    mastodon: MastodonServer, publisher: MastodonPublisher
) -> None:
    mastodon.fail_next(Fault("500", after=1))  # part 1 goes out, part 2 meets a server error
    recorded: list[SentPart] = []
    post = _post("part one", "part two", "part three")
    with pytest.raises(RetryableError):
        publisher.publish(post, [], recorded.append)
    assert [s.text for s in mastodon.statuses()] == ["part one"]
    assert [p.index for p in recorded] == [0]

    publisher.publish(post, recorded, recorded.append)

    statuses = mastodon.statuses()
    assert [s.text for s in statuses] == ["part one", "part two", "part three"]
    assert statuses[1].in_reply_to_id == statuses[0].id
    assert [p.index for p in recorded] == [0, 1, 2]


def test_connection_dropped_after_the_status_was_created_does_not_post_twice(
    mastodon: MastodonServer, publisher: MastodonPublisher
) -> None:
    mastodon.fail_next(Fault("drop-after-create"))
    post = _post("Wi-Fi is back in the library")

    with pytest.raises(RetryableError) as caught:
        publisher.publish(post, [], lambda part: None)
    assert "broke off" in caught.value.why
    assert len(mastodon.statuses()) == 1  # the server did make it

    [again] = publisher.publish(post, [], lambda part: None)

    [status] = mastodon.statuses()
    assert again.remote_id == status.id


def test_slow_answer_times_out_then_the_retry_finds_the_same_status(mastodon: MastodonServer) -> None:
    quick = MastodonPublisher(
        mastodon.url, Secret(TOKEN), client=httpx.Client(timeout=0.3), poll_interval=0.01
    )
    mastodon.fail_next(Fault("slow", seconds=0.8))
    post = _post("VPN maintenance finished")
    with pytest.raises(RetryableError) as caught:
        quick.publish(post, [], lambda part: None)
    assert "did not answer in time" in caught.value.why

    [sent] = quick.publish(post, [], lambda part: None)
    quick.close()
    [status] = mastodon.statuses()
    assert sent.remote_id == status.id


def test_server_error_and_rate_limit_are_retryable_with_the_servers_wait(
    mastodon: MastodonServer, publisher: MastodonPublisher
) -> None:
    mastodon.fail_next(Fault("500"))
    with pytest.raises(RetryableError) as caught:
        publisher.publish(_post("x"), [], lambda part: None)
    assert "HTTP 500" in caught.value.why

    mastodon.fail_next(Fault("429", seconds=120))
    with pytest.raises(RetryableError) as limited:
        publisher.publish(_post("x"), [], lambda part: None)
    assert limited.value.retry_after is not None
    assert 100 < limited.value.retry_after <= 120
    assert "slow down" in limited.value.why
    assert mastodon.statuses() == []


def test_expired_token_asks_to_reconnect(mastodon: MastodonServer, publisher: MastodonPublisher) -> None:
    assert publisher.verify().ok
    mastodon.revoke(TOKEN)

    with pytest.raises(ReconnectNeeded) as caught:
        publisher.publish(_post("x"), [], lambda part: None)
    assert "reconnect" in caught.value.fix
    health = publisher.verify()
    assert not health.ok
    assert health.needs_reconnect
    assert TOKEN not in caught.value.line()
    assert TOKEN not in repr(publisher.__dict__)


def test_media_stuck_processing_is_retryable_and_posts_nothing(
    mastodon: MastodonServer, jpeg: Callable[..., bytes]
) -> None:
    mastodon.set_processing_polls(-1)
    stuck = MastodonPublisher(mastodon.url, Secret(TOKEN), poll_interval=0.01, processing_timeout=0.2)
    image = ImageInput(jpeg(), "a photo", 64, 48)
    with pytest.raises(RetryableError) as caught:
        stuck.publish(_post("with a photo", images=(image,)), [], lambda part: None)
    stuck.close()
    assert "still processing" in caught.value.why
    assert caught.value.retry_after == 60.0
    assert mastodon.statuses() == []


def test_rejected_post_is_final_with_the_servers_reason(
    mastodon: MastodonServer, publisher: MastodonPublisher
) -> None:
    with pytest.raises(FinalError) as caught:
        publisher.publish(_post("x" * 501), [], lambda part: None)
    assert "character limit of 500" in caught.value.why
    assert not isinstance(caught.value, RetryableError)


def test_limits_come_from_the_instance_and_check_uses_them(
    mastodon: MastodonServer, publisher: MastodonPublisher, jpeg: Callable[..., bytes]
) -> None:
    mastodon.state.max_characters = 40
    limits = publisher.fetch_limits()
    assert limits.max_characters == 40
    assert limits.description_limit == 1500
    assert type(limits).from_json(limits.to_json()) == limits

    fine = _post("See https://status.example.edu/a-very-long-path-indeed now")  # URL counts as 23
    assert publisher.check(fine) == []
    images = tuple(ImageInput(jpeg(), "" if i == 0 else "ok", 64, 48) for i in range(5))
    bad = _post("y" * 41, images=images)
    fields = {(p.part, p.field) for p in publisher.check(bad)}
    assert fields == {(0, "text"), (0, "images"), (0, "alt text of image 1")}
    assert mastodon.statuses() == []


def test_remote_mentions_count_as_the_user_part_only(publisher: MastodonPublisher) -> None:
    assert publisher.length("hi @helpdesk@social.example.edu") == len("hi @helpdesk")
    assert publisher.length("👩‍💻 ok") == 4  # one grapheme for the ZWJ sequence


def test_resumed_post_finds_its_status_after_mastodon_forgot_the_idempotency_key(
    mastodon: MastodonServer, publisher: MastodonPublisher
) -> None:
    mastodon.state.idempotency_ttl = 0  # the laptop came back after Mastodon's hour was over
    mastodon.fail_next(Fault("drop-after-create", after=1))
    post = _post("1/2 outage", "2/2 fixed")
    recorded: list[SentPart] = []
    with pytest.raises(RetryableError):
        publisher.publish(post, [], recorded.append)
    assert len(mastodon.statuses()) == 2  # part 2 is there, but was never recorded

    publisher.publish(replace(post, resumed=True), recorded, recorded.append)

    statuses = mastodon.statuses()
    assert [s.text for s in statuses] == ["1/2 outage", "2/2 fixed"]
    assert [p.remote_id for p in recorded] == [s.id for s in statuses]
    # Without the look-up, the expired key would have let the same part through twice:
    publisher.publish(post, recorded[:1], lambda part: None)
    assert [s.text for s in mastodon.statuses()].count("2/2 fixed") == 2


def test_resumed_post_does_not_mistake_an_older_identical_post_for_itself(
    mastodon: MastodonServer, publisher: MastodonPublisher
) -> None:
    weekly = PostInput((PartInput("Tech Tip Tuesday: lock your screen", "week-1"),), NOW)
    publisher.publish(weekly, [], lambda part: None)
    next_week = PostInput(
        (PartInput("Tech Tip Tuesday: lock your screen", "week-2"),),
        NOW,
        resumed=True,
        not_before=datetime.now(UTC) + timedelta(days=7),  # made after last week's went out
    )
    [sent] = publisher.publish(next_week, [], lambda part: None)
    assert len(mastodon.statuses()) == 2
    assert sent.remote_id == mastodon.statuses()[1].id
