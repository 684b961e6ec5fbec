"""Hub schema 4 (issue 17): pictures' bytes, and which laptops can publish for each account.

`pictures` holds each picture's bytes once, keyed by the SHA-256 of those bytes (the key every laptop's
`media` row already carries), as `bytea`: a picture is capped (25 MB by default, `studio.team.pictures`),
far below bytea's 1 GB, and a row is transactional, dumped by `pg_dump` and removed by `DELETE` like any
other (large objects need `lo_unlink` or `vacuumlo`, and extra rights on managed PostgreSQL). Storage is
EXTERNAL: JPEG, PNG and WebP are compressed already, so TOAST does not try again.

`account_publishers` lists, per laptop (copy), the accounts its keyring holds a credential for (or that
need none: handoff networks); each laptop replaces its own rows at every round and every hub claim.
"""

V4: tuple[str, ...] = (
    """CREATE TABLE studio.pictures (
        sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size bigint NOT NULL,
        data bytea NOT NULL,
        uploaded_by text NOT NULL,  -- the member whose laptop sent it
        uploaded_at timestamptz NOT NULL DEFAULT now()
    )""",
    "ALTER TABLE studio.pictures ALTER COLUMN data SET STORAGE EXTERNAL",
    """CREATE TABLE studio.account_publishers (
        account_name text NOT NULL,
        copy_id text NOT NULL REFERENCES studio.copies (id),
        member text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (account_name, copy_id)
    )""",
)
