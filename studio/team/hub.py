"""The hub: one PostgreSQL database a team's laptops meet in (docs/TEAM.md), reached through psycopg 3.

The address is libpq's: a `postgresql://` URL or `key=value` words, passed to libpq as given (so `sslmode`,
`sslrootcert` and the rest work), except the password, which is taken out and kept in the OS keyring under
`team-hub:<user>@<host>:<port>/<db>`. Every psycopg error is mapped here to a `HubError` of one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from studio.errors import InputError, UserError
from studio.secrets import CredentialStore

if TYPE_CHECKING:  # psycopg (and libpq) load with the first hub connection, not with every command
    import psycopg

__all__ = ["WRITE_LOCK", "HubAddress", "HubError", "connect", "mapped", "parse_hub", "writing"]

# Every write to the hub holds this transaction-level advisory lock, so `changed_seq` grows in commit order.
WRITE_LOCK = 0x57_7D_10_17
_CONNECT_TIMEOUT_S = 5


class HubError(UserError):
    """The hub cannot be reached, refused the sign-in, or is not (or not yet) a Studio team's hub."""


@dataclass(frozen=True, slots=True)
class HubAddress:
    """Where the hub is: libpq words without the password, and how it is shown and kept in the keyring."""

    conninfo: str

    @property
    def shown(self) -> str:
        """`user@host:port/db`, for messages (never a password)."""
        words = _words(self.conninfo)
        host = words.get("host") or words.get("hostaddr") or "localhost"
        return f"{words.get('user', '')}@{host}:{words.get('port') or 5432}/{words.get('dbname', '')}"

    @property
    def key(self) -> str:
        """The keyring entry (service `studio`) of the hub's password."""
        return f"team-hub:{self.shown}"


def parse_hub(text: str) -> tuple[HubAddress, str | None]:
    """The address given as `--hub` and the password it carried, if any (taken out of the address)."""
    try:
        words = _words(text.strip())
    except ValueError as error:
        raise InputError("--hub", f"not a PostgreSQL address ({error})", _HUB_FIX) from None
    if not text.strip() or not words.get("dbname"):
        raise InputError("--hub", "names no database", _HUB_FIX)
    password = words.pop("password", None)
    from psycopg.conninfo import make_conninfo

    return HubAddress(make_conninfo("", **words)), password


_HUB_FIX = "give it as postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full"


def _words(conninfo: str) -> dict[str, str]:
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        return {k: str(v) for k, v in conninfo_to_dict(conninfo).items()}
    except ProgrammingError as error:
        raise ValueError(str(error).splitlines()[0]) from None


def connect(address: HubAddress, credentials: CredentialStore) -> psycopg.Connection[tuple[object, ...]]:
    """A connection to the hub with the password from the keyring; HubError (one line) when it fails."""
    import psycopg

    password = credentials.get(address.key)
    try:
        conn = psycopg.connect(
            address.conninfo,
            password=password,
            connect_timeout=_CONNECT_TIMEOUT_S,
            application_name="studio",
            autocommit=True,  # every transaction is an explicit `conn.transaction()` (`writing`, the pull)
            options="-c TimeZone=UTC",
        )
    except psycopg.Error as error:
        raise mapped(address, error) from None
    return conn


@contextmanager
def writing(conn: psycopg.Connection[tuple[object, ...]], address: HubAddress) -> Iterator[None]:
    """One hub write transaction under the write lock; psycopg errors become HubError."""
    import psycopg

    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield
    except psycopg.Error as error:
        raise mapped(address, error) from None


def mapped(address: HubAddress, error: Exception) -> HubError:
    """The one-line HubError for a psycopg error met while talking to the hub."""
    import psycopg

    first = next((line.strip() for line in str(error).splitlines() if line.strip()), type(error).__name__)
    what = f"team hub {address.shown}"
    if "password authentication failed" in first or "no password supplied" in first:
        return HubError(
            what,
            "refused the sign-in",
            "give the hub's password again: studio team join ... --password-stdin",
        )
    if isinstance(error, psycopg.OperationalError):
        return HubError(
            what,
            f"cannot be reached ({first})",
            "check the network and the hub's address; your changes wait on this laptop",
        )
    return HubError(what, f"refused: {first}", "tell whoever runs the hub")
