"""Hub schema 3 (issue 17): kits (versioned), the kit choice, series and their numbers, incidents, replies.

A kit is a folder of small files. Every version the team pushed is kept (`kit_files` by `rev`); `kits` says
which is current. Series meet by uid and carry their settings as JSON; `series_entries` holds the number each
episode (a post, by uid) took, unique per series, so a number is given once across the team. An incident
is one JSON document (its updates name their posts by uid); `delivery_replies` says which delivery (by
idempotency key) continues which thread.
"""

V3: tuple[str, ...] = (
    """CREATE TABLE studio.kits (
        name text PRIMARY KEY,  -- the folder's name under the workspace's kits/
        rev bigint NOT NULL,
        hash text NOT NULL,  -- of the current version's files (paths and bytes)
        size bigint NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        changed_seq bigint NOT NULL
    )""",
    "CREATE INDEX kits_changed ON studio.kits (changed_seq)",
    """CREATE TABLE studio.kit_files (
        kit text NOT NULL REFERENCES studio.kits (name),
        rev bigint NOT NULL,
        path text NOT NULL,  -- relative, '/'-separated, checked again by every laptop that pulls it
        data bytea NOT NULL,
        PRIMARY KEY (kit, rev, path)
    )""",
    # Settings the team shares; 'kit' is the workspace kit every laptop uses.
    """CREATE TABLE studio.shared_settings (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_by text NOT NULL,
        changed_seq bigint NOT NULL
    )""",
    """CREATE TABLE studio.series (
        uid text PRIMARY KEY,
        name text NOT NULL UNIQUE,  -- posts name their series; two laptops' series of one name are one
        rev bigint NOT NULL,
        content jsonb NOT NULL,  -- title, weekdays, times, zone, blackout mode, accounts
        hash text NOT NULL,
        next_number integer NOT NULL,
        updated_by text NOT NULL,
        changed_seq bigint NOT NULL
    )""",
    "CREATE INDEX series_changed ON studio.series (changed_seq)",
    """CREATE TABLE studio.series_entries (
        post_uid text PRIMARY KEY,
        series_uid text NOT NULL REFERENCES studio.series (uid),
        number integer NOT NULL,
        slot_at text NOT NULL,
        changed_seq bigint NOT NULL,
        UNIQUE (series_uid, number)
    )""",
    "CREATE INDEX series_entries_changed ON studio.series_entries (changed_seq)",
    """CREATE TABLE studio.incidents (
        uid text PRIMARY KEY,
        content jsonb NOT NULL,  -- fields, accounts, updates (post uids), holds (delivery uids)
        hash text NOT NULL,
        updated_by text NOT NULL,
        changed_seq bigint NOT NULL
    )""",
    "CREATE INDEX incidents_changed ON studio.incidents (changed_seq)",
    """CREATE TABLE studio.delivery_replies (
        delivery_uid text PRIMARY KEY,
        reply_to_uid text NOT NULL,
        changed_seq bigint NOT NULL
    )""",
    "CREATE INDEX delivery_replies_changed ON studio.delivery_replies (changed_seq)",
)
