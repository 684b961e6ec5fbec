"""Workspace settings (solo mode, the late window, ...): typed, with defaults, stored as JSON in the DB."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from studio.errors import InputError
from studio.store.connection import Database

__all__ = ["SettingsRepo", "WorkspaceSettings"]


@dataclass(frozen=True, slots=True)
class WorkspaceSettings:
    """Settings shared by everyone who uses this workspace."""

    # One person writes and publishes: posts go from draft straight to scheduled, skipping review.
    solo_mode: bool = True
    # A delivery due longer ago than this while Studio was offline is marked missed, not sent late.
    late_window_minutes: int = 24 * 60  # issue 5: late posts go out within a day, older ones wait
    # The zone times are shown and entered in when none is given; empty means the computer's zone.
    display_timezone: str = ""
    # Free text for the handover sheet: who to call, where the brand guide is, what the next team must know.
    team_notes: str = ""
    # The brand kit every picture is drawn with: a bundled kit's id or `kits/NAME` (empty: the example).
    kit: str = ""
    # E-mail alerts from `publish-due` (`studio alerts email`); an empty address means no alerts. The SMTP
    # password, if any, is in the OS keyring (`studio.alerts.SMTP_PASSWORD_KEY`), never here.
    alert_email_to: str = ""
    alert_email_from: str = ""  # empty: the same address as alert_email_to
    alert_smtp: str = ""  # HOST:PORT
    alert_smtp_starttls: bool = False
    alert_smtp_user: str = ""
    alert_since: str = ""  # when alerts were turned on (UTC, ISO 8601): older failures are not alerted
    alert_reconnect_ids: str = ""  # accounts already alerted as needing reconnecting ("3,7"), until fixed


_DESCRIPTIONS = {
    "solo_mode": "skip review: posts go from draft straight to scheduled",
    "late_window_minutes": "how late (minutes) a delivery may still go out after being offline",
    "display_timezone": "IANA zone for showing and entering times (empty: the computer's zone)",
    "team_notes": "notes for the account handover sheet",
    "kit": "the brand kit in use (set it with `studio kit use`)",
    "alert_email_to": "where `publish-due` sends e-mail alerts (set it with `studio alerts email`)",
    "alert_email_from": "the alerts' sender address (empty: the same as alert_email_to)",
    "alert_smtp": "the SMTP server of the alerts, HOST:PORT",
    "alert_smtp_starttls": "use STARTTLS with the alerts' SMTP server",
    "alert_smtp_user": "the SMTP user name (its password is in the OS keyring)",
    "alert_since": "when alerts were turned on; failures before it are not alerted",
    "alert_reconnect_ids": "accounts already alerted as needing reconnecting (kept until fixed)",
}


class SettingsRepo:
    """Reads and writes `WorkspaceSettings`."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @staticmethod
    def describe() -> dict[str, str]:
        """One line per setting, for help texts."""
        return dict(_DESCRIPTIONS)

    def get(self) -> WorkspaceSettings:
        """The current settings (defaults for anything never set)."""
        with self._db.read() as conn:
            stored = {
                key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM settings")
            }
        known = {f.name for f in fields(WorkspaceSettings)}
        return WorkspaceSettings(**{k: v for k, v in stored.items() if k in known})

    def update(self, **changes: Any) -> WorkspaceSettings:
        """Change some settings; an unknown name or a wrong type is an InputError."""
        current = self.get()
        defaults = asdict(WorkspaceSettings())
        for name, value in changes.items():
            if name not in defaults:
                raise InputError(f"setting {name}", "no such setting", f"known: {', '.join(defaults)}")
            if type(value) is not type(defaults[name]):
                raise InputError(
                    f"setting {name}", f"needs a {type(defaults[name]).__name__}", f"got {value!r}"
                )
        new = replace(current, **changes)
        with self._db.write() as conn:
            conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [(name, json.dumps(value)) for name, value in changes.items()],
            )
        return new
