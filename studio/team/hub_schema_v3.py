"""Hub schema 3 (issue 17): kits (versioned) and series, shared by the whole team."""

V3: tuple[str, ...] = ()
