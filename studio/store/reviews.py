"""Review as stored: the people of the workspace with their role, and every review step of a post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from studio.errors import InputError
from studio.store.connection import Database
from studio.store.times import from_db, now_utc, to_db

__all__ = ["Person", "ReviewStep", "ReviewsRepo"]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone on the team, by name, as an author or a reviewer."""

    name: str
    role: str


@dataclass(frozen=True, slots=True)
class ReviewStep:
    """One step of a post's review: submitted, approved or changes requested, with a comment."""

    post_id: int
    at: datetime
    person: str
    action: str
    comment: str
    via: str


class ReviewsRepo:
    """People and review steps."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def set_person(self, name: str, role: str, *, at: datetime | None = None) -> Person:
        """Add someone, or change their role."""
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO people (name, role, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET role = excluded.role",
                (name, role, to_db(at or now_utc())),
            )
        return self.person(name)

    def person(self, name: str) -> Person:
        """Someone by name (any case); InputError naming the fix if unknown."""
        with self._db.read() as conn:
            row = conn.execute("SELECT name, role FROM people WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise InputError(
                f"--as {name!r}",
                "is not on the team",
                f"add them: studio review people add {name!r} --role reviewer",
            )
        return Person(str(row[0]), str(row[1]))

    def people(self) -> list[Person]:
        """Everyone, by name."""
        with self._db.read() as conn:
            return [
                Person(str(r[0]), str(r[1]))
                for r in conn.execute("SELECT name, role FROM people ORDER BY name")
            ]

    def add_step(
        self, post_id: int, person: str, action: str, comment: str, via: str, *, at: datetime | None = None
    ) -> None:
        """Append a review step."""
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO reviews (post_id, at, person, action, comment, via) VALUES (?, ?, ?, ?, ?, ?)",
                (post_id, to_db(at or now_utc()), person, action, comment, via),
            )

    def steps(self, post_id: int) -> list[ReviewStep]:
        """A post's review steps, oldest first."""
        with self._db.read() as conn:
            return [
                ReviewStep(int(r[0]), from_db(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]))
                for r in conn.execute(
                    "SELECT post_id, at, person, action, comment, via FROM reviews "
                    "WHERE post_id = ? ORDER BY id",
                    (post_id,),
                )
            ]
