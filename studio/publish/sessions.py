"""Bluesky sessions kept in the credential store, beside the account's app password.

The app password lives under `account_key(id)`; the session (access and refresh tokens) under
`session_key(id)`, so a run need not sign in again, and a refreshed session survives to the next run.
"""

from __future__ import annotations

from studio.publish.xrpc import BlueskySession
from studio.secrets import CredentialStore, session_key

__all__ = ["StoredSessions", "forget_session"]


class StoredSessions:
    """A `SessionStore` for one account, backed by the credential store."""

    def __init__(self, credentials: CredentialStore, account_id: int) -> None:
        self._credentials = credentials
        self._key = session_key(account_id)

    def load(self) -> BlueskySession | None:
        text = self._credentials.get(self._key)
        if not text:
            return None
        try:
            return BlueskySession.from_json(text)
        except (ValueError, KeyError, TypeError):
            return None  # damaged: sign in again with the app password

    def save(self, session: BlueskySession) -> None:
        self._credentials.set(self._key, session.to_json())


def forget_session(credentials: CredentialStore, account_id: int) -> None:
    """Remove a kept session (when the account is removed or reconnected)."""
    credentials.delete(session_key(account_id))
