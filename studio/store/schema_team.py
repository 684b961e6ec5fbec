"""Migration 11 (issue 17): who made each post, reviews that travel with it, and the team's members here.

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
