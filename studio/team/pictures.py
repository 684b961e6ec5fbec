"""Pictures' bytes through the hub (docs/TEAM.md): content-addressed, each file sent once, capped per file.

A post's pictures travel as `media` rows (by SHA-256) with the post; their bytes travel here, after the
posts. Up: the hub is asked in one query which of this laptop's pictures it has, and the others are sent,
one row each (`INSERT ... ON CONFLICT DO NOTHING`: two laptops sending the same bytes store them once).
Down: each picture this laptop has a row but no file for is fetched, its SHA-256 checked, and written
atomically where `studio.store.media` keeps it. A picture past the cap is not sent (nor taken); a hub copy
whose bytes do not match their SHA-256 is not written and is removed from the hub, so the laptop that has
the picture sends it again. Each problem is one line in `team_refused`, so the round's report says it
(`SyncReport.refused`); the post itself syncs either way.

No hub write lock here: pictures carry no `changed_seq`, and a 25 MB upload must not hold up other laptops.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from studio.media import write_atomic
from studio.store import Store
from studio.team.link import TeamLink

if TYPE_CHECKING:
    import psycopg

__all__ = ["DEFAULT_CAP", "PictureTotals", "exchange_pictures", "over_cap"]

DEFAULT_CAP = 25 * 1024 * 1024  # bytes per picture
_SUBJECT = "picture "  # team_refused subjects: "picture <sha256>"
# Where `studio.store.media` keeps a picture; a pulled row naming any other path is refused.
_RELPATH = re.compile(r"media/([0-9a-f]{2})/([0-9a-f]{64})(\.[a-z]{3,4})?")


@dataclass(frozen=True, slots=True)
class PictureTotals:
    """What one exchange of pictures did."""

    sent: int = 0  # pictures whose bytes went up
    received: int = 0  # pictures whose bytes came down and were written
    refused: tuple[str, ...] = ()  # one line each


@dataclass(frozen=True, slots=True)
class _Local:
    sha256: str
    relpath: str
    size: int
    alt_text: str

    @property
    def shown(self) -> str:
        alt = f' ("{self.alt_text[:40]}")' if self.alt_text else ""
        return f"picture {self.relpath}{alt}"


def over_cap(name: str, size: int, cap: int) -> str:
    """The one line for a picture past the cap."""
    return (
        f"{name}: {size / 1_048_576:.1f} MB is over the team's cap of {cap / 1_048_576:g} MB per picture; "
        "it is not shared (the post is): make it smaller and add it again"
    )


def exchange_pictures(
    store: Store, conn: psycopg.Connection[Any], link: TeamLink, *, cap: int = DEFAULT_CAP
) -> PictureTotals:
    """Send the pictures the hub lacks, then fetch the ones this laptop lacks; refusals noted."""
    pictures = _pictures(store)
    problems: dict[str, str] = {}
    sent = _upload(store, conn, link, pictures, cap, problems)
    received = _download(store, conn, pictures, cap, problems)
    with store.db.write() as local:
        local.execute("DELETE FROM team_refused WHERE subject LIKE ?", (_SUBJECT + "%",))
        local.executemany(
            "INSERT OR REPLACE INTO team_refused (subject, problem) VALUES (?, ?)",
            [(_SUBJECT + sha, line) for sha, line in problems.items()],
        )
    return PictureTotals(sent, received, tuple(problems.values()))


def _pictures(store: Store) -> list[_Local]:
    with store.db.read() as local:
        return [
            _Local(str(r[0]), str(r[1]), int(r[2] or 0), str(r[3] or ""))
            for r in local.execute("SELECT sha256, relpath, size_bytes, alt_text FROM media ORDER BY id")
        ]


def _upload(
    store: Store,
    conn: psycopg.Connection[Any],
    link: TeamLink,
    pictures: list[_Local],
    cap: int,
    problems: dict[str, str],
) -> int:
    mine = [p for p in pictures if _where(p) and (store.workspace / p.relpath).is_file()]
    if not mine:
        return 0
    held = {
        str(r[0])
        for r in conn.execute(
            "SELECT sha256 FROM studio.pictures WHERE sha256 = ANY(%s)", ([p.sha256 for p in mine],)
        )
    }
    sent = 0
    for picture in mine:
        if picture.sha256 in held:
            continue
        path = store.workspace / picture.relpath
        size = path.stat().st_size
        if size > cap:
            problems[picture.sha256] = over_cap(picture.shown, size, cap)
            continue
        data = path.read_bytes()  # one picture in memory at a time, at most `cap` bytes
        if hashlib.sha256(data).hexdigest() != picture.sha256:
            problems[picture.sha256] = (
                f"{picture.shown}: the file on this laptop no longer matches its SHA-256; it is not shared "
                "(import the picture again)"
            )
            continue
        with conn.transaction():
            conn.execute(
                "INSERT INTO studio.pictures (sha256, size, data, uploaded_by) VALUES (%s, %s, %b, %s) "
                "ON CONFLICT (sha256) DO NOTHING",
                (picture.sha256, len(data), data, link.member),
            )
        sent += 1
    return sent


def _download(
    store: Store, conn: psycopg.Connection[Any], pictures: list[_Local], cap: int, problems: dict[str, str]
) -> int:
    for picture in pictures:
        if not _where(picture):  # only a row from the hub can say this: nothing is read or written there
            problems[picture.sha256] = (
                f"{picture.shown}: the hub names it by a path outside media/; not written "
                "(tell the team's admin)"
            )
    missing = [p for p in pictures if _where(p) and not (store.workspace / p.relpath).exists()]
    if not missing:
        return 0
    sizes = {
        str(r[0]): int(r[1])
        for r in conn.execute(
            "SELECT sha256, size FROM studio.pictures WHERE sha256 = ANY(%s)", ([p.sha256 for p in missing],)
        )
    }  # a picture not there yet (or past its sender's cap) waits: its post still syncs
    received = 0
    for picture in missing:
        if picture.sha256 not in sizes:
            continue
        if sizes[picture.sha256] > cap:
            problems[picture.sha256] = over_cap(picture.shown, sizes[picture.sha256], cap)
            continue
        with conn.cursor(binary=True) as cursor:  # the bytes as they are, not hex text twice their size
            row = cursor.execute(
                "SELECT data FROM studio.pictures WHERE sha256 = %s", (picture.sha256,)
            ).fetchone()
        if row is None:
            continue  # removed since the question above: it waits for its sender
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != picture.sha256:
            _drop_damaged(conn, picture.sha256)
            problems[picture.sha256] = (
                f"{picture.shown}: the hub's copy does not match its SHA-256 (damaged); not written "
                "here, and removed from the hub so the laptop that has it sends it again"
            )
            continue
        try:
            target = store.workspace / picture.relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data)  # a crash leaves either no file or the whole, checked one
        except OSError as error:
            problems[picture.sha256] = f"{picture.shown}: cannot be written here ({error.strerror or error})"
            continue
        received += 1
    return received


def _where(picture: _Local) -> bool:
    """Whether the row names the place `studio.store.media` keeps these bytes (a pulled row may not)."""
    shape = _RELPATH.fullmatch(picture.relpath)
    return shape is not None and shape.group(2) == picture.sha256 and shape.group(1) == picture.sha256[:2]


def _drop_damaged(conn: psycopg.Connection[Any], sha256: str) -> None:
    """Remove a hub copy whose bytes do not hash to its key (checked again by the hub itself)."""
    with conn.transaction():
        conn.execute(
            "DELETE FROM studio.pictures WHERE sha256 = %s AND encode(sha256(data), 'hex') <> sha256",
            (sha256,),
        )
