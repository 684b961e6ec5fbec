"""Migration 10 (issue 18): engagement snapshots of sent deliveries."""

V10: tuple[str, ...] = ()
