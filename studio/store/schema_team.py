"""Migrations 8 and 11 (issue 17). 8 (at the end): a workspace as one laptop's copy of a team. 11: who made
each post, reviews that travel with it, and the team's members here.

Nothing here acts in a solo workspace (it has no `team_link` row). `team_posts.author` is the member whose
laptop made the post: a new local post takes this laptop's member (the trigger); a post from the hub takes
the hub's author (set while `team_applying` has its row, so the trigger leaves it alone). A review step is
part of its post's content in the hub, so adding or removing one marks the post changed. `team_members` is
the hub's list of members and roles as last synced, so the review rules hold offline too.
"""

_TEAM_ON = "EXISTS (SELECT 1 FROM team_link) AND NOT EXISTS (SELECT 1 FROM team_applying)"

V11: tuple[str, ...] = (
    "ALTER TABLE team_posts ADD COLUMN author TEXT",
    """CREATE TRIGGER team_post_author AFTER INSERT ON team_posts
        WHEN new.author IS NULL AND NOT EXISTS (SELECT 1 FROM team_applying)
        BEGIN
            UPDATE team_posts SET author = (SELECT member FROM team_link WHERE id = 1)
                WHERE post_id = new.post_id;
        END""",
    *(
        f"CREATE TRIGGER team_reviews_{verb.lower()} AFTER {verb} ON reviews WHEN {_TEAM_ON} "
        f"BEGIN UPDATE team_posts SET dirty = 1 WHERE post_id = {row}.post_id; END"
        for verb, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old"))
    ),
    """CREATE TABLE team_members (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('author', 'reviewer', 'admin')),
        joined_at TEXT NOT NULL,
        laptops INTEGER NOT NULL DEFAULT 0
    )""",
)


# Issue 17 (docs/TEAM.md): a workspace as one laptop's copy of a team. The triggers note every local change,
# only in a team workspace (a solo one has no `team_link` row) and never while hub changes are applied
# (`team_applying` has a row only inside that transaction). There a local claim (-> sending) is refused.
_DIRTY = "UPDATE team_posts SET dirty = 1 WHERE post_id = {row}.post_id"
_DIRTY_PART = (
    "UPDATE team_posts SET dirty = 1 WHERE post_id = "
    "(SELECT post_id FROM deliveries WHERE id = {row}.delivery_id)"
)
_POST_PARTS = ("post_texts", "post_formats", "post_media", "post_accounts", "deliveries", "delivery_parts")
V8: tuple[str, ...] = (
    """CREATE TABLE team_link (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hub TEXT NOT NULL,  -- postgresql:// URL without its password (that is in the keyring)
        team TEXT NOT NULL,
        member TEXT NOT NULL,
        copy_id TEXT NOT NULL,  -- this laptop's copy in the hub
        cursor INTEGER NOT NULL DEFAULT 0,  -- the last hub change pulled
        last_sync_at TEXT,
        created_at TEXT NOT NULL
    )""",
    "CREATE TABLE team_applying (id INTEGER PRIMARY KEY)",
    """CREATE TABLE team_posts (
        post_id INTEGER PRIMARY KEY,  -- no foreign key: the delete trigger reads it to make the tombstone
        uid TEXT NOT NULL UNIQUE,
        rev INTEGER NOT NULL DEFAULT 0,  -- the hub revision this copy is based on; 0: never in the hub
        base_hash TEXT NOT NULL DEFAULT '',  -- the content's hash at that revision
        dirty INTEGER NOT NULL DEFAULT 1,
        conflict_of TEXT,  -- a conflict copy: the uid of the post it copies, and whose version it keeps
        conflict_from TEXT
    )""",
    "CREATE INDEX team_posts_dirty ON team_posts (post_id) WHERE dirty = 1",
    # A delivery's uid in the hub is its idempotency key.
    "CREATE TABLE team_deliveries (delivery_id INTEGER PRIMARY KEY, rev INTEGER NOT NULL)",
    "CREATE TABLE team_tombstones (uid TEXT PRIMARY KEY, rev INTEGER NOT NULL)",
    f"CREATE TRIGGER team_post_new AFTER INSERT ON posts WHEN {_TEAM_ON} "
    "BEGIN INSERT INTO team_posts (post_id, uid) VALUES (new.id, lower(hex(randomblob(16)))); END",
    f"CREATE TRIGGER team_post_edit AFTER UPDATE ON posts WHEN {_TEAM_ON} "
    "BEGIN UPDATE team_posts SET dirty = 1 WHERE post_id = new.id; END",
    f"""CREATE TRIGGER team_post_gone BEFORE DELETE ON posts WHEN {_TEAM_ON}
        BEGIN
            INSERT OR REPLACE INTO team_tombstones (uid, rev)
                SELECT uid, rev FROM team_posts WHERE post_id = old.id AND rev > 0;
            DELETE FROM team_posts WHERE post_id = old.id;
        END""",
    *(
        f"CREATE TRIGGER team_{table}_{verb.lower()} AFTER {verb} ON {table} WHEN {_TEAM_ON} "
        f"BEGIN {(_DIRTY_PART if table == 'delivery_parts' else _DIRTY).format(row=row)}; END"
        for table in _POST_PARTS
        for verb, row in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old"))
    ),
    "CREATE TRIGGER team_delivery_forget AFTER DELETE ON deliveries "
    "BEGIN DELETE FROM team_deliveries WHERE delivery_id = old.id; END",
    f"""CREATE TRIGGER team_claim_in_hub BEFORE UPDATE OF state ON deliveries
        WHEN new.state = 'sending' AND (old.state != 'sending' OR new.claimed_by IS NOT old.claimed_by)
            AND {_TEAM_ON}
        BEGIN SELECT RAISE(ABORT, 'team workspace: deliveries are claimed in the hub'); END""",
)
