"""No credential shows up in logs, errors, reprs or output, even when things go wrong."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from studio.errors import PublishError
from studio.publish import BlueskyPublisher, MastodonPublisher, PartInput, PostInput, Secret
from tests.integration.publish.conftest import PdsAccount
from tests.servers.mastodon_server import Fault, MastodonServer
from tests.servers.pds_process import PdsInfo

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.mark.expect_log
def test_secrets_never_reach_logs_errors_or_output(
    mastodon: MastodonServer,
    pds: PdsInfo,
    pds_account: Callable[[str], PdsAccount],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)  # httpx and httpcore log every request at DEBUG
    token = "mastodon-secret-token-4f1c"
    mastodon.add_token(token, "news")
    account = pds_account("secret")
    texts: list[str] = []
    post = PostInput((PartInput("hello", "k-1"),), NOW)

    masto = MastodonPublisher(mastodon.url, Secret(token), account_name="news")
    mastodon.fail_next(Fault("500"), Fault("429", seconds=5), Fault("drop-after-create", after=2))
    for _ in range(4):
        try:
            masto.publish(post, [], lambda part: None)
        except PublishError as error:
            texts += [str(error), repr(error), error.line()]
    mastodon.revoke(token)
    with pytest.raises(PublishError) as revoked:
        masto.publish(post, [], lambda part: None)
    texts += [str(revoked.value), repr(masto.__dict__), repr(masto.verify())]
    masto.close()

    sky = BlueskyPublisher(pds.url, account.handle, Secret(account.app_password), account_name="news")
    sky.publish(post, [], lambda part: None)
    texts.append(repr(sky.__dict__))
    wrong = BlueskyPublisher(pds.url, account.handle, Secret("wrong-app-password-9d2e"))
    with pytest.raises(PublishError) as refused:
        wrong.publish(post, [], lambda part: None)
    texts += [str(refused.value), repr(wrong.__dict__)]
    sky.close()
    wrong.close()

    out = capsys.readouterr()
    everything = "\n".join([*texts, caplog.text, out.out, out.err])
    assert "HTTP Request" in caplog.text  # the logs were really captured
    for secret in (token, account.app_password, "wrong-app-password-9d2e"):
        assert secret not in everything
    assert "eyJ" not in everything  # no JWT (Bluesky session tokens) either
