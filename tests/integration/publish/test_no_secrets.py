"""No credential shows up in logs, errors, reprs or output, even when things go wrong."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from studio.errors import PublishError
from studio.publish import BlueskyPublisher, MastodonPublisher, PartInput, PostInput, Secret
from studio.publish.runner import Runner
from tests.integration.publish.conftest import PdsAccount, Workspace
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


@pytest.mark.expect_log
def test_runner_keeps_secrets_out_of_the_workspace_events_and_logs(
    workspace: Workspace, mastodon: MastodonServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    workspace.add_post("one")
    mastodon.fail_next(Fault("500"))
    report = Runner(workspace.store, credentials=workspace.credentials).run()
    mastodon.revoke("test-token")
    workspace.add_post("two")
    Runner(workspace.store, credentials=workspace.credentials).run()
    assert report.retrying  # the failure paths really ran
    events = [
        f"{e.kind} {e.detail}"
        for post in workspace.store.posts.page(limit=100)
        for d in post.deliveries
        for e in workspace.store.deliveries.events(d.id)
    ]
    errors = [d.last_error for post in workspace.store.posts.page(limit=100) for d in post.deliveries]
    files = b"".join(p.read_bytes() for p in workspace.home.rglob("*") if p.is_file())
    text = "\n".join([*events, *errors, caplog.text])
    for secret in workspace.secrets:
        assert secret not in text
        assert secret.encode() not in files
    assert b"eyJ" not in files  # no Bluesky session token on disk either
