"""Migration 10 (issue 18): engagement snapshots of sent deliveries.

A snapshot is what a network reported (or a person typed, or a CSV brought) about one delivery at one moment:
likes, reposts, replies and quotes (NULL where the network has none). The automatic ones are taken about one
hour, one day and seven days after sending, each at most once (`metric_snapshots_auto_once`). A delivery whose
post the network no longer has is in `metric_gone` and is never fetched again. `metric_waits` keeps an
account's "come back at" when its server said to slow down, so the next pull (cron, the app) leaves it alone
until then.
"""

V10: tuple[str, ...] = (
    """CREATE TABLE metric_snapshots (
        id INTEGER PRIMARY KEY,
        delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('auto-1h', 'auto-1d', 'auto-7d', 'pull', 'typed', 'csv')),
        likes INTEGER NOT NULL CHECK (likes >= 0),
        reposts INTEGER NOT NULL CHECK (reposts >= 0),
        replies INTEGER NOT NULL CHECK (replies >= 0),
        quotes INTEGER CHECK (quotes IS NULL OR quotes >= 0),
        measured_at TEXT NOT NULL
    )""",
    # The latest snapshot of a delivery is one index step away (archive list, the report, the Archive view).
    "CREATE INDEX metric_snapshots_latest ON metric_snapshots (delivery_id, measured_at, id)",
    """CREATE UNIQUE INDEX metric_snapshots_auto_once ON metric_snapshots (delivery_id, kind)
        WHERE kind IN ('auto-1h', 'auto-1d', 'auto-7d')""",
    """CREATE TABLE metric_gone (
        delivery_id INTEGER PRIMARY KEY REFERENCES deliveries (id) ON DELETE CASCADE,
        gone_at TEXT NOT NULL  -- the network answered that it no longer has the post: never fetched again
    )""",
    """CREATE TABLE metric_waits (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        wait_until TEXT NOT NULL  -- the server asked to slow down: no counts fetched before then
    )""",
)
