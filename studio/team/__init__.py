"""A team on several laptops: each keeps its full workspace and syncs it through a PostgreSQL hub.

The design and its rules are in docs/TEAM.md. Qt-free; psycopg loads with the first hub connection.
"""

from studio.team.claims import HubClaimer, claim_strategy
from studio.team.hub import HubAddress, HubError, parse_hub
from studio.team.link import TeamLink, read_link
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
