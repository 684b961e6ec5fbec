"""A team's own kit reaches every picture Studio draws for its workspace (Issue 14 item 1, done-when).

A kit is made with `studio kit new`, given its own primary colour and a logo of its own, and chosen with
`studio kit use`. Then, with no `--kit` anywhere: a picture handed off to Instagram, a picture uploaded to
the loopback Mastodon-API server, and an incident's status card all carry that colour or that logo, checked
in their pixels. (The Compose preview is checked in tests/gui/test_workspace_kit_preview.py.)
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from studio.publish.runner import Runner
from studio.secrets import KeyringCredentials
from studio.store import NewAccount, NewPost, PostStatus, Store, open_store
from studio.store.times import now_utc
from studio.workflows.posting import PostChange, schedule
from tests.keyring_helpers import delete_secret, set_secret
from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import REPO

DEMO = REPO / "assets" / "demo"
PLUM = (0x7A, 0x1F, 0x5C)  # the team's primary: nothing in the bundled kit or the demo photo is this colour
LIME = (0x3C, 0xE6, 0x14)  # the team's logo: a lime block


def _share(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 28) -> float:
    """The fraction of pixels within `tolerance` of `colour` (JPEG shifts colours a little)."""
    small = image.convert("RGB").resize((image.width // 4, image.height // 4), Image.Resampling.NEAREST)
    data = small.tobytes()
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    near = sum(1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, colour, strict=True)))
    return near / len(pixels)


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STUDIO_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def team_home(studio_home: Path) -> Path:
    """A workspace whose kit (kits/ours) has a plum primary colour and a lime logo, chosen by the CLI."""
    made = _cli(studio_home, "kit", "new", "ours")
    assert made.returncode == 0, made.stderr
    folder = studio_home / "kits" / "ours"
    toml = folder / "kit.toml"
    text = toml.read_text(encoding="utf-8").replace("#1D3F72", "#7A1F5C")
    toml.write_text(text.replace('logo_svg = "logo.svg"\n', ""), encoding="utf-8")
    Image.new("RGBA", (480, 160), (*LIME, 255)).save(folder / "logo.png")
    chosen = _cli(studio_home, "kit", "use", "ours")
    assert chosen.returncode == 0, chosen.stderr
    return studio_home


@pytest.fixture
def store(team_home: Path) -> Iterator[Store]:
    with open_store(team_home) as opened:
        yield opened


def test_the_teams_kit_is_in_the_handoff_picture_and_the_mastodon_upload(
    store: Store, mastodon: MastodonServer, team_home: Path
) -> None:
    masto = store.accounts.add(NewAccount("mastodon", "it-masto", instance_url=mastodon.url))
    insta = store.accounts.add(NewAccount("instagram", "it-insta"))
    set_secret(masto.id, "test-token")
    try:
        photo = store.media.add(
            DEMO / "lego-staff.jpg", width=1, height=1, mime="image/jpeg", alt_text="A figure at the desk"
        )
        draft = store.posts.create(NewPost("Meet the desk"), PostStatus.DRAFT)
        change = PostChange(
            "Meet the service desk",
            (masto.id, insta.id),
            media=((photo.id, "photo", "Meet the service desk"),),
        )
        post = schedule(store, draft.id, change, now=now_utc())
        report = Runner(store, credentials=KeyringCredentials()).run()  # as publish-due: no kit given
        assert report.ok, report
    finally:
        delete_secret(masto.id)

    deliveries = {d.network: d for d in store.posts.get(post.id).deliveries}
    with Image.open(Path(deliveries["instagram"].remote_id or "") / "01.jpg") as handed:
        assert _share(handed, PLUM) > 0.08  # the caption band is the team's colour
        assert _share(handed, LIME) > 0.002  # and the team's logo is on it
    [status] = mastodon.statuses()
    assert len(status.media_ids) == 1
    _alt, _focus, data = mastodon.media_description(status.media_ids[0])
    with Image.open(io.BytesIO(data)) as uploaded:
        assert _share(uploaded, PLUM) > 0.08
        assert _share(uploaded, LIME) > 0.002


def test_the_teams_logo_is_on_the_incident_status_card(store: Store, team_home: Path) -> None:
    store.accounts.add(NewAccount("instagram", "it-insta"))
    opened = _cli(
        team_home, "incident", "open", "--service", "Campus Wi-Fi", "--impact", "no Wi-Fi in the library",
        "--account", "it-insta",
    )  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    [post] = [p for p in store.posts.page(limit=10) if p.incident]
    [card] = post.media
    with Image.open(store.media.path(card.media)) as drawn:
        assert _share(drawn, LIME) > 0.002  # the team's logo, drawn by `studio incident` without --kit
