"""The README's unattended-publishing recipes, run as written: the cron line in a cron-like environment
(`env -i HOME=… PATH=…`: no D-Bus session, so no keyring) and the systemd user units under
`systemd-analyze verify`. Real SQLite, the real keyring (under scripts/with-keyring.sh) for the normal path,
and the loopback Mastodon-API server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from studio.commands.publish import EXIT_NO_KEYRING
from studio.store import Account, DeliveryState, NewAccount, NewPost, PostStatus, Store, open_store
from tests.keyring_helpers import delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import REPO

README = REPO / "README.md"
UNITS = REPO / "contrib" / "systemd"
CRON_PATH = "/usr/bin:/bin"  # cron's default PATH


@dataclass
class Desk:
    store: Store
    masto: Account
    threads: Account
    home: Path

    def post(self, text: str, *accounts: Account) -> int:
        parts = {a.network: (text,) for a in accounts}
        new = NewPost(text, tuple(a.id for a in accounts), parts)
        return self.store.posts.create(new, PostStatus.SCHEDULED).id

    def snapshot(self, post_id: int) -> list[tuple[str, str, int, int]]:
        """Every delivery's account, state, attempts and audit length: what a run would change."""
        return [
            (d.account_name, d.state.value, d.attempts, len(self.store.deliveries.events(d.id)))
            for d in self.store.posts.get(post_id).deliveries
        ]


@pytest.fixture
def desk(studio_home: Path, mastodon: MastodonServer) -> Iterator[Desk]:
    """A workspace with a Mastodon account (token in the real keyring) and a Threads (handoff) account."""
    studio_home.mkdir(parents=True, exist_ok=True)
    with open_store(studio_home) as store:
        masto = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
        threads = store.accounts.add(NewAccount("threads", "it-threads"))
        set_secret(masto.id, "test-token")
        try:
            yield Desk(store, masto, threads, studio_home)
        finally:
            delete_secret(masto.id)


def _cron_line() -> str:
    """The README's crontab line without its schedule, for this checkout and the test's workspace."""
    [line] = re.findall(r"^\*/5 \* \* \* \* (.+)$", README.read_text(encoding="utf-8"), re.MULTILINE)
    assert "/path/to/studio/" in line
    return line.replace("/path/to/studio", str(REPO))


def _as_cron(home: Path, workspace: Path) -> tuple[int, str]:
    """Run the cron line as cron does: `sh -c`, only HOME and PATH set; returns the status and the log."""
    home.mkdir(exist_ok=True)
    command = f"STUDIO_HOME={workspace} {_cron_line()}"  # as the README says for another workspace
    done = subprocess.run(
        ["env", "-i", f"HOME={home}", f"PATH={CRON_PATH}", "/bin/sh", "-c", command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.stdout, done.stderr) == ("", "")  # everything goes to the log, as the line says
    return done.returncode, (home / "studio-publish.log").read_text(encoding="utf-8")


def test_cron_without_a_keyring_exits_75_with_one_line_and_touches_nothing(
    desk: Desk, mastodon: MastodonServer, tmp_path: Path
) -> None:
    post = desk.post("Printing in the library is back", desk.masto, desk.threads)
    before = desk.snapshot(post)

    status, log = _as_cron(tmp_path / "cron-home", desk.home)

    assert status == EXIT_NO_KEYRING == 75
    [line] = log.splitlines()
    assert line.startswith("error: no usable OS keyring, so no account can be signed in: ")
    assert "no D-Bus session" in line
    assert "cron runs jobs without one" in line
    assert "systemd user timer" in line
    assert "contrib/systemd/" in line
    assert "unlock the keyring" in line
    assert "2 due deliveries were left untouched" in line
    assert f"\n{line}\n" in README.read_text(encoding="utf-8")  # the README shows the real line
    assert "Traceback" not in log
    assert "test-token" not in log
    # Nothing was claimed, marked or handed off; the server heard nothing.
    assert desk.snapshot(post) == before
    assert {state for _name, state, _n, _e in before} == {"queued"}
    assert mastodon.statuses() == []
    assert not (desk.home / "handoff").exists()

    # The same line with the keyring reachable (as the systemd user timer runs it) publishes both.
    run = subprocess.run(
        ["/bin/sh", "-c", f"STUDIO_HOME={desk.home} {_cron_line()}"],
        env={**os.environ, "HOME": str(tmp_path / "cron-home")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, (tmp_path / "cron-home" / "studio-publish.log").read_text()
    states = {d.account_name: d.state for d in desk.store.posts.get(post).deliveries}
    assert states == {"it-masto": DeliveryState.SENT, "it-threads": DeliveryState.HANDED_OFF}
    assert [s.text for s in mastodon.statuses()] == ["Printing in the library is back"]


def test_cron_with_only_handoffs_due_needs_no_keyring(desk: Desk, tmp_path: Path) -> None:
    post = desk.post("Meet the help desk", desk.threads)

    status, log = _as_cron(tmp_path / "cron-home", desk.home)

    assert status == 0, log
    assert log.startswith("handed_off\t")
    assert "no usable OS keyring" not in log
    [delivery] = desk.store.posts.get(post).deliveries
    assert delivery.state is DeliveryState.HANDED_OFF


def test_cron_with_nothing_due_needs_no_keyring(desk: Desk, tmp_path: Path) -> None:
    status, log = _as_cron(tmp_path / "cron-home", desk.home)
    assert (status, log) == (0, "nothing due\n")


def _readme_units() -> list[str]:
    """The two ini blocks of the README's systemd recipe, as a user would copy them."""
    text = README.read_text(encoding="utf-8")
    return [block.strip() + "\n" for block in re.findall(r"```ini\n(.*?)```", text, re.DOTALL)]


def test_readme_shows_the_contrib_units_as_they_are() -> None:
    units = [
        (UNITS / name).read_text(encoding="utf-8")
        for name in ("studio-publish.service", "studio-publish.timer")
    ]
    blocks = _readme_units()
    assert units[0] in blocks
    assert units[1] in blocks
    readme = README.read_text(encoding="utf-8")
    assert "~/.config/systemd/user/studio-publish.service" in readme
    assert "systemctl --user enable --now studio-publish.timer" in readme


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not installed (Debian package systemd: `scripts/system-deps.sh test`)",
)
def test_the_systemd_user_units_verify(tmp_path: Path) -> None:
    units = tmp_path / "units"
    units.mkdir()
    for name in ("studio-publish.service", "studio-publish.timer"):
        text = (UNITS / name).read_text(encoding="utf-8").replace("/path/to/studio", str(REPO))
        (units / name).write_text(text, encoding="utf-8")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)  # the user manager needs a runtime directory, as a login session has

    def verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["systemd-analyze", "verify", "--user", "--man=no", str(units / "studio-publish.service"),
             str(units / "studio-publish.timer")],
            env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(runtime)},
            capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip

    done = verify()
    assert (done.returncode, done.stderr) == (0, "")

    # The check bites: a unit naming a program that is not there is refused.
    service = units / "studio-publish.service"
    service.write_text(service.read_text().replace(str(REPO), "/nowhere"), encoding="utf-8")
    assert verify().returncode != 0
