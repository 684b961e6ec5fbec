"""Writes drafts and queue changes in a loop, reporting each commit on stdout, until it is killed."""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path

from studio.store import NewPost, PostStatus, open_store
from studio.store.times import now_utc


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    workspace, draft_id, account_id = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    store = open_store(workspace)
    n = int(store.posts.get(draft_id).body.removeprefix("v") or 0)
    claimer = f"crash-{os.getpid()}"
    while True:
        n += 1
        store.posts.save_draft(draft_id, f"v{n}")
        _say(f"draft {n}")
        if n % 3 == 0:
            post = store.posts.create(
                NewPost(f"q{n}", account_ids=(account_id,), scheduled_at=now_utc() - timedelta(seconds=1)),
                PostStatus.SCHEDULED,
            )
            _say(f"post {post.id} q{n}")
        if n % 4 == 0:
            for delivery in store.deliveries.claim_due(now_utc(), limit=2, claimer=claimer):
                delivery = store.deliveries.record_part_sent(delivery, 0, remote_id=f"r{delivery.id}")
                store.deliveries.mark_sent(delivery, remote_id=f"r{delivery.id}", remote_url=f"https://x/{n}")
                _say(f"sent {delivery.id}")


if __name__ == "__main__":
    main()
