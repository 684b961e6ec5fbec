"""Forward-only numbered schema migrations; the schema version lives in `PRAGMA user_version`.

Migration N turns a version N-1 database into version N. Never edit a released migration: add the next one
(8 and later live in schema_*.py, one module each).
"""

from __future__ import annotations

from studio.store.schema_inbox import V9
from studio.store.schema_metrics import V10
from studio.store.schema_team import V8, V11
from studio.store.schema_team_shared import V12

__all__ = ["LATEST", "MIGRATIONS", "REBUILDS"]

_V1 = (
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL  -- JSON
    )""",
    """CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        network TEXT NOT NULL,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        handle TEXT NOT NULL DEFAULT '',
        instance_url TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        options TEXT NOT NULL DEFAULT '{}',  -- JSON of AccountOptions; never a secret
        needs_reconnect INTEGER NOT NULL DEFAULT 0,
        reconnect_reason TEXT NOT NULL DEFAULT '',
        last_checked_at TEXT,
        last_published_at TEXT,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE posts (
        id INTEGER PRIMARY KEY,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN
            ('draft', 'in_review', 'approved', 'scheduled', 'published', 'failed', 'cancelled')),
        scheduled_at TEXT,
        series TEXT NOT NULL DEFAULT '',
        incident TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    # The queue view's order: unscheduled posts ('~' sorts after any time) then the latest time first.
    "CREATE INDEX posts_by_time ON posts (coalesce(scheduled_at, '~'), id)",
    """CREATE TABLE media (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        relpath TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('photo', 'cartoon', 'graphic')),
        focus_x REAL NOT NULL DEFAULT 0 CHECK (focus_x BETWEEN -1 AND 1),
        focus_y REAL NOT NULL DEFAULT 0 CHECK (focus_y BETWEEN -1 AND 1),
        alt_text TEXT NOT NULL DEFAULT '',
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        mime TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE post_media (
        post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        media_id INTEGER NOT NULL REFERENCES media (id),
        template TEXT NOT NULL DEFAULT '',
        caption TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (post_id, position)
    )""",
    "CREATE INDEX post_media_by_media ON post_media (media_id)",
    """CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY,
        post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        -- A removed account leaves its history: the name and network are kept with the delivery.
        account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
        account_name TEXT NOT NULL,
        network TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN
            ('queued', 'sending', 'sent', 'retrying', 'failed', 'cancelled', 'missed', 'held')),
        attempts INTEGER NOT NULL DEFAULT 0,
        due_at TEXT NOT NULL,  -- when the runner may take it: the post's time, or the next retry
        next_attempt_at TEXT,
        idempotency_key TEXT NOT NULL UNIQUE,
        claimed_by TEXT,
        claimed_at TEXT,
        remote_id TEXT,
        remote_url TEXT,
        last_error TEXT NOT NULL DEFAULT '',
        sent_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (post_id, account_id)
    )""",
    # Only waiting deliveries, in due order: a claim reads a few index entries, however long the history.
    """CREATE INDEX deliveries_waiting ON deliveries (due_at, id)
        WHERE state IN ('queued', 'retrying', 'sending')""",
    "CREATE INDEX deliveries_by_account ON deliveries (account_id)",
    """CREATE TABLE delivery_parts (
        delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        record_key TEXT NOT NULL,
        remote_id TEXT,
        remote_uri TEXT,
        remote_cid TEXT,
        sent_at TEXT,
        PRIMARY KEY (delivery_id, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE delivery_events (
        id INTEGER PRIMARY KEY,
        delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 0,
        detail TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX delivery_events_by_delivery ON delivery_events (delivery_id, id)",
    # The audit is append-only: the database itself refuses to change or drop a line.
    """CREATE TRIGGER delivery_events_no_update BEFORE UPDATE ON delivery_events
        BEGIN SELECT RAISE(ABORT, 'delivery_events is append-only'); END""",
)

# Incidents and maintenance (studio.workflows): a living thread of updates per incident, and the thread
# link on deliveries: a delivery that continues a thread names the delivery it replies to.
_V2 = (
    """CREATE TABLE incidents (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('outage', 'maintenance')),
        service TEXT NOT NULL,
        impact TEXT NOT NULL,
        status_url TEXT NOT NULL DEFAULT '',
        stage TEXT NOT NULL,
        started_at TEXT NOT NULL,
        next_update_at TEXT,  -- the time promised in the last update; NULL when none was promised
        closed_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX incidents_open ON incidents (id) WHERE closed_at IS NULL",
    """CREATE TABLE incident_accounts (
        incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (incident_id, account_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE incident_updates (
        id INTEGER PRIMARY KEY,
        incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        stage TEXT NOT NULL,
        post_id INTEGER NOT NULL REFERENCES posts (id),
        next_update_at TEXT,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX incident_updates_by_incident ON incident_updates (incident_id, id)",
    # Which promotional deliveries an incident held, so closing it releases exactly those.
    """CREATE TABLE incident_holds (
        incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        released_at TEXT,
        PRIMARY KEY (incident_id, delivery_id)
    )""",
    "ALTER TABLE deliveries ADD COLUMN reply_to_delivery_id INTEGER REFERENCES deliveries (id)",
)

# Recurring series (a weekly slot, a backlog of drafts, numbering), blackout days from calendars, and
# posting slots per account.
_V3 = (
    """CREATE TABLE series (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        title TEXT NOT NULL DEFAULT '',  -- the numbered first line, e.g. 'Tech Tip #{number}'
        weekdays TEXT NOT NULL,  -- e.g. '1' (Tuesday) or '0,2,4'; 0 is Monday
        times TEXT NOT NULL,  -- local wall-clock times, e.g. '10:00'
        timezone TEXT NOT NULL,  -- IANA zone the times are in
        blackout_mode TEXT NOT NULL DEFAULT 'skip' CHECK (blackout_mode IN ('skip', 'shift')),
        next_number INTEGER NOT NULL DEFAULT 1 CHECK (next_number >= 1),
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE series_accounts (
        series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (series_id, account_id)
    ) WITHOUT ROWID""",
    # The number each scheduled episode got (numbers are never reused, even if a post is cancelled).
    """CREATE TABLE series_entries (
        post_id INTEGER PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
        series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        slot_at TEXT NOT NULL,
        UNIQUE (series_id, number)
    )""",
    """CREATE TABLE blackouts (
        id INTEGER PRIMARY KEY,
        calendar TEXT NOT NULL,  -- the name it was imported under; importing again replaces it
        summary TEXT NOT NULL DEFAULT '',
        start_date TEXT NOT NULL,  -- YYYY-MM-DD, local
        end_date TEXT NOT NULL  -- exclusive, as in ICS
    )""",
    "CREATE INDEX blackouts_by_calendar ON blackouts (calendar)",
    """CREATE TABLE account_slots (
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
        at_time TEXT NOT NULL,  -- HH:MM in the workspace's display zone
        PRIMARY KEY (account_id, weekday, at_time)
    ) WITHOUT ROWID""",
)

# The archive: full-text search (FTS5) over every published delivery's text. The index keeps its own copy
# of the text (snippets need it); triggers keep it in step with the deliveries, and the backfill indexes
# what was sent before this version.
_ARCHIVE_ROW = (
    "SELECT d.id, (SELECT group_concat(text, char(10)) FROM "
    "(SELECT text FROM delivery_parts WHERE delivery_id = d.id ORDER BY position)), "
    "d.account_name, d.network FROM deliveries d"
)
_V4 = (
    """CREATE VIRTUAL TABLE archive_fts USING fts5(
        text, account, network, tokenize = 'unicode61 remove_diacritics 2'
    )""",
    f"INSERT INTO archive_fts (rowid, text, account, network) {_ARCHIVE_ROW} WHERE d.state = 'sent'",
    f"""CREATE TRIGGER archive_on_sent AFTER UPDATE OF state ON deliveries
        WHEN new.state = 'sent' AND old.state != 'sent'
        BEGIN
            INSERT INTO archive_fts (rowid, text, account, network) {_ARCHIVE_ROW} WHERE d.id = new.id;
        END""",
    """CREATE TRIGGER archive_on_delete AFTER DELETE ON deliveries
        BEGIN DELETE FROM archive_fts WHERE rowid = old.id; END""",
)

# Review by name (no server, no login): who may review, and every review step with its comment.
_V5 = (
    """CREATE TABLE people (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('author', 'reviewer')),
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        person TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('submitted', 'approved', 'changes_requested')),
        comment TEXT NOT NULL DEFAULT '',
        via TEXT NOT NULL DEFAULT 'studio'  -- 'bundle': recorded afterwards from a review bundle
    )""",
    "CREATE INDEX reviews_by_post ON reviews (post_id, id)",
)

# Handoff deliveries wait for the person to post them on the phone and confirm: a new state, 'handed_off'.
# A CHECK constraint cannot be changed in place, so `deliveries` is rebuilt by SQLite's documented procedure
# (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"): with foreign
# keys off (see REBUILDS; a DROP would otherwise cascade into the parts, audit and holds), make the new table,
# copy every row with its id (so delivery_parts, delivery_events, incident_holds, reply_to_delivery_id and the
# archive's rowids all still match), drop the old table (its indexes and triggers go with it), rename the new
# one into its place (child tables name `deliveries`, so their references need no change), recreate the
# indexes and triggers, and check the foreign keys before committing.
_V6 = (
    """CREATE TABLE new_deliveries (
        id INTEGER PRIMARY KEY,
        post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        -- A removed account leaves its history: the name and network are kept with the delivery.
        account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
        account_name TEXT NOT NULL,
        network TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN
            ('queued', 'sending', 'sent', 'retrying', 'failed', 'cancelled', 'missed', 'held', 'handed_off')),
        attempts INTEGER NOT NULL DEFAULT 0,
        due_at TEXT NOT NULL,  -- when the runner may take it: the post's time, or the next retry
        next_attempt_at TEXT,
        idempotency_key TEXT NOT NULL UNIQUE,
        claimed_by TEXT,
        claimed_at TEXT,
        remote_id TEXT,  -- handed_off: the ready folder's path
        remote_url TEXT,  -- handed_off: the folder's file:// URI; once confirmed, the URL the person pasted
        last_error TEXT NOT NULL DEFAULT '',
        sent_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        reply_to_delivery_id INTEGER REFERENCES deliveries (id),
        UNIQUE (post_id, account_id)
    )""",
    """INSERT INTO new_deliveries (id, post_id, account_id, account_name, network, state, attempts, due_at,
        next_attempt_at, idempotency_key, claimed_by, claimed_at, remote_id, remote_url, last_error, sent_at,
        created_at, updated_at, reply_to_delivery_id)
    SELECT id, post_id, account_id, account_name, network, state, attempts, due_at,
        next_attempt_at, idempotency_key, claimed_by, claimed_at, remote_id, remote_url, last_error, sent_at,
        created_at, updated_at, reply_to_delivery_id
    FROM deliveries""",
    "DROP TABLE deliveries",
    "ALTER TABLE new_deliveries RENAME TO deliveries",
    # The same indexes and triggers as V1 and V4 (a handed-off delivery is not waiting for the runner).
    """CREATE INDEX deliveries_waiting ON deliveries (due_at, id)
        WHERE state IN ('queued', 'retrying', 'sending')""",
    "CREATE INDEX deliveries_by_account ON deliveries (account_id)",
    f"""CREATE TRIGGER archive_on_sent AFTER UPDATE OF state ON deliveries
        WHEN new.state = 'sent' AND old.state != 'sent'
        BEGIN
            INSERT INTO archive_fts (rowid, text, account, network) {_ARCHIVE_ROW} WHERE d.id = new.id;
        END""",
    """CREATE TRIGGER archive_on_delete AFTER DELETE ON deliveries
        BEGIN DELETE FROM archive_fts WHERE rowid = old.id; END""",
    # New: what waits for the person to confirm, oldest first, without reading the history.
    "CREATE INDEX deliveries_handed_off ON deliveries (updated_at, id) WHERE state = 'handed_off'",
)

# Issue 13: a post's own text and picture format per network, and the accounts a draft is meant for (a
# scheduled post's deliveries say that too; a draft has none until it is scheduled).
_V7 = (
    """CREATE TABLE post_texts (
        post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        network TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (post_id, network)
    )""",
    """CREATE TABLE post_formats (
        post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        network TEXT NOT NULL,
        format_id TEXT NOT NULL,
        PRIMARY KEY (post_id, network)
    )""",
    """CREATE TABLE post_accounts (
        post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        PRIMARY KEY (post_id, account_id)
    )""",
    "CREATE INDEX post_accounts_by_account ON post_accounts (account_id)",
    # The Drafts list: unsent drafts, the latest change first.
    "CREATE INDEX posts_by_update ON posts (status, updated_at)",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, V8, V9, V10, V11, V12)
LATEST = len(MIGRATIONS)

# Migrations that rebuild a table: they run with foreign keys off, and before they commit
# `PRAGMA foreign_key_check` must find nothing in these tables (the rebuilt one and those referring to it).
REBUILDS: dict[int, tuple[str, ...]] = {
    6: ("deliveries", "delivery_parts", "delivery_events", "incident_holds"),
}
