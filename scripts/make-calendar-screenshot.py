#!/usr/bin/env python3
"""Take the README's calendar screenshot from the real app under Xvfb (xcb), on the demo workspace.

The workspace is the first-run demo (a week of example posts from today) plus two accounts and a few posts
that already went out this month (and one that failed), so the month shows every colour a queue has.
Run from the repository root: `python scripts/make-calendar-screenshot.py` (writes
docs/images/app-calendar.png). Needs `xvfb-run` (make test installs Xvfb). The calendar opens on this
month and the posts that went out are from the three weeks before today: run it late in a month (it warns
before the 20th, when they would fall into last month and the picture would show no green or red).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from studio.store import NewAccount, NewPost, PostStatus, Store, open_store
from studio.workflows.demo import seed_demo

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images" / "app-calendar.png"

_EARLIER = (  # days before today, hour (UTC), text, failed?
    (19, 9, "Tech Tip Tuesday #9: use a password manager; one strong password unlocks the rest.", False),
    (12, 9, "Tech Tip Tuesday #10: turn on two-step sign-in for your university account today.", False),
    (8, 14, "The new printers in the library take your campus card: tap, print, done.", False),
    (5, 9, "Tech Tip Tuesday #11: update your phone before the semester's exams.", False),
    (
        3,
        16,
        "Eduroam is back in the sports hall after this morning's outage. Thanks for your patience!",
        True,
    ),
)


def _workspace(home: Path) -> None:
    """The demo posts, two accounts, and this month's posts that went out (or failed)."""
    now = datetime.now(UTC)
    with open_store(home) as store:
        seed_demo(store, now=now)
        masto = store.accounts.add(
            NewAccount("mastodon", "IT News", handle="@it", instance_url="https://social.example.edu")
        )
        bsky = store.accounts.add(NewAccount("bluesky", "Campus IT", handle="it.example.edu"))
        insta = store.accounts.add(NewAccount("instagram", "uni_it"))
        for days, hour, text, failed in _EARLIER:
            when = datetime.combine(now.date() - timedelta(days=days), time(hour), UTC)
            _went_out(store, NewPost(text, (masto.id, bsky.id), scheduled_at=when), failed)
        soon = datetime.combine(now.date() + timedelta(days=9), time(9), UTC)
        store.posts.create(
            NewPost(
                "Tech Tip Tuesday #13: back up your thesis in two places.",
                (masto.id, bsky.id, insta.id),
                scheduled_at=soon,
            ),
            PostStatus.SCHEDULED,
            at=now,
        )


def _went_out(store: Store, new: NewPost, failed: bool) -> None:
    assert new.scheduled_at is not None
    at = new.scheduled_at
    store.posts.create(new, PostStatus.SCHEDULED, at=at - timedelta(days=1))
    for delivery in store.deliveries.claim_due(at, limit=10, claimer="screenshot"):
        if failed and delivery.network == "bluesky":
            store.deliveries.mark_final_failure(delivery, "401: the app password was revoked", at=at)
            continue
        sent = store.deliveries.record_part_sent(delivery, 0, remote_id=str(delivery.id), at=at)
        store.deliveries.mark_sent(
            sent, remote_id=str(delivery.id), remote_url="https://social.example.edu/1", at=at
        )


def main() -> int:
    if shutil.which("xvfb-run") is None:
        print("error: xvfb-run is not installed (make test installs Xvfb)", file=sys.stderr)
        return 1
    if datetime.now(UTC).day < _EARLIER[0][0] + 1:
        print("warning: early in the month, the posts that went out fall into last month", file=sys.stderr)
    with tempfile.TemporaryDirectory() as temp:
        home = Path(temp) / "workspace"
        _workspace(home)
        (home / "config").mkdir(parents=True, exist_ok=True)
        (home / "config" / "app-settings.json").write_text(json.dumps({"last_view": "queue"}))
        shots = Path(temp) / "shots"
        env = {
            **os.environ,
            "STUDIO_HOME": str(home),
            "STUDIO_SCREENSHOT_DIR": str(shots),
            "STUDIO_QUIT_AFTER_SHOWN": "1",
            "QT_QPA_PLATFORM": "xcb",
        }
        subprocess.run(
            ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m", "studio"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=120,
        )
        OUT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shots / "window.png", OUT)
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
