"""The stages an incident goes through, per kind, and which stage may follow which."""

from __future__ import annotations

from enum import StrEnum

from studio.errors import InputError

__all__ = ["FINAL", "FIRST", "STAGES", "IncidentKind", "check_stage", "stage_label"]


class IncidentKind(StrEnum):
    """An unplanned outage or a planned maintenance."""

    OUTAGE = "outage"
    MAINTENANCE = "maintenance"


# Each stage may repeat ("still investigating"), and an outage may fall back when a fix does not hold:
# the running thread tells every setback honestly. The final stage closes the story.
STAGES: dict[IncidentKind, dict[str, frozenset[str]]] = {
    IncidentKind.OUTAGE: {
        "investigating": frozenset({"investigating", "identified", "monitoring", "resolved"}),
        "identified": frozenset({"identified", "investigating", "monitoring", "resolved"}),
        "monitoring": frozenset({"monitoring", "investigating", "identified", "resolved"}),
        "resolved": frozenset(),
    },
    IncidentKind.MAINTENANCE: {
        "announced": frozenset({"announced", "starting"}),
        "starting": frozenset({"in_progress", "extended", "complete"}),
        "in_progress": frozenset({"in_progress", "extended", "complete"}),
        "extended": frozenset({"extended", "complete"}),
        "complete": frozenset(),
    },
}
FIRST = {IncidentKind.OUTAGE: "investigating", IncidentKind.MAINTENANCE: "announced"}
FINAL = {IncidentKind.OUTAGE: "resolved", IncidentKind.MAINTENANCE: "complete"}


def stage_label(stage: str) -> str:
    """How a stage reads in text: `in_progress` -> `in progress`."""
    return stage.replace("_", " ")


def check_stage(kind: IncidentKind, old: str, new: str, *, what: str = "--stage") -> str:
    """The stage `new` (also accepted with spaces or dashes) if it may follow `old`; InputError if not."""
    wanted = new.strip().lower().replace(" ", "_").replace("-", "_")
    table = STAGES[kind]
    if wanted not in table:
        names = ", ".join(table)
        raise InputError(f"{what} {new!r}", f"not a stage of a {kind.value}", f"use one of: {names}")
    if wanted not in table[old]:
        allowed = ", ".join(sorted(table[old])) or "nothing (it is finished)"
        raise InputError(
            f"{what} {new!r}",
            f"a {kind.value} cannot go from {stage_label(old)} to {stage_label(wanted)}",
            f"from {stage_label(old)} it can go to: {allowed}",
        )
    return wanted
