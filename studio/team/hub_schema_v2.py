"""Hub schema 2 (issue 17): reviews, members' roles, account publishers and pictures' bytes."""

V2: tuple[str, ...] = ()
