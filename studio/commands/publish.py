"""`studio publish-due [--dry-run]`: publish every due delivery once (for cron or a systemd timer).

Exit status: 0 done (or nothing due), 1 a delivery failed for good or an account needs reconnecting, 2 bad
usage, and `EXIT_NO_KEYRING` (75, sysexits' EX_TEMPFAIL) when a due delivery needs a credential and there is
no usable OS keyring (cron: no D-Bus session). Then nothing at all is claimed or marked, handoffs included:
the store claims due deliveries of every network together, so a run cannot take the handoffs alone; the
next run with the keyring (the systemd user timer, the app) publishes everything. A workspace whose due
deliveries are all handoffs needs no keyring and runs as usual.
"""

from __future__ import annotations

import argparse
from datetime import timedelta
from functools import partial
from typing import Any

ORDER = 50
EXIT_NO_KEYRING = 75  # EX_TEMPFAIL: nothing was done; a run that can reach the keyring (or hub) will do it


def register(subparsers: Any) -> None:
    """Add `publish-due`."""
    parser = subparsers.add_parser(
        "publish-due",
        help="publish every due post now (run it from cron or a systemd timer)",
        description="Publish every due delivery exactly once. Posts whose time passed longer ago than the "
        "workspace's late window are marked missed and wait for you instead. Afterwards, if `studio alerts "
        "email` is set, it e-mails each new failure and account to reconnect once.",
        epilog="Exit status: 0 done, 1 a post failed or an account needs reconnecting, 2 bad usage, "
        f"{EXIT_NO_KEYRING} no usable OS keyring (e.g. cron without a D-Bus session): nothing was changed.",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what is due and what would be refused; send nothing"
    )
    parser.add_argument(
        "--late-window",
        type=_hours,
        metavar="HOURS",
        help="posts late by more than this are marked missed instead of sent (default: the workspace's "
        "setting, 24 hours unless changed)",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    import sys

    from studio.publish.factory import confirm_command
    from studio.publish.runner import Runner, RunOptions
    from studio.store import open_store
    from studio.team import claim_strategy
    from studio.workflows.kits import workspace_kit

    with open_store() as store:
        if store.damage is not None:  # a damaged queue could say anything: say so before reading posts
            raise store.damage

        def show(kind: str, delivery_id: int, detail: str) -> None:
            # One line per delivery as it happens (flushed), so a cron log is complete even if the run is cut.
            if kind == "failed":
                print(f"error: delivery {delivery_id}: {detail}", file=sys.stderr, flush=True)
            elif kind == "missed":
                print(f"missed\t{delivery_id}\t{detail}; `studio queue retry` sends it", flush=True)
            elif kind == "handed_off":
                done = confirm_command(store.deliveries.get(delivery_id))
                print(f"handed_off\t{delivery_id}\t{detail}\tpost it by hand, then `{done}`", flush=True)
            else:
                print(f"{kind}\t{delivery_id}\t{detail}", flush=True)

        options = RunOptions(late_window=args.late_window)
        kit = partial(workspace_kit, store)  # pictures are drawn with the workspace's brand kit
        claimer = claim_strategy(store, args.credentials)  # a team workspace claims in its hub
        runner = Runner(store, credentials=args.credentials, options=options, kit=kit, claimer=claimer)
        if args.dry_run:
            return _dry_run(runner)
        blocked = _keyring_blocked(store, args.credentials, args.late_window)
        if blocked:
            print(f"error: {blocked}", file=sys.stderr)
            return EXIT_NO_KEYRING
        unsynced = _team_sync(store, args.credentials)
        if unsynced:
            print(f"error: {unsynced}", file=sys.stderr)
            return EXIT_NO_KEYRING
        report = runner.run(show)
        waiting = len(store.deliveries.awaiting_confirmation())
        if not report.busy:
            _alert(store, args.credentials)
    if report.busy:
        print("another `studio publish-due` (or the app) is publishing now; nothing to do", file=sys.stderr)
        return 0
    for name in report.reconnect:
        print(
            f"error: account {name} needs reconnecting (see `studio accounts check {name}`)", file=sys.stderr
        )
    if not (report.sent or report.handed_off or report.missed or report.retrying or report.failed):
        print("nothing due", file=sys.stderr)
    if waiting:
        print(
            f"{waiting} handoff folder(s) wait for you to post them and run `studio queue done` "
            "(see `studio queue list`)",
            file=sys.stderr,
        )
    return 0 if report.ok else 1


def _team_sync(store: Any, credentials: Any) -> str | None:
    """A team workspace syncs with its hub first; the line to print when it cannot (nothing is claimed)."""
    from studio.team import HubError, read_link, sync_round

    if read_link(store) is None:
        return None
    try:
        sync_round(store, credentials)
    except HubError as error:
        return f"{error.line()}; nothing was claimed (a team workspace publishes only through its hub)"
    return None


def _keyring_blocked(store: Any, credentials: Any, late_window: timedelta | None) -> str | None:
    """The one line to print when a due delivery needs a credential and the OS keyring is unusable."""
    import os

    from studio.errors import SecretStoreError
    from studio.platforms import network_by_id
    from studio.secrets import account_key
    from studio.store import DeliveryState, PostStatus
    from studio.store.times import now_utc

    now = now_utc()
    window = late_window or timedelta(minutes=store.settings.get().late_window_minutes)
    due = [
        d
        for post in store.posts.page(limit=100_000, statuses=[PostStatus.SCHEDULED])
        for d in post.deliveries
        if d.state is DeliveryState.SENDING  # a dead runner's claim, taken over by this run
        or (d.state in (DeliveryState.QUEUED, DeliveryState.RETRYING) and now - window <= d.due_at <= now)
    ]
    signing_in = [d for d in due if d.account_id is not None and network_by_id(d.network).has_api]
    if not signing_in:
        return None  # handoffs only (or nothing): no credential is read
    try:
        credentials.get(account_key(signing_in[0].account_id))
    except SecretStoreError as error:
        if os.name == "posix" and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            why = "there is no D-Bus session to reach it (cron runs jobs without one)"
        else:
            why = error.why
        count = f"{len(due)} due deliver{'y was' if len(due) == 1 else 'ies were'}"
        return (
            f"no usable OS keyring, so no account can be signed in: {why}; {count} left untouched "
            "(run publish-due from your systemd user timer, which has your session: see contrib/systemd/ "
            'and the README\'s "Publish what is due"; or unlock the keyring by logging in to the desktop)'
        )
    return None


def _alert(store: Any, credentials: Any) -> None:
    """E-mail new failures and accounts to reconnect (`studio alerts`); never changes the exit status."""
    import sys

    from studio.alerts import send_alerts
    from studio.errors import UserError
    from studio.publish.lock import PublishLock

    lock = PublishLock(store.workspace)
    if not lock.acquire():  # another run took over meanwhile: it (or the next run) sends them
        return
    try:
        line = send_alerts(store, credentials)
    except UserError as error:  # the server is down or refused; the keyring has no password
        print(f"warning: {error.line()}; the alert is tried again on the next run", file=sys.stderr)
    else:
        if line:
            print(line, file=sys.stderr)
    finally:
        lock.release()


def _hours(text: str) -> timedelta:
    try:
        hours = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of hours") from None
    if not 0 <= hours <= 24 * 365:
        raise argparse.ArgumentTypeError("give between 0 and 8760 hours")
    return timedelta(hours=hours)


def _dry_run(runner: Any) -> int:
    items = runner.due()
    if not items:
        print("nothing due")
        return 0
    blocked = 0
    for item in items:
        word = "would send" if item.action == "send" else "would mark missed"
        pictures = _pictures(runner.store, item.delivery_id)
        print(f"{word}\t{item.delivery_id}\t{item.account} ({item.network})\t{item.parts} part(s){pictures}")
        for problem in item.problems:
            blocked += 1
            print(f"\tproblem: {problem}")
    return 1 if blocked else 0


def _pictures(store: Any, delivery_id: int) -> str:
    """`\tN picture(s) as FORMAT WxH`: the format the delivery's pictures go out in ("" without pictures)."""
    from studio.errors import InputError
    from studio.platforms import network_by_id
    from studio.publish.images import delivery_format, uses_template

    delivery = store.deliveries.get(delivery_id)
    post = store.posts.get(delivery.post_id)
    if not post.media:
        return ""
    network = network_by_id(delivery.network)
    shapes = []
    for attached in post.media:
        if attached.template and not uses_template(attached.template):
            shapes.append("as made")  # a status card goes out as it was drawn
            continue
        try:
            fmt = delivery_format(network, attached.template, post.format_for.get(network.id, ""))
        except InputError:  # the delivery's problems say it
            continue
        shapes.append(f"{fmt.id} {fmt.width}x{fmt.height}" if fmt else "as made")
    shown = ", ".join(dict.fromkeys(shapes))
    return f"\t{len(post.media)} picture(s)" + (f" as {shown}" if shown else "")
