"""An incident on a handoff network (Threads): each later update's ready folder says which post it answers."""

from __future__ import annotations

from pathlib import Path

from studio.publish.runner import Runner
from studio.store import NewAccount, open_store
from studio.workflows import IncidentRequest, load_texts, open_incident, post_update
from tests.keyring_helpers import KEYRING


def test_later_updates_say_which_post_to_reply_to(studio_home: Path) -> None:
    texts = load_texts()
    with open_store(studio_home) as store:
        store.accounts.add(NewAccount("threads", "it-threads"))
        request = IncidentRequest(service="Printing", impact="queues stuck", account_names=("it-threads",))
        incident_id = open_incident(store, request, texts).incident.id
        assert Runner(store, credentials=KEYRING).run().ok
        post_update(store, incident_id, "identified", texts)
        assert Runner(store, credentials=KEYRING).run().ok
        folders = [
            Path(d.remote_id or "")
            for u in store.incidents.get(incident_id).updates
            for d in store.posts.get(u.post_id).deliveries
        ]
    first, second = (f / "README.txt" for f in folders)
    assert "continues a thread" not in first.read_text(encoding="utf-8")
    assert f"post it as a reply to the post made from {folders[0].name}." in second.read_text(
        encoding="utf-8"
    )
