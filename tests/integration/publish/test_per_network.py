"""Each network gets its own text and its own picture format (issue 13 items 3 and 4), sent for real.

Posts are scheduled through the one set of guardrails (`studio.workflows.posting.schedule`), as Compose and
`studio queue add` do, and published by the runner to the loopback Mastodon server, the real PDS and a
handoff folder.
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
from pathlib import Path

import httpx
from PIL import Image

from studio.publish.runner import Runner
from studio.store import Account, NewAccount, NewPost, PostStatus
from studio.store.times import now_utc
from studio.workflows.posting import PostChange, schedule
from tests.integration.publish.conftest import Workspace
from tests.servers.mastodon_server import MastodonServer
from tests.servers.pds_process import REPO, PdsInfo

RED, BLUE = (220, 30, 30), (30, 60, 220)


def _schedule(ws: Workspace, change: PostChange) -> int:
    draft = ws.store.posts.create(NewPost(change.text), PostStatus.DRAFT)
    return schedule(ws.store, draft.id, change, now=now_utc()).id


def _run(ws: Workspace) -> Runner:
    runner = Runner(ws.store, credentials=ws.credentials, rng=random.Random(3))
    report = runner.run()
    assert report.ok, report
    return runner


def _picture(ws: Workspace, *, alt: str, focus: tuple[float, float] = (0.0, 0.0)) -> int:
    """A 3000x4000 camera original (EXIF and all, ~8 MB): a red band at the top, the rest blue noise."""
    rng = random.Random(7)
    noise = Image.frombytes("RGB", (750, 1000), rng.randbytes(750 * 1000 * 3)).resize((3000, 4000))
    blue = Image.new("RGB", (3000, 4000), BLUE)
    image = Image.blend(blue, noise, 0.35)
    image.paste(RED, (0, 0, 3000, 500))
    exif = Image.Exif()
    exif[0x010F] = "Studio Test Camera"  # Make
    exif[0x8825] = {2: (52.0, 12.0, 0.0)}  # GPS latitude: must not leave the workspace
    path = ws.home / "camera-original.jpg"
    image.save(path, "JPEG", quality=97, exif=exif)
    assert path.stat().st_size > 5_000_000
    item = ws.store.media.add(path, width=3000, height=4000, mime="image/jpeg", alt_text=alt, focus=focus)
    return item.id


def _instagram(ws: Workspace) -> Account:
    return ws.store.accounts.add(NewAccount("instagram", "it-insta"))


def test_each_network_gets_its_own_text_on_mastodon_and_the_real_pds(
    workspace: Workspace, mastodon: MastodonServer, pds: PdsInfo
) -> None:
    main = "Printers on floor 2 are back after the upgrade. Thanks for your patience! #CampusIT"
    own = {
        "mastodon": "Printers on floor 2 are back (Mastodon wording) #CampusIT #Fediverse",
        "bluesky": "Printers on floor 2 are back 🖨️ (Bluesky wording) #CampusIT",
    }
    post = _schedule(
        workspace,
        PostChange(main, (workspace.masto.id, workspace.bsky.id), text_for=own),
    )

    _run(workspace)

    assert [s.text for s in mastodon.statuses()] == [own["mastodon"]]
    uri = workspace.deliveries(post)["bluesky"].parts[0].remote_id or ""
    did, _, rkey = uri.removeprefix("at://").partition("/app.bsky.feed.post/")
    record = httpx.get(
        f"{pds.url}/xrpc/com.atproto.repo.getRecord",
        params={"repo": did, "collection": "app.bsky.feed.post", "rkey": rkey},
    ).json()["value"]
    assert record["text"] == own["bluesky"]  # as written: emoji and all
    tags = [f["features"][0].get("tag") for f in record["facets"]]
    assert tags == ["CampusIT"]  # the facets are the Bluesky text's own


def test_a_story_format_reaches_the_handoff_folder_as_a_story_frame(workspace: Workspace) -> None:
    insta = _instagram(workspace)
    media = _picture(workspace, alt="The new printers on floor 2")
    change = PostChange(
        "Printers are back on floor 2",
        (insta.id,),
        media=((media, "story", "Printers are back"),),
        format_for={"instagram": "instagram-story"},
    )
    post = _schedule(workspace, change)

    _run(workspace)

    folder = Path(workspace.deliveries(post)["instagram"].remote_id or "")
    assert sorted(p.name for p in folder.iterdir()) == ["01.jpg", "README.txt", "alt-text.txt", "caption.txt"]
    with Image.open(folder / "01.jpg") as frame:
        assert frame.format == "JPEG"
        assert frame.size == (1080, 1920)
    readme = (folder / "README.txt").read_text()
    assert "add the pictures to your STORY (not the feed)" in readme
    assert "Pictures: 1 in the instagram-story format, 1080 x 1920 pixels each." in readme
    assert "start a new post" not in readme


def test_a_picture_without_a_template_is_cropped_to_the_chosen_format(workspace: Workspace) -> None:
    insta = _instagram(workspace)
    # Focus high on the picture (store convention: y up, -1..1): the red band at the top stays in the crop.
    media = _picture(workspace, alt="The new printers on floor 2", focus=(0.0, 0.9))
    original = workspace.store.media.path(workspace.store.media.get(media))
    portrait = _schedule(
        workspace,
        PostChange(
            "Printers are back",
            (insta.id,),
            media=((media, "", ""),),
            format_for={"instagram": "instagram-portrait"},
        ),
    )
    square = _schedule(workspace, PostChange("Printers are back", (insta.id,), media=((media, "", ""),)))

    _run(workspace)

    sizes = {}
    for post in (portrait, square):
        folder = Path(workspace.deliveries(post)["instagram"].remote_id or "")
        data = (folder / "01.jpg").read_bytes()
        assert len(data) < original.stat().st_size / 4
        with Image.open(io.BytesIO(data)) as sent:
            sizes[post] = sent.size
            assert not sent.getexif()  # no camera, no GPS
            top = sent.convert("RGB").crop((0, 0, sent.width, 20)).resize((1, 1)).getpixel((0, 0))
        assert top == (RED[0], RED[1], RED[2]) or (isinstance(top, tuple) and top[0] > 180 > top[2])
        readme = (folder / "README.txt").read_text()
        assert f"{sizes[post][0]} x {sizes[post][1]} pixels each." in readme
    assert sizes == {portrait: (1080, 1350), square: (1080, 1080)}  # chosen; else the network's default


def _studio(ws: Workspace, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        cwd=REPO,
        env={**os.environ, "STUDIO_HOME": str(ws.home)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_dry_run_names_each_deliverys_format_and_refuses_another_networks(workspace: Workspace) -> None:
    insta = _instagram(workspace)
    media = _picture(workspace, alt="The new printers on floor 2")
    story = _schedule(
        workspace,
        PostChange(
            "Printers are back",
            (insta.id,),
            media=((media, "", ""),),
            format_for={"instagram": "instagram-story"},
        ),
    )
    # Stored straight through the store (no front end would let it through): X's format for Instagram.
    wrong = workspace.store.posts.create(
        NewPost(
            "Printers are back",
            (insta.id,),
            media=((media, "", ""),),
            format_for={"instagram": "x-landscape"},
        ),
        PostStatus.SCHEDULED,
    ).id
    ids = {p: workspace.deliveries(p)["instagram"].id for p in (story, wrong)}

    dry = _studio(workspace, "publish-due", "--dry-run")

    assert dry.returncode == 1, dry.stdout + dry.stderr
    lines = dry.stdout.splitlines()
    sent = f"would send\t{ids[story]}\tit-insta (instagram)\t1 part(s)"
    assert f"{sent}\t1 picture(s) as instagram-story 1080x1920" in lines
    problems = [line for line in lines if "problem:" in line]
    assert problems == [
        f"\tproblem: post {wrong}: 'x-landscape' is not one of Instagram's formats (instagram-square, "
        "instagram-portrait, instagram-landscape, instagram-story) "
        "(choose one of Instagram's formats for the post, then send it again)"
    ]
    assert not (workspace.home / "handoff").exists()  # a dry run writes nothing
