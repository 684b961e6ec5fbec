"""A team on several laptops: each keeps its full workspace and syncs it through a PostgreSQL hub.

The design and its rules are in docs/TEAM.md. Qt-free. Importing the package, the link (is this a team
workspace?) or the claim strategy loads no psycopg: a solo workspace never pays for it. The names that talk to
the hub load on first use (PEP 562), psycopg with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.lazy import lazy_names
from studio.team.claims import HubClaimer, claim_strategy
from studio.team.hub import HubAddress, HubError, parse_hub
from studio.team.link import TeamLink, read_link

if TYPE_CHECKING:
    from studio.team.rounds import SyncReport, sync_round
    from studio.team.setup import TeamStatus, create_team, join_team, team_status

__all__ = [
    "HubAddress",
    "HubClaimer",
    "HubError",
    "SyncReport",
    "TeamLink",
    "TeamStatus",
    "claim_strategy",
    "create_team",
    "join_team",
    "parse_hub",
    "read_link",
    "sync_round",
    "team_status",
]

_LAZY = {
    **dict.fromkeys(("SyncReport", "sync_round"), "rounds"),
    **dict.fromkeys(("TeamStatus", "create_team", "join_team", "team_status"), "setup"),
}

__getattr__ = lazy_names(__name__, _LAZY, globals())
