"""Migration 9 (issue 18): the mentions inbox, kept locally so it reads offline."""

V9: tuple[str, ...] = ()
