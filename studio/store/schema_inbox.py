"""Migration 9 (issue 18): the mentions inbox, kept locally so it reads offline.

An item is somebody's post that mentions, answers or quotes one of the workspace's accounts, once per account
(`UNIQUE (account_id, remote_id)`: fetching again never makes a second row). `in_reply_to_delivery` is the
delivery of ours it answers, when it answers one; `reply_post_id` is the post Studio queued to answer it.
"""

V9: tuple[str, ...] = (
    """CREATE TABLE inbox_items (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        network TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('mention', 'reply', 'quote')),
        remote_id TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        author_handle TEXT NOT NULL DEFAULT '',
        author_name TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        in_reply_to TEXT,
        in_reply_to_delivery INTEGER REFERENCES deliveries (id) ON DELETE SET NULL,
        thread_root TEXT,
        cid TEXT NOT NULL DEFAULT '',
        root_cid TEXT NOT NULL DEFAULT '',
        support INTEGER NOT NULL DEFAULT 0,
        findings TEXT NOT NULL DEFAULT '[]',  -- JSON: the text engine's findings (personal data, ...)
        fetched_at TEXT NOT NULL,
        read_at TEXT,
        done_at TEXT,
        assigned_to TEXT,
        reply_post_id INTEGER REFERENCES posts (id) ON DELETE SET NULL,
        visibility TEXT NOT NULL DEFAULT 'public',  -- a reply goes out no more public than the item
        UNIQUE (account_id, remote_id)
    )""",
    "CREATE INDEX inbox_open ON inbox_items (done_at, created_at)",
    "CREATE INDEX inbox_by_reply_post ON inbox_items (reply_post_id) WHERE reply_post_id IS NOT NULL",
    """CREATE TABLE inbox_cursors (
        account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        cursor TEXT,
        fetched_at TEXT,
        wait_until TEXT  -- the server asked to slow down: no fetch for this account before then
    )""",
)
