"""Issue 15 items 2 and 3 in the app: Add account signs in to Mastodon with the browser; offline is said so.

Real parts: the loopback Mastodon-API server, the real keyring, the worker pool and the loopback receiver on
127.0.0.1. A real browser cannot run here, so `_Browser` stands in for it: it is the only thing replaced,
and it does what a browser does with the authorize address, in its own thread as a browser is its own
process: an HTTP GET with httpx, following the server's redirect to the loopback receiver.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from studio.gui.accounts import AccountColumn, AccountsView
from studio.gui.accounts.dialogs import AddAccountDialog, ReconnectDialog
from studio.gui.app import Services
from studio.gui.messages import Level
from studio.gui.workers import Workers
from studio.store import NewAccount, Store
from tests.keyring_helpers import delete_secret, get_secret, set_secret
from tests.servers.mastodon_server import MastodonServer

OLD = "sign-in-old-token-4f1a"
NEW = "sign-in-new-token-9c3e"


class _Browser:
    """A stand-in for the browser: opens the authorize address with httpx and follows its redirects."""

    def __init__(self, *, present: bool = True, follow: bool = True) -> None:
        self.present = present  # False: as on a machine where no browser can be opened
        self.follow = follow  # False: the person never comes back from the browser
        self.opened: list[str] = []
        self.pages: list[httpx.Response] = []
        self._threads: list[threading.Thread] = []

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        if self.present and self.follow:
            thread = threading.Thread(target=self._visit, args=(url,), name="browser stand-in")
            thread.start()
            self._threads.append(thread)
        return self.present

    def _visit(self, url: str) -> None:
        with httpx.Client(follow_redirects=True, timeout=20) as client:
            self.pages.append(client.get(url))

    def close(self) -> None:
        for thread in self._threads:
            thread.join(30)


@pytest.fixture
def store(services: Services) -> Iterator[Store]:
    assert services.store is not None
    yield services.store
    for account in services.store.accounts.list():
        delete_secret(account.id)


@pytest.fixture
def pool() -> Iterator[Workers]:
    workers = Workers()  # a real pool: the wait for the browser must not block the window
    yield workers
    assert workers.wait_done(10_000)


@pytest.fixture
def mastodon() -> Iterator[MastodonServer]:
    with MastodonServer(token=OLD, username="itnews") as server:
        yield server


def _view(qtbot: QtBot, services: Services, store: Store, pool: Workers, browser: _Browser) -> AccountsView:
    view = AccountsView(
        store, services.credentials, services.theme, pool, services.messages, open_url=browser
    )
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    return view


def _state(view: AccountsView, name: str) -> str:
    rows = range(view.model.rowCount())
    row = next(r for r in rows if view.model.index(r, AccountColumn.NAME).data() == name)
    return str(view.model.index(row, AccountColumn.STATE).data())


def _start(qtbot: QtBot, view: AccountsView, server: str) -> AddAccountDialog:
    dialog = view.add_account()
    assert dialog.uses_browser()  # Mastodon signs in with the browser unless a token is asked for
    assert dialog.ok.text() == "Sign in with your browser"
    assert not dialog.secret_field.isVisibleTo(dialog)
    assert dialog.token_instead.text() == "Use an access token instead"
    qtbot.keyClicks(dialog.name, "IT News")
    qtbot.keyClicks(dialog.instance, server)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    return dialog


def _closed(dialog: QDialog) -> bool:
    """The form is gone: closed, and deleted as it deletes itself on close."""
    return not isValid(dialog) or not dialog.isVisible()


def _code_on_page(url: str) -> str:
    page = httpx.get(url, follow_redirects=True, timeout=10)
    found = re.search(r'class="oauth-code" readonly type="text" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def test_sign_in_with_the_browser_adds_the_account_with_its_token_in_the_keyring(
    qtbot: QtBot, services: Services, store: Store, pool: Workers, mastodon: MastodonServer, studio_home: Path
) -> None:
    browser = _Browser()
    view = _view(qtbot, services, store, pool, browser)
    dialog = _start(qtbot, view, mastodon.url)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=20_000)
    browser.close()

    [account] = store.accounts.list()
    [token] = mastodon.issued_tokens()
    assert get_secret(account.id) == token
    assert account.handle == "@itnews@127.0.0.1"  # from verify_credentials, as nobody typed one
    assert _state(view, "IT News") == "Connected"
    assert services.messages.history[-1].text == "Added IT News (its credential is in the system keyring)"
    [opened] = browser.opened
    assert opened.startswith(f"{mastodon.url}/oauth/authorize?")
    assert "code_challenge_method=S256" in opened
    [page] = browser.pages
    assert "You can close this tab" in page.text
    assert token.encode() not in b"".join(p.read_bytes() for p in studio_home.rglob("*") if p.is_file())
    assert all(token not in f"{m.text} {m.fix}" for m in services.messages.history)


def test_the_code_can_be_pasted_when_the_browser_is_elsewhere(
    qtbot: QtBot, services: Services, store: Store, pool: Workers, mastodon: MastodonServer
) -> None:
    browser = _Browser(present=False)
    view = _view(qtbot, services, store, pool, browser)
    dialog = _start(qtbot, view, mastodon.url)
    qtbot.waitUntil(dialog.sign_in.isVisible, timeout=10_000)
    assert "could not open a browser" in dialog.sign_in.status.text()
    assert not dialog.name.isEnabled()  # the form is locked while it waits
    assert not dialog.ok.isEnabled()
    address = dialog.sign_in.address.text()
    assert "redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob" in address
    qtbot.keyClicks(dialog.sign_in.code, _code_on_page(address))  # read off the other machine's screen
    qtbot.mouseClick(dialog.sign_in.use_code, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=20_000)
    [account] = store.accounts.list()
    assert get_secret(account.id) == mastodon.issued_tokens()[0]
    assert _state(view, "IT News") == "Connected"


def test_cancel_sign_in_goes_back_to_the_form_and_stops_listening(
    qtbot: QtBot, services: Services, store: Store, pool: Workers, mastodon: MastodonServer
) -> None:
    browser = _Browser(follow=False)
    view = _view(qtbot, services, store, pool, browser)
    dialog = _start(qtbot, view, mastodon.url)
    qtbot.waitUntil(dialog.sign_in.isVisible, timeout=10_000)
    assert dialog.isVisible()  # the window stays usable while the person is in the browser
    [opened] = browser.opened
    redirect = httpx.get(opened, timeout=10).headers["Location"]  # where the browser would be sent
    qtbot.mouseClick(dialog.sign_in.cancel, Qt.MouseButton.LeftButton)
    assert not dialog.sign_in.isVisible()
    assert dialog.name.isEnabled()
    assert dialog.ok.isEnabled()
    assert pool.wait_done(5000)
    with pytest.raises(httpx.ConnectError):  # the receiver stopped with the cancel
        httpx.get(redirect, timeout=2)
    assert store.accounts.list() == []
    dialog.reject()


def test_a_server_that_refuses_registration_offers_the_token_field(
    qtbot: QtBot, services: Services, store: Store, pool: Workers, mastodon: MastodonServer
) -> None:
    mastodon.refuse_app_registration()
    view = _view(qtbot, services, store, pool, _Browser())
    dialog = _start(qtbot, view, mastodon.url)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "does not let apps register themselves" in dialog.error.text()
    assert "access token instead" in dialog.error.text()
    assert dialog.secret_field.isVisibleTo(dialog)  # switched to the token path, which stays
    assert dialog.ok.text() == "Add"
    qtbot.keyClicks(dialog.secret_field, OLD)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=10_000)
    assert _state(view, "IT News") == "Connected"


def test_offline_add_and_reconnect_say_not_verified_never_connected(
    qtbot: QtBot, services: Services, store: Store
) -> None:
    server = MastodonServer(token=OLD).start()
    url = server.url
    server.stop()  # nothing listens there now: offline, as far as Studio can tell
    view = AccountsView(store, services.credentials, services.theme, services.workers, services.messages)
    qtbot.addWidget(view)
    dialog = view.add_account()
    qtbot.mouseClick(dialog.token_instead, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.name, "IT News")
    qtbot.keyClicks(dialog.instance, url)
    qtbot.keyClicks(dialog.secret_field, OLD)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert _closed(dialog)
    assert _state(view, "IT News") == "Not verified yet (offline)"
    last = services.messages.history[-1]
    assert last.level is Level.WARNING
    assert last.text.startswith("Added IT News. Not verified yet (offline): could not reach 127.0.0.1")

    # An account that was connected, reconnected while its server is unreachable.
    account = store.accounts.add(NewAccount("mastodon", "Old Account", instance_url=url))
    set_secret(account.id, OLD)
    store.accounts.set_reconnect(account.id, False, "signed in")
    view.model.insert_account(store.accounts.get(account.id))
    assert _state(view, "Old Account") == "Connected"
    view.select(account.id)
    reconnect = view.reconnect_selected()
    assert isinstance(reconnect, ReconnectDialog)
    qtbot.keyClicks(reconnect.secret_field, NEW)
    qtbot.mouseClick(reconnect.ok, Qt.MouseButton.LeftButton)
    assert _closed(reconnect)
    assert _state(view, "Old Account") == "Not verified yet (offline)"
    assert "not verified yet (offline)" in services.messages.history[-1].text
    assert get_secret(account.id) == OLD  # the one before it stays in use until the new one is verified

    with MastodonServer(token=NEW, port=int(url.rsplit(":", 1)[1])) as back:
        back.add_token(OLD, "studio")
        view.check_now()
        assert _state(view, "Old Account") == "Connected"
        assert _state(view, "IT News") == "Connected"
    assert get_secret(account.id) == NEW
