"""Migration 12 (issue 17): the local side of kits and series shared through a team hub."""

V12: tuple[str, ...] = ()
