"""Migration 11 (issue 17): what a team shares beyond posts (reviews, members, publishers, pictures, kits)."""

V11: tuple[str, ...] = ()
