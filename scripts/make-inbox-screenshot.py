#!/usr/bin/env python3
"""A screenshot of the real app's Inbox view for the docs: docs/images/app-inbox.png.

Run under a display, from the repository root:
    xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/make-inbox-screenshot.py [--empty]

It builds the real window (`build_services`/`build_window`) on a throwaway workspace with one Mastodon
account at an address that does not exist, and five inbox items as a sync would keep them (a support case
with a student ID, a reply to one of our posts, a mention, a quote and one already done). The support item
is opened, so the shot shows its badge, its masked text and the ready reply. Nothing is fetched or sent.
`--empty` shoots the empty inbox instead (docs/images/app-inbox-empty.png); `--dark` the dark look
(app-inbox-dark.png).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="studio-shots-") as temp:
        os.environ["STUDIO_HOME"] = str(Path(temp) / "workspace")
        os.environ["XDG_CONFIG_HOME"] = str(Path(temp) / "config")
        os.environ.setdefault("TZ", "Europe/Berlin")
        return _shoot(empty="--empty" in sys.argv, dark="--dark" in sys.argv)


def _items(store: object) -> int:
    from studio.listen.inbox import checks_of, classify
    from studio.listen.model import Mention
    from studio.store import NewAccount, NewPost, PostStatus, Store
    from studio.store.times import now_utc

    assert isinstance(store, Store)
    masto = store.accounts.add(NewAccount("mastodon", "uni-it", instance_url="https://social.example.edu"))
    post = store.posts.create(
        NewPost("Eduroam maintenance tonight 22:00-23:00: expect short drops in the library.", (masto.id,)),
        PostStatus.SCHEDULED,
    )
    # sent, as the runner records it (nothing leaves this machine)
    [delivery] = store.deliveries.claim_due(now_utc(), limit=1, claimer="screenshot")
    assert delivery.post_id == post.id
    delivery = store.deliveries.record_part_sent(delivery, 0, remote_id="1100")
    store.deliveries.mark_sent(
        delivery, remote_id="1100", remote_url="https://social.example.edu/@uni_it/1100"
    )
    now = now_utc().replace(second=0, microsecond=0)
    base = "https://social.example.edu/@"
    mentions = [
        ("mention", "2001", "maria@uni.social", "Maria Keller",
         "@uni_it what's your password policy? I can't log in to Moodle, my student ID is 20231234", 7, None),
        ("reply", "2002", "jonas@uni.social", "Jonas",
         "Thanks for the heads-up! Will the printers in the library be affected too?", 25, "1100"),
        ("mention", "2003", "lab@mastodon.example", "Physics Lab",
         "Shout-out to @uni_it for getting the lecture hall streaming back in ten minutes 👏", 70, None),
        ("quote", "2004", "studentunion@uni.social", "Student Union",
         "Worth knowing before the exam weeks: eduroam has planned maintenance tonight.", 130, None),
        ("mention", "2005", "alex@uni.social", "Alex",
         "@uni_it is the VPN down for everyone or just me?", 300, None),
    ]  # fmt: skip
    config = checks_of(store)
    ids = []
    for kind, remote, handle, name, text, minutes, answers in mentions:
        mention = Mention(
            "mastodon", kind, remote, f"{base}{handle.split('@')[0]}/{remote}", f"@{handle}",  # type: ignore[arg-type]
            name, text, now - timedelta(minutes=minutes), in_reply_to=answers,
        )  # fmt: skip
        support, findings = classify(text, config)
        store.inbox.add(masto.id, mention, support=support, findings=findings)
    for item in store.inbox.items():
        ids.append(item.id)
        if item.remote_id == "2005":
            store.inbox.mark_done(item.id)
        if item.remote_id == "2003":
            store.inbox.mark_read(item.id)
    return next(i.id for i in store.inbox.items() if i.remote_id == "2001")


def _shoot(*, empty: bool, dark: bool) -> int:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from studio.gui.app import build_services, build_window
    from studio.gui.inbox.page import InboxPage
    from studio.gui.inbox.view import InboxView

    app = QApplication(sys.argv[:1])
    services = build_services(app, synchronous=True)
    store = services.store
    assert store is not None
    support = _items(store) if not empty else 0
    if dark:
        services.theme.apply("dark")
    window = build_window(services)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.show_view("inbox")
    QTest.qWait(200)
    page = window.view_widget("inbox")
    assert isinstance(page, InboxPage)
    view = page.view
    assert isinstance(view, InboxView)
    if support:
        view.open_item(support)
    QTest.qWait(300)
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"app-inbox{'-empty' if empty else ''}{'-dark' if dark else ''}.png"
    window.grab().save(str(OUT / name))
    print(OUT / name)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
