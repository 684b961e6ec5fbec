"""A stand-in for `studio.text` while that part is not in this build (it is being built on another branch).

Named as what it is: counts code points against the registry's limits and flags one word, just enough to
drive the Compose view through the same calls (`count_all`, `check`). The real engine replaces it in these
tests as soon as it lands in main.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.platforms import NETWORKS


@dataclass(frozen=True, slots=True)
class StandInCount:
    network: str
    length: int
    limit: int
    remaining: int
    ok: bool
    overflow_start: int | None


@dataclass(frozen=True, slots=True)
class StandInFinding:
    rule: str
    severity: str
    start: int
    end: int
    message: str
    suggestion: str | None


class StandInTextEngine:
    """Code-point counts and one jargon rule ("ASAP")."""

    def __init__(self) -> None:
        self.checked: list[str] = []

    def count_all(self, text: str) -> dict[str, StandInCount]:
        return {
            n.id: StandInCount(
                n.id,
                len(text),
                n.limit,
                n.limit - len(text),
                len(text) <= n.limit,
                n.limit if len(text) > n.limit else None,
            )
            for n in NETWORKS
        }

    def check(self, text: str) -> list[StandInFinding]:
        self.checked.append(text)
        found = []
        start = text.find("ASAP")
        while start >= 0:
            found.append(
                StandInFinding(
                    "jargon", "warning", start, start + 4, "“ASAP” reads as pressure", "as soon as we can"
                )
            )
            start = text.find("ASAP", start + 4)
        return found
