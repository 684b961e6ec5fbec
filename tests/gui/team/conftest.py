"""The team's app tests use the team tests' real parts: one PostgreSQL per run, a fresh hub per test, and
workspaces opened side by side as the other laptops (tests/integration/team/conftest.py)."""

from tests.integration.team.conftest import hub, laptop, postgres

__all__ = ["hub", "laptop", "postgres"]
