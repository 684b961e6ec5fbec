"""Migration 12 (issue 17): the local side of kits and series shared through a team hub.

Nothing here is used by a solo workspace. `team_kits` says which hub version each kit folder is based on
(and the files' hash then); `team_series` gives each series its hub uid; `team_series_entries` lists the
numbers the hub already has; `team_shared` keeps the cursor of these tables and the last kit choice synced;
`team_refused` keeps what the last round refused from the hub (a hostile kit), for `studio sync` to say;
`team_incidents` gives each incident its hub uid, `team_replies` lists the reply links the hub has.
"""

V12: tuple[str, ...] = (
    """CREATE TABLE team_kits (
        name TEXT PRIMARY KEY,  -- the folder's name under kits/
        rev INTEGER NOT NULL,  -- the hub version the folder is based on
        hash TEXT NOT NULL,  -- the files' hash at that version
        stat TEXT NOT NULL DEFAULT ''  -- the files' sizes and times then: unchanged, no need to hash again
    )""",
    """CREATE TABLE team_series (
        series_id INTEGER PRIMARY KEY REFERENCES series (id) ON DELETE CASCADE,
        uid TEXT NOT NULL UNIQUE,
        rev INTEGER NOT NULL DEFAULT 0,
        base_hash TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE team_series_entries (
        post_id INTEGER PRIMARY KEY REFERENCES series_entries (post_id) ON DELETE CASCADE
    )""",
    "CREATE TABLE team_shared (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE team_refused (subject TEXT PRIMARY KEY, problem TEXT NOT NULL)",
    """CREATE TABLE team_incidents (
        incident_id INTEGER PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
        uid TEXT NOT NULL UNIQUE,
        base_hash TEXT NOT NULL DEFAULT ''  -- the incident's hash when it last met the hub
    )""",
    # A new incident gets its hub uid at once, so the posts naming it name it by uid from the start.
    """CREATE TRIGGER team_incident_new AFTER INSERT ON incidents
        WHEN EXISTS (SELECT 1 FROM team_link) AND NOT EXISTS (SELECT 1 FROM team_applying)
        BEGIN
            INSERT INTO team_incidents (incident_id, uid) VALUES (new.id, lower(hex(randomblob(16))));
        END""",
    # The reply links (`deliveries.reply_to_delivery_id`) the hub has.
    """CREATE TABLE team_replies (
        delivery_id INTEGER PRIMARY KEY REFERENCES deliveries (id) ON DELETE CASCADE
    )""",
)
