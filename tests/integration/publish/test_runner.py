"""The runner against a real workspace, the real keyring, the loopback Mastodon server and the real PDS."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from PIL import Image

from studio.publish.factory import Publishers
from studio.publish.health import check_accounts
from studio.publish.lock import PublishLock
from studio.publish.runner import Runner, RunOptions, backoff
from studio.store import AccountOptions, DeliveryState, NewAccount, PostStatus
from studio.store.times import now_utc
from tests.integration.publish.conftest import Workspace
from tests.keyring_helpers import forget_session, set_secret
from tests.servers.mastodon_server import Fault, MastodonServer
from tests.servers.pds_process import PdsInfo


def _runner(ws: Workspace, clock: Callable[[], datetime] = now_utc, **options: float) -> Runner:
    chosen = RunOptions(**options)  # type: ignore[arg-type]
    return Runner(ws.store, credentials=ws.credentials, options=chosen, clock=clock, rng=random.Random(5))


def _bsky_texts(pds: PdsInfo, did: str) -> list[str]:
    answer = httpx.get(
        f"{pds.url}/xrpc/com.atproto.repo.listRecords",
        params={"repo": did, "collection": "app.bsky.feed.post", "limit": "100", "reverse": "true"},
    )
    return [r["value"]["text"] for r in answer.json()["records"]]


def test_due_posts_go_out_to_both_networks_and_the_archive_keeps_the_urls(
    workspace: Workspace, mastodon: MastodonServer, pds: PdsInfo, jpeg: Callable[..., bytes]
) -> None:
    single = workspace.add_post("Printers on floor 2 are back", images=((jpeg(), "A printer"),))
    thread = workspace.add_post("1/2 Email is slow", "2/2 Fixed now, thanks for your patience")
    later = workspace.add_post("Not yet", at=now_utc() + timedelta(hours=2))

    report = _runner(workspace).run()

    assert len(report.sent) == 4
    assert report.ok
    assert [s.text for s in mastodon.statuses()] == [
        "Printers on floor 2 are back", "1/2 Email is slow", "2/2 Fixed now, thanks for your patience",
    ]  # fmt: skip
    assert len(mastodon.statuses()[0].media_ids) == 1
    did = workspace.store.accounts.get(workspace.bsky.id).handle
    texts = _bsky_texts(pds, _did(pds, did))
    assert sorted(texts) == sorted(s.text for s in mastodon.statuses())
    for post_id in (single, thread):
        for delivery in workspace.deliveries(post_id).values():
            assert delivery.state is DeliveryState.SENT
            assert delivery.remote_url
            assert all(part.sent and part.remote_id for part in delivery.parts)
    kinds = [e.kind for e in workspace.store.deliveries.events(workspace.deliveries(thread)["mastodon"].id)]
    assert kinds == ["created", "claimed", "part_sending", "part_sent", "part_sending", "part_sent", "sent"]
    assert {d.state for d in workspace.deliveries(later).values()} == {DeliveryState.QUEUED}


def test_a_picture_with_a_template_goes_out_branded_as_the_preview_shows_it(
    workspace: Workspace, mastodon: MastodonServer, pds: PdsInfo
) -> None:
    wide = Image.new("RGB", (3000, 1000), (40, 120, 60))
    buffer = io.BytesIO()
    wide.save(buffer, "JPEG", quality=90)
    post = workspace.add_post(
        "Printers are back",
        images=((buffer.getvalue(), "Printers"),),
        template="photo",
        caption="Back on floor 2",
    )

    report = _runner(workspace).run()

    assert len(report.sent) == 2, report
    [status] = mastodon.statuses()
    _alt, focus, data = mastodon.media_description(status.media_ids[0])
    with Image.open(io.BytesIO(data)) as sent:
        assert sent.size == (1600, 900)  # the mastodon format, not the 3:1 original
        band = sent.convert("RGB").crop((0, 800, 400, 900)).resize((1, 1)).getpixel((0, 0))
    assert isinstance(band, tuple)
    assert band[2] > band[0] + 30  # the kit's blue caption band, not the green photo
    assert focus == (0.0, 0.0)  # the centre focus stays in the centre of the rendered picture
    record_uri = workspace.deliveries(post)["bluesky"].parts[0].remote_id or ""  # at://did/collection/rkey
    did, _, rkey = record_uri.removeprefix("at://").partition("/app.bsky.feed.post/")
    record = httpx.get(
        f"{pds.url}/xrpc/com.atproto.repo.getRecord",
        params={"repo": did, "collection": "app.bsky.feed.post", "rkey": rkey},
    ).json()["value"]
    assert record["embed"]["images"][0]["aspectRatio"] == {"width": 1600, "height": 900}


def test_retryable_failure_backs_off_then_goes_out_once(
    workspace: Workspace, mastodon: MastodonServer
) -> None:
    post = workspace.add_post("Wi-Fi maintenance", accounts=(workspace.masto,))
    mastodon.fail_next(Fault("500"))
    start = now_utc()

    first = _runner(workspace, clock=lambda: start).run()

    [delivery] = workspace.deliveries(post).values()
    assert delivery.state is DeliveryState.RETRYING
    assert "HTTP 500" in first.retrying[0][1]
    assert start + timedelta(seconds=30) <= delivery.next_attempt_at <= start + timedelta(seconds=60)
    assert _runner(workspace, clock=lambda: start + timedelta(seconds=10)).run().sent == []  # not yet due

    later = _runner(workspace, clock=lambda: start + timedelta(minutes=2)).run()

    assert len(later.sent) == 1
    assert len(mastodon.statuses()) == 1
    assert [e.kind for e in workspace.store.deliveries.events(delivery.id)] == [
        "created", "claimed", "part_sending", "retry", "claimed", "part_sending", "part_sent", "sent",
    ]  # fmt: skip


def test_rate_limit_wait_from_the_server_is_honoured_by_all_of_the_accounts_posts(
    workspace: Workspace, mastodon: MastodonServer
) -> None:
    posts = [
        workspace.add_post(f"Exam results portal, note {n}", accounts=(workspace.masto,)) for n in range(3)
    ]
    mastodon.fail_next(Fault("429", seconds=7200))
    start = now_utc()
    _runner(workspace, clock=lambda: start).run()
    for post in posts:
        [delivery] = workspace.deliveries(post).values()
        assert delivery.state is DeliveryState.RETRYING
        assert delivery.next_attempt_at is not None
        assert delivery.next_attempt_at - start >= timedelta(seconds=7100)
    # After the first 429 the account's other posts were not even tried: no hammering a server that said wait.
    assert [p for m, p, _ in mastodon.requests() if m == "POST"] == ["/api/v1/statuses"]


def test_backoff_doubles_is_capped_has_jitter_and_respects_the_server() -> None:
    options = RunOptions(base_delay=60, max_delay=3600)
    rng = random.Random(1)
    delays = [backoff(n, options, None, rng) for n in range(1, 10)]
    assert all(30 <= d <= 3600 for d in delays)
    assert delays[0] <= 60 < delays[3]
    assert max(delays[6:]) <= 3600
    assert len({round(d) for d in delays[6:]}) > 1  # jitter
    assert backoff(1, options, 5000.0, rng) == 5000.0


def test_too_many_attempts_fail_for_good(workspace: Workspace, mastodon: MastodonServer) -> None:
    post = workspace.add_post("Server room tour", accounts=(workspace.masto,))
    start = now_utc()
    for hour in range(3):
        mastodon.fail_next(Fault("500"))
        _runner(workspace, clock=lambda h=hour: start + timedelta(hours=h), max_attempts=3).run()
    [delivery] = workspace.deliveries(post).values()
    assert delivery.state is DeliveryState.FAILED
    assert delivery.last_error.startswith("gave up after 3 attempts")
    assert mastodon.statuses() == []


def test_auth_failure_flags_the_account_and_other_accounts_go_on(
    workspace: Workspace, mastodon: MastodonServer
) -> None:
    first = workspace.add_post("One")
    second = workspace.add_post("Two")
    mastodon.revoke("test-token")

    report = _runner(workspace).run()

    assert report.reconnect == ["it-masto"]
    assert not report.ok
    account = workspace.store.accounts.get(workspace.masto.id)
    assert account.needs_reconnect
    assert "access token" in account.reconnect_reason
    for post_id in (first, second):
        deliveries = workspace.deliveries(post_id)
        assert deliveries["mastodon"].state is DeliveryState.FAILED
        assert deliveries["bluesky"].state is DeliveryState.SENT
    requests = [p for m, p, _ in mastodon.requests() if m == "POST"]
    assert requests == ["/api/v1/statuses"]  # after the first refusal, the account is left alone


def test_thread_failing_midway_resumes_at_the_failed_part(
    workspace: Workspace, mastodon: MastodonServer
) -> None:
    post = workspace.add_post("1/3 a", "2/3 b", "3/3 c", accounts=(workspace.masto,))
    mastodon.fail_next(Fault("drop-after-create", after=1), Fault("500", after=1))
    start = now_utc()
    _runner(workspace, clock=lambda: start).run()  # part 2 is created but the answer is lost
    [delivery] = workspace.deliveries(post).values()
    assert [p.sent for p in delivery.parts] == [True, False, False]

    _runner(workspace, clock=lambda: start + timedelta(hours=1)).run()  # part 2 found again, part 3 fails
    _runner(workspace, clock=lambda: start + timedelta(hours=2)).run()

    statuses = mastodon.statuses()
    assert [s.text for s in statuses] == ["1/3 a", "2/3 b", "3/3 c"]
    assert [s.in_reply_to_id for s in statuses] == [None, statuses[0].id, statuses[1].id]
    assert workspace.deliveries(post)["mastodon"].state is DeliveryState.SENT


def test_missed_window_sends_late_posts_and_keeps_old_ones_for_the_user(
    workspace: Workspace, mastodon: MastodonServer
) -> None:
    start = now_utc()  # the default late window: 24 hours
    late = workspace.add_post("Late but fine", accounts=(workspace.masto,), at=start - timedelta(hours=3))
    old = workspace.add_post("Too old", accounts=(workspace.masto,), at=start - timedelta(days=3))

    dry = _runner(workspace, clock=lambda: start).due()
    assert [(d.action, d.problems) for d in dry] == [("missed", ()), ("send", ())]
    assert mastodon.requests() == []  # a dry run sends nothing

    heard: list[str] = []
    report = _runner(workspace, clock=lambda: start).run(lambda kind, _id, _detail: heard.append(kind))

    assert heard == ["missed", "sent"]  # told as it happened
    assert [s.text for s in mastodon.statuses()] == ["Late but fine"]
    assert report.missed == [workspace.deliveries(old)["mastodon"].id]
    assert workspace.deliveries(old)["mastodon"].state is DeliveryState.MISSED
    assert workspace.deliveries(late)["mastodon"].state is DeliveryState.SENT


def test_a_second_runner_finds_the_lock_taken_and_does_nothing(
    workspace: Workspace, mastodon: MastodonServer
) -> None:
    workspace.add_post("Only once", accounts=(workspace.masto,))
    with PublishLock(workspace.home) as lock:
        assert lock.acquire()
        assert _runner(workspace).run().busy
    assert mastodon.statuses() == []
    assert len(_runner(workspace).run().sent) == 1


def test_handoff_account_gets_a_ready_folder_that_waits_for_the_person(
    workspace: Workspace, jpeg: Callable[..., bytes]
) -> None:
    insta = workspace.store.accounts.add(NewAccount("instagram", "it-insta"))
    post = workspace.add_post("Meet the help desk #LEGO", accounts=(insta,), images=((jpeg(), "Figures"),))

    report = _runner(workspace).run()

    assert report.sent == []
    [(delivery_id, where)] = report.handed_off
    folder = Path(where)
    assert sorted(p.name for p in folder.iterdir()) == [
        "01.jpg", "README.txt", "alt-text.txt", "caption.txt",
    ]  # fmt: skip
    assert folder.parent == workspace.home / "handoff"
    assert f"studio queue done {post} --account it-insta" in (folder / "README.txt").read_text()
    delivery = workspace.deliveries(post)["instagram"]
    assert (delivery.id, delivery.state, delivery.remote_id) == (delivery_id, DeliveryState.HANDED_OFF, where)
    assert workspace.store.posts.get(post).status is PostStatus.SCHEDULED
    kinds = [e.kind for e in workspace.store.deliveries.events(delivery_id)]
    assert kinds == ["created", "claimed", "part_sent", "handed_off"]

    # The person deletes the folder (or edits it): later runs never write it again, nor touch the delivery.
    (folder / "caption.txt").write_text("edited on the phone\n")
    (folder / "01.jpg").unlink()
    for _ in range(2):
        again = _runner(workspace, clock=lambda: now_utc() + timedelta(days=3)).run()
        assert (again.sent, again.handed_off, again.failed, again.missed) == ([], [], [], [])
    assert sorted(p.name for p in folder.iterdir()) == ["README.txt", "alt-text.txt", "caption.txt"]
    assert [e.kind for e in workspace.store.deliveries.events(delivery_id)] == kinds
    assert list(folder.parent.iterdir()) == [folder]  # no partial folder left beside it

    workspace.store.deliveries.confirm_handoff(delivery_id, remote_url="https://www.instagram.com/p/Lego1/")
    assert workspace.store.posts.get(post).status is PostStatus.PUBLISHED
    [entry] = workspace.store.archive.search("help desk")
    assert (entry.network, entry.remote_url) == ("instagram", "https://www.instagram.com/p/Lego1/")


def test_accounts_check_records_health_and_mastodon_limits(
    workspace: Workspace, mastodon: MastodonServer
) -> None:
    mastodon.state.max_characters = 1000
    results = {r.name: r for r in check_accounts(workspace.store, Publishers(workspace.credentials))}
    assert results["it-masto"].ok
    assert results["it-bsky"].ok
    masto = workspace.store.accounts.get(workspace.masto.id)
    assert masto.options.max_characters == 1000
    assert masto.last_checked_at is not None

    mastodon.revoke("test-token")
    set_secret(workspace.bsky.id, "a-wrong-app-password")
    forget_session(workspace.bsky.id)
    results = {r.name: r for r in check_accounts(workspace.store, Publishers(workspace.credentials))}
    assert results["it-masto"].needs_reconnect
    assert results["it-bsky"].needs_reconnect
    assert workspace.store.accounts.get(workspace.bsky.id).needs_reconnect


def _did(pds: PdsInfo, handle: str) -> str:
    answer = httpx.get(f"{pds.url}/xrpc/com.atproto.identity.resolveHandle", params={"handle": handle})
    return str(answer.json()["did"])


def test_a_missing_image_file_fails_the_delivery_with_a_clear_reason(
    workspace: Workspace, mastodon: MastodonServer, jpeg: Callable[..., bytes]
) -> None:
    post = workspace.add_post("With a photo", accounts=(workspace.masto,), images=((jpeg(), "A photo"),))
    for original in (workspace.home / "media").rglob("*.jpg"):
        original.unlink()

    report = _runner(workspace).run()

    [(_, why)] = report.failed
    assert "cannot be read" in why
    assert "import the picture again" in why
    assert workspace.deliveries(post)["mastodon"].state is DeliveryState.FAILED
    assert mastodon.statuses() == []


def test_a_part_lost_in_flight_is_found_even_after_mastodon_forgot_its_key(
    workspace: Workspace, mastodon: MastodonServer
) -> None:
    mastodon.state.idempotency_ttl = 0  # the laptop comes back after Mastodon's hour is over
    post = workspace.add_post("1/2 outage", "2/2 all fixed", accounts=(workspace.masto,))
    mastodon.fail_next(Fault("drop-after-create", after=1))
    start = now_utc()
    _runner(workspace, clock=lambda: start).run()
    assert len(mastodon.statuses()) == 2  # part 2 is out there, unrecorded

    _runner(workspace, clock=lambda: start + timedelta(hours=2)).run()

    statuses = mastodon.statuses()
    assert [s.text for s in statuses] == ["1/2 outage", "2/2 all fixed"]
    delivery = workspace.deliveries(post)["mastodon"]
    assert delivery.state is DeliveryState.SENT
    assert [p.remote_id for p in delivery.parts] == [s.id for s in statuses]


def test_a_delivery_that_failed_before_sending_is_not_looked_up(
    workspace: Workspace, mastodon: MastodonServer, jpeg: Callable[..., bytes]
) -> None:
    post = workspace.add_post("With a chart", accounts=(workspace.masto,), images=((jpeg(), "A chart"),))
    mastodon.fail_next(Fault("500", path="/api/v2/media"))  # the upload fails: no status was attempted
    start = now_utc()
    _runner(workspace, clock=lambda: start).run()

    _runner(workspace, clock=lambda: start + timedelta(hours=1)).run()

    assert workspace.deliveries(post)["mastodon"].state is DeliveryState.SENT
    assert len(mastodon.statuses()) == 1
    looked = [
        p
        for m, p, _ in mastodon.requests()
        if p.endswith("/source") or (p.endswith("/statuses") and m == "GET")
    ]
    assert looked == []  # nothing to look for: the status request never went out


def test_dry_run_names_what_the_account_would_refuse(
    workspace: Workspace, jpeg: Callable[..., bytes]
) -> None:
    workspace.store.accounts.update(workspace.masto.id, options=AccountOptions(max_characters=20))
    workspace.add_post("This is longer than twenty characters", accounts=(workspace.masto,))
    broken = workspace.add_post("Photo", accounts=(workspace.masto,), images=((jpeg(), "A photo"),))
    for original in (workspace.home / "media").rglob("*.jpg"):
        original.unlink()

    items = {item.delivery_id: item for item in _runner(workspace).due()}

    problems = [p for item in items.values() for p in item.problems]
    assert any("characters" in p and "allows 20" in p for p in problems)
    assert any("cannot be read" in p for p in items[workspace.deliveries(broken)["mastodon"].id].problems)
    assert all(d.state is DeliveryState.QUEUED for d in workspace.deliveries(broken).values())
