"""The inbox's workflow: fetch mentions, replies and quotes, read them safely, answer them in their thread.

    report = sync_inbox(store, credentials)          # every Mastodon and Bluesky account; never raises
    support, findings = classify(text)               # a support case? what personal data?
    shown_text(item)                                 # personal data masked unless reveal=True
    ready_reply(item, help_desk_url(store))          # to the help desk, no details in public
    post = reply(store, item.id, text)               # queued like any post, through the same guardrails
    done(store, item.id); assign(store, item.id, "kim"); mark_read(store, item.id)

Fetching stores each page as it arrives and moves the account's cursor after it, so a later failure loses
nothing already fetched and the next sync starts where this one stopped. A server that asks to slow down
(`RateLimited`) keeps that account waiting until its reset (`studio inbox sync` leaves it alone until then);
an account that cannot be reached or signed in to gives one line in the report, and the others go on.

A reply is a post on the item's account, due now; the publishers send it in the item's thread (the factory
finds the item by `store.inbox.by_reply_post`). On Mastodon it starts with the author's @handle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from studio.errors import InputError, UserError
from studio.listen.model import InboxSource, RateLimited
from studio.listen.support import address, classify, masked, ready_text
from studio.secrets import CredentialStore
from studio.store import Account, Post, Store
from studio.store.inbox import InboxItem
from studio.store.times import now_utc
from studio.text import CheckConfig

__all__ = [
    "NETWORKS",
    "InboxSyncReport",
    "SourceFactory",
    "assign",
    "checks_of",
    "classify",
    "default_source",
    "done",
    "help_desk_url",
    "mark_read",
    "ready_reply",
    "reply",
    "shown_text",
    "sync_inbox",
]

NETWORKS = ("mastodon", "bluesky")  # the networks whose inbox Studio reads
MAX_PAGES = 50  # pages read from one account in one sync (a long absence catches up over a few syncs)
SourceFactory = Callable[[Account, CredentialStore, Path], InboxSource]
Progress = Callable[[int, int], None]  # (accounts done, accounts to read)


@dataclass(frozen=True, slots=True)
class InboxSyncReport:
    """What a sync did: items new to the inbox, accounts that failed (name, one line), accounts waiting."""

    new: int
    errors: tuple[tuple[str, str], ...] = ()
    waiting: tuple[str, ...] = ()
    wait_until: tuple[tuple[str, datetime], ...] = ()  # each waiting account: not before (aware UTC)

    def summary(self) -> str:
        """One line for the CLI and the app's status bar."""
        parts = [f"{self.new} new item(s)"]
        if self.waiting:
            first = min(until for _name, until in self.wait_until) if self.wait_until else None
            when = f" until {first:%H:%M} UTC" if first is not None else ""
            parts.append(f"{len(self.waiting)} account(s) wait for their server{when}")
        if self.errors:
            parts.append(f"{len(self.errors)} account(s) failed")
        return "; ".join(parts)


def default_source(account: Account, credentials: CredentialStore, workspace: Path) -> InboxSource:
    """The network client that reads the account's mentions, replies and quotes."""
    if account.network == "mastodon":
        from studio.listen.mastodon_inbox import MastodonInbox

        return MastodonInbox(account, credentials, workspace)
    if account.network == "bluesky":
        from studio.listen.bluesky import BlueskyListener  # type: ignore[import-not-found, unused-ignore]

        source: InboxSource = BlueskyListener(account, credentials, workspace)
        return source
    raise UserError(f"account {account.name}", f"Studio cannot read replies from {account.network}", "")


def sync_inbox(
    store: Store,
    credentials: CredentialStore,
    *,
    progress: Progress | None = None,
    source_for: SourceFactory = default_source,
    now: datetime | None = None,
) -> InboxSyncReport:
    """Fetch what is new for every Mastodon and Bluesky account; never raises for one account's trouble."""
    moment = now or now_utc()
    accounts = [a for a in store.accounts.list() if a.network in NETWORKS]
    config = checks_of(store)
    new = 0
    errors: list[tuple[str, str]] = []
    waits: list[tuple[str, datetime]] = []
    for number, account in enumerate(accounts, 1):
        cursor, until = store.inbox.cursor(account.id)
        if until is not None and until > moment:
            waits.append((account.name, until))
        else:
            tally = [0]  # kept pages count even when a later page fails
            try:
                _sync_account(store, credentials, account, cursor, config, source_for, tally)
            except RateLimited as limited:
                store.inbox.set_cursor(account.id, None, wait_until=limited.until)
                waits.append((account.name, limited.until))
            except UserError as error:
                errors.append((account.name, error.line()))
            except OSError as error:  # a network failure a client did not map (it must not end the sync)
                errors.append((account.name, f"could not reach the server: {error.strerror or error}"))
            new += tally[0]
        if progress is not None:
            progress(number, len(accounts))
    return InboxSyncReport(new, tuple(errors), tuple(n for n, _ in waits), tuple(waits))


def _sync_account(
    store: Store,
    credentials: CredentialStore,
    account: Account,
    cursor: str | None,
    config: CheckConfig,
    source_for: SourceFactory,
    tally: list[int],
) -> None:
    """Page forward from `cursor`, keeping each page and the cursor after it; `tally[0]`: items new here."""
    source = source_for(account, credentials, store.workspace)
    try:
        for _ in range(MAX_PAGES):
            page = source.fetch(cursor)
            added = 0
            with store.db.write():  # a page and the cursor after it, together
                for mention in page.items:
                    support, findings = classify(mention.text, config)
                    added += store.inbox.add(account.id, mention, support=support, findings=findings)
                store.inbox.set_cursor(account.id, page.cursor)
            tally[0] += added
            if not page.items or page.cursor is None or page.cursor == cursor:
                break
            cursor = page.cursor
    finally:
        source.close()


# --- reading --------------------------------------------------------------------------------------------
def checks_of(store: Store) -> CheckConfig:
    """The workspace kit's content checks (the defaults when the kit has none or cannot be read)."""
    try:
        from studio.workflows.kits import workspace_kit

        return CheckConfig.load(workspace_kit(store).folder)
    except UserError:  # a broken kit or checks.toml: the inbox still reads, with the shipped checks
        return CheckConfig.load(None)


def help_desk_url(store: Store) -> str:
    """The kit's help-desk link ("" when the kit has none or cannot be read)."""
    try:
        from studio.workflows.kits import workspace_kit

        return workspace_kit(store).help_desk_url or checks_of(store).help_desk_url
    except UserError:
        return CheckConfig.load(None).help_desk_url


def shown_text(item: InboxItem, *, reveal: bool = False, config: CheckConfig | None = None) -> str:
    """The item's text with personal data masked ("my student ID is ••••••••") unless `reveal`."""
    return item.text if reveal else masked(item.text, config)


def ready_reply(item: InboxItem, help_desk_url: str) -> str:
    """For a support item: a reply to its author pointing to the help desk, asking for no details in public.

    "" for other items (write your own).
    """
    return ready_text(
        network=item.network, handle=item.author_handle, support=item.support, help_desk_url=help_desk_url
    )


# --- acting ---------------------------------------------------------------------------------------------
def reply(store: Store, item_id: int, text: str, *, now: datetime | None = None) -> Post:
    """Queue `text` as a reply to the item on its account, due now, through the guardrails of any post.

    Raises `studio.workflows.posting.Refused` (with every reason) when the guardrails refuse it (a reply
    showing a student ID, say); nothing is stored then. On Mastodon the author's @handle is put first when the
    text does not start with it. In a team workspace without solo mode the reply waits for review.
    """
    from studio.store import NewPost, PostStatus
    from studio.workflows.posting import PostChange, schedule

    item = store.inbox.get(item_id)
    body = text.strip()
    if not body:
        raise InputError("reply", "the text is empty", "write the reply, or use the ready reply (--ready)")
    start = address(item.network, item.author_handle)
    if start and not body.casefold().startswith(start.strip().casefold()):
        body = start + body
    moment = now or now_utc()
    status = PostStatus.SCHEDULED if store.settings.get().solo_mode else PostStatus.IN_REVIEW
    with store.db.write():  # a refusal rolls the draft back
        draft = store.posts.create(NewPost(body), at=moment)
        post = schedule(store, draft.id, PostChange(body, (item.account_id,), None), status, now=moment)
        store.inbox.set_reply(item.id, post.id)
        store.inbox.mark_read(item.id, at=moment)
    return post


def done(store: Store, item_id: int, *, done: bool = True) -> None:
    """Mark the item done (it leaves the open inbox), or open again with `done=False`."""
    store.inbox.mark_done(item_id, done=done)


def assign(store: Store, item_id: int, member: str | None) -> None:
    """Give the item to a team member (None: to nobody)."""
    store.inbox.assign(item_id, (member or "").strip() or None)


def mark_read(store: Store, item_id: int, *, read: bool = True) -> None:
    store.inbox.mark_read(item_id, read=read)
