"""Issue 15 item 3: signing in to Mastodon with the browser, against the loopback Mastodon-API server.

Real parts: the loopback server (`POST /api/v1/apps`, `/oauth/authorize`, `/oauth/token` as Mastodon documents
them), the real keyring, the CLI in a subprocess and the loopback receiver on 127.0.0.1. No browser can run
here: where one would follow the authorize page, httpx does the same GETs and follows the same redirects.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from studio.errors import FinalError, InputError
from studio.publish.mastodon_oauth import OOB, SCOPES, LoopbackReceiver, SignIn, register_app
from studio.secrets import KeyringCredentials
from studio.store import NewAccount, Store, open_store
from studio.workflows.accounts import begin_sign_in, finish_sign_in
from tests.keyring_helpers import delete_secret, get_secret
from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import REPO

EXISTING = "existing-token-5d1e"
_ADD = (sys.executable, "-m", "studio", "accounts", "add", "mastodon", "--name", "it-masto")


@pytest.fixture
def mastodon() -> Iterator[MastodonServer]:
    with MastodonServer(token=EXISTING, username="itnews") as server:
        yield server


@pytest.fixture
def store(studio_home: Path) -> Iterator[Store]:
    with open_store() as opened:
        yield opened
        for account in opened.accounts.list():
            delete_secret(account.id)


def _browse(url: str) -> httpx.Response:
    """What the person's browser does: open the authorize page and follow where it leads."""
    with httpx.Client(follow_redirects=True, timeout=10) as browser:
        return browser.get(url)


def _code_on_page(page: httpx.Response) -> str:
    found = re.search(r'class="oauth-code" readonly type="text" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def _files_hold(root: Path, secret: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_cli_sign_in_puts_the_token_in_the_keyring_only(mastodon: MastodonServer, studio_home: Path) -> None:
    process = subprocess.Popen(
        [*_ADD, "--instance", mastodon.url, "--owner", "Ana", "--sign-in"],
        cwd=REPO,
        env=dict(os.environ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        prompt = [process.stderr.readline() for _ in range(3)]
        url = prompt[1].strip()
        assert url.startswith(f"{mastodon.url}/oauth/authorize?"), prompt
        assert "paste the code" in prompt[2]
        page = _browse(url)  # the out-of-band redirect: the server shows the code to copy
        assert page.status_code == 200
        out, err = process.communicate(_code_on_page(page) + "\n", timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    [token] = mastodon.issued_tokens()
    assert "added mastodon account it-masto @itnews@127.0.0.1" in out
    assert "\tok\tsigned in as @itnews@127.0.0.1" in out
    with open_store() as store:
        account = store.accounts.by_name("it-masto")
        assert (account.owner, account.handle) == ("Ana", "@itnews@127.0.0.1")
        assert account.last_checked_at is not None  # verified with verify_credentials at once
    try:
        assert get_secret(account.id) == token
        assert token not in out + err + "".join(prompt)
        assert _files_hold(studio_home, token) == []
        [app] = mastodon.state.oauth.apps.values()
        assert app.scopes == SCOPES.split()
        assert app.redirect_uris == [OOB]
        [grant] = mastodon.state.oauth.grants.values()
        assert grant.challenge is not None  # PKCE, and the verifier matched the challenge:
        assert grant.used
    finally:
        delete_secret(account.id)


def test_a_server_that_refuses_app_registration_points_to_the_token_path(
    mastodon: MastodonServer, studio_home: Path
) -> None:
    mastodon.refuse_app_registration()
    result = subprocess.run(
        [*_ADD, "--instance", mastodon.url, "--sign-in"],
        cwd=REPO,
        input="",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: Registering Studio on 127.0.0.1: 127.0.0.1 does not let apps register")
    assert "HTTP 404" in line
    assert "add it with an access token instead" in line
    assert f"--instance {mastodon.url} --secret-stdin" in line
    with open_store() as store:
        assert store.accounts.list() == []


def test_the_loopback_redirect_brings_the_code_back(mastodon: MastodonServer, store: Store) -> None:
    pending = begin_sign_in(store, NewAccount("mastodon", "IT News", instance_url=mastodon.url))
    assert pending.receiver is not None
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/callback", pending.receiver.redirect_uri)
    with ThreadPoolExecutor(1) as pool:
        finishing = pool.submit(finish_sign_in, store, KeyringCredentials(), pending)
        page = _browse(pending.browser_url)  # authorize → 302 to 127.0.0.1 → the receiver's page
        added = finishing.result(timeout=30)
    assert page.status_code == 200
    assert str(page.url).startswith(pending.receiver.redirect_uri)
    assert "You can close this tab" in page.text
    assert added.verified
    assert added.account.handle == "@itnews@127.0.0.1"
    [token] = mastodon.issued_tokens()
    assert get_secret(added.account.id) == token
    with pytest.raises(httpx.ConnectError):  # the receiver stopped after its one request
        httpx.get(pending.receiver.redirect_uri, timeout=2)


def test_an_answer_with_another_state_is_refused(mastodon: MastodonServer, store: Store) -> None:
    pending = begin_sign_in(store, NewAccount("mastodon", "IT News", instance_url=mastodon.url))
    assert pending.receiver is not None
    redirect = httpx.get(pending.browser_url, timeout=10)
    assert redirect.status_code == 302
    location = redirect.headers["Location"]
    assert f"state={pending.sign_in.state}" in location
    forged = location.replace(f"state={pending.sign_in.state}", "state=someone-elses-state")
    with ThreadPoolExecutor(1) as pool:
        finishing = pool.submit(finish_sign_in, store, KeyringCredentials(), pending)
        page = httpx.get(forged, timeout=10)
        with pytest.raises(InputError, match="does not belong to the sign-in Studio started"):
            finishing.result(timeout=30)
    assert page.status_code == 400
    assert "Studio did not start this sign-in" in page.text
    assert mastodon.issued_tokens() == []  # the code was never traded
    assert store.accounts.list() == []


def test_a_wrong_code_or_verifier_is_invalid_grant(mastodon: MastodonServer, store: Store) -> None:
    pending = begin_sign_in(
        store, NewAccount("mastodon", "IT News", instance_url=mastodon.url), loopback=False
    )
    with pytest.raises(FinalError, match=r"did not accept the sign-in code \(invalid_grant\)"):
        finish_sign_in(store, KeyringCredentials(), pending, "not-the-code")
    # A real code, traded with another sign-in's verifier: PKCE refuses it.
    app = register_app(mastodon.url, [OOB])
    first, second = SignIn(app), SignIn(app)
    code = _code_on_page(_browse(first.url(OOB)))
    with pytest.raises(FinalError, match="invalid_grant"):
        second.exchange(code, OOB)
    assert first.exchange(code, OOB).reveal() in mastodon.issued_tokens()  # its own verifier works
    assert store.accounts.list() == []


def test_the_server_refuses_a_redirect_it_was_not_given(mastodon: MastodonServer) -> None:
    app = register_app(mastodon.url, [OOB])
    url = SignIn(app).url(OOB).replace("urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob", "http%3A%2F%2Fevil.example%2F")
    page = httpx.get(url, timeout=10)
    assert page.status_code == 400
    assert "The redirect uri included is not valid." in page.text


def test_a_pasted_address_or_code_works_when_the_browser_is_elsewhere(
    mastodon: MastodonServer, store: Store
) -> None:
    pending = begin_sign_in(store, NewAccount("mastodon", "IT News", instance_url=mastodon.url))
    code = _code_on_page(_browse(pending.paste_url))
    added = finish_sign_in(store, KeyringCredentials(), pending, f"  {code}\n")
    assert added.verified
    assert pending.receiver is not None
    with pytest.raises(httpx.ConnectError):  # pasting stopped the receiver too
        httpx.get(pending.receiver.redirect_uri, timeout=2)


def test_deny_timeout_and_cancel_end_the_wait(mastodon: MastodonServer, store: Store) -> None:
    mastodon.deny_authorization()
    pending = begin_sign_in(store, NewAccount("mastodon", "IT News", instance_url=mastodon.url))
    with ThreadPoolExecutor(1) as pool:
        finishing = pool.submit(finish_sign_in, store, KeyringCredentials(), pending)
        page = _browse(pending.browser_url)
        with pytest.raises(InputError, match=r"did not authorize Studio \('access_denied'\)"):
            finishing.result(timeout=30)
    assert "Studio was not authorized" in page.text

    quiet = LoopbackReceiver(timeout=0.5)
    with pytest.raises(InputError, match=r"no answer came back from the browser within 0\.5 seconds"):
        quiet.wait("state")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(InputError, match="cancelled"):
        LoopbackReceiver().wait("state", cancel=cancel)
    assert store.accounts.list() == []
