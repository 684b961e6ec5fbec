"""The stage machines of outages and maintenance."""

from __future__ import annotations

import pytest

from studio.errors import InputError
from studio.workflows.stages import FINAL, FIRST, STAGES, IncidentKind, check_stage


def test_every_stage_can_reach_the_final_stage() -> None:
    for kind, table in STAGES.items():
        reachable = {FIRST[kind]}
        frontier = [FIRST[kind]]
        while frontier:
            for nxt in table[frontier.pop()]:
                if nxt not in reachable:
                    reachable.add(nxt)
                    frontier.append(nxt)
        assert reachable == set(table), kind
        assert table[FINAL[kind]] == frozenset()


def test_an_outage_may_fall_back_and_repeat_a_stage() -> None:
    assert check_stage(IncidentKind.OUTAGE, "monitoring", "investigating") == "investigating"
    assert check_stage(IncidentKind.OUTAGE, "identified", "identified") == "identified"


def test_spaces_and_dashes_are_accepted() -> None:
    assert check_stage(IncidentKind.MAINTENANCE, "starting", "In progress") == "in_progress"
    assert check_stage(IncidentKind.MAINTENANCE, "starting", "in-progress") == "in_progress"


def test_a_finished_incident_goes_nowhere() -> None:
    with pytest.raises(InputError, match=r"cannot go from resolved to investigating.*it is finished"):
        check_stage(IncidentKind.OUTAGE, "resolved", "investigating")


def test_a_stage_of_the_other_kind_is_named_in_the_error() -> None:
    with pytest.raises(InputError, match=r"--stage 'resolved': not a stage of a maintenance.*complete"):
        check_stage(IncidentKind.MAINTENANCE, "announced", "resolved")


def test_maintenance_cannot_complete_before_it_starts() -> None:
    with pytest.raises(InputError, match="from announced it can go to: announced, starting"):
        check_stage(IncidentKind.MAINTENANCE, "announced", "complete")
