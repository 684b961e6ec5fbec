"""The real Secret Service (gnome-keyring on the private bus `make test` starts), and the path without one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studio.errors import SecretStoreError
from studio.secrets import KeyringCredentials, account_key
from tests.integration.store.conftest import REPO, SECRETS

_NO_BUS = ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "DISPLAY", "WAYLAND_DISPLAY")


@pytest.fixture(autouse=True)
def _real_bus() -> None:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        pytest.fail("no D-Bus session: run the tests with `make test` (scripts/with-keyring.sh starts one)")


def test_set_get_has_delete_against_gnome_keyring() -> None:
    import keyring
    import secretstorage

    assert type(keyring.get_keyring()).__module__ == "keyring.backends.SecretService"
    account_id = 90001
    credentials = KeyringCredentials()
    key = account_key(account_id)
    credentials.set(key, SECRETS[2])
    try:
        assert credentials.get(key) == SECRETS[2]
        # Really in the Secret Service, under service `studio` and username `account:<id>`.
        with secretstorage.dbus_init() as bus:
            items = list(
                secretstorage.search_items(bus, {"service": "studio", "username": f"account:{account_id}"})
            )
            assert [item.get_secret().decode() for item in items] == [SECRETS[2]]
    finally:
        assert credentials.delete(key) is True
    assert credentials.get(key) is None
    assert credentials.delete(key) is False


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(SecretStoreError, match="is empty"):
        KeyringCredentials().set(account_key(90002), "")


def test_without_a_bus_every_call_names_the_fix_and_nothing_falls_back() -> None:
    env = {k: v for k, v in os.environ.items() if k not in _NO_BUS}
    code = (
        "import sys\n"
        "from studio.secrets import KeyringCredentials\n"
        "from studio.errors import SecretStoreError\n"
        "c = KeyringCredentials()\n"
        "for call in (lambda: c.set('account:5', sys.stdin.read()), lambda: c.get('account:5'),\n"
        "             lambda: c.get('account:5:session'), lambda: c.delete('account:5')):\n"
        "    try:\n"
        "        call()\n"
        "    except SecretStoreError as error:\n"
        "        print(error.line())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=SECRETS[3],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    for line in lines:
        assert "no usable OS keyring" in line
        assert "install and unlock GNOME Keyring (gnome-keyring) or KWallet" in line
    assert SECRETS[3] not in result.stdout + result.stderr


def test_a_locked_keyring_is_a_clear_error(tmp_path: Path) -> None:
    """A bus where D-Bus starts gnome-keyring but nobody unlocks it: the unlock prompt cannot open."""
    data, runtime = tmp_path / "data", tmp_path / "runtime"
    data.mkdir(mode=0o700)
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in _NO_BUS}
    env |= {"XDG_DATA_HOME": str(data), "XDG_RUNTIME_DIR": str(runtime)}
    code = (
        "import sys\n"
        "from studio.secrets import KeyringCredentials\n"
        "from studio.errors import SecretStoreError\n"
        "try:\n"
        "    KeyringCredentials().set('account:3', sys.stdin.read())\n"
        "except SecretStoreError as error:\n"
        "    print(error.line())\n"
    )
    result = subprocess.run(
        ["dbus-run-session", "--", sys.executable, "-c", code],
        input=SECRETS[3],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "the OS keyring refused" in result.stdout
    assert "unlock GNOME Keyring" in result.stdout
    assert SECRETS[3] not in result.stdout + result.stderr
    assert not list(data.rglob("*.keyring"))  # nothing was written, in any form
