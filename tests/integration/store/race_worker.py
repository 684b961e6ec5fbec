"""Claims and finishes due deliveries as fast as it can, racing a copy of itself; prints what it claimed."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from studio.store import open_store
from studio.store.times import now_utc


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> None:
    workspace, go, claimer = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    store = open_store(workspace)
    deadline = time.monotonic() + 30
    while not go.exists():  # both runners start together
        if time.monotonic() > deadline:
            sys.exit("no go signal")
        time.sleep(0.001)
    mine: list[int] = []
    while claimed := store.deliveries.claim_due(now_utc(), limit=3, claimer=claimer):
        for delivery in claimed:
            mine.append(delivery.id)
            delivery = store.deliveries.record_part_sent(delivery, 0, remote_id=f"{claimer}-{delivery.id}")
            store.deliveries.mark_sent(
                delivery, remote_id=f"{claimer}-{delivery.id}", remote_url="https://x/"
            )
    _say(json.dumps(mine))


if __name__ == "__main__":
    main()
