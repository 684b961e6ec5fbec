"""What the Incidents view says after an update: a handoff is news, not a warning; no raw state names."""

from __future__ import annotations

from pathlib import Path

from studio.brand import default_kit
from studio.gui.incidents.desk import IncidentDesk, outcome
from studio.secrets import KeyringCredentials
from studio.store import NewAccount, open_store
from studio.workflows import IncidentKind, IncidentRequest


def test_a_handed_off_update_reads_ready_to_post_by_hand(studio_home: Path) -> None:
    with open_store(studio_home) as store:
        store.accounts.add(NewAccount("instagram", "IT Instagram"))
        desk = IncidentDesk.build(store, KeyringCredentials(), default_kit())
        request = IncidentRequest(
            service="Campus Wi-Fi", impact="no Wi-Fi in the library", account_names=("IT Instagram",),
            kind=IncidentKind("outage"),
        )  # fmt: skip
        result = desk.open(request)
        report = desk.send_due()  # the runner writes the handoff folder
        post = store.posts.get(result.post.id)
        incident = store.incidents.get(result.incident.id)
        lines = outcome(incident, post, report)
    assert lines
    warning, text, fix = lines[0]
    assert not warning
    assert "ready to post by hand on IT Instagram" in text
    assert "handed_off" not in text + fix
    assert "retried" not in text + fix
