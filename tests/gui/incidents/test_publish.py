"""End to end in the app: an outage opened and updated from the view goes out through the store, the runner
and the real Mastodon publisher to the loopback Mastodon-API server, as one thread."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.store import Account, DeliveryState, Store
from tests.gui.incidents.conftest import make_view
from tests.servers.mastodon_server import MastodonServer


def test_an_outage_from_the_view_is_one_thread_on_mastodon(
    qtbot: QtBot, services: Services, store: Store, masto: Account, mastodon: MastodonServer
) -> None:
    view = make_view(qtbot, services, publish=True)
    view.start_new()
    qtbot.keyClicks(view.form.service, "Campus Wi-Fi")
    qtbot.keyClicks(view.form.impact, "no connection in the library")
    qtbot.keyClick(view.form.impact, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    (first,) = mastodon.statuses()
    assert "Campus Wi-Fi" in first.text
    assert len(first.media_ids) == 1  # the status card
    assert first.in_reply_to_id is None
    assert f"sent {mastodon.url}" in view.thread_list.item(0).text()  # the thread shows where it went

    panel = view.update_panel
    panel.editor.selectAll()
    qtbot.keyClicks(panel.editor, "A switch failed in the library; a new one is on its way.")
    qtbot.keyClick(panel.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    panel.stage.setCurrentIndex(panel.stage.findData("resolved"))
    qtbot.keyClick(panel.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    statuses = mastodon.statuses()
    assert len(statuses) == 3
    assert [s.in_reply_to_id for s in statuses] == [None, statuses[0].id, statuses[1].id]
    assert statuses[1].text == "A switch failed in the library; a new one is on its way."
    (incident,) = store.incidents.list_all()
    assert not incident.is_open
    posts = [store.posts.get(u.post_id) for u in incident.updates]
    assert all(p.deliveries[0].state is DeliveryState.SENT for p in posts)
    assert view.thread_list.count() == 3
    assert services.messages.history[-1].text == "Campus Wi-Fi is closed; the held posts were released"
    assert any("resolved update posted to 1 account" in m.text for m in services.messages.history)


def test_a_refused_post_is_reported_and_the_update_stays_in_the_thread(
    qtbot: QtBot, services: Services, store: Store, masto: Account, mastodon: MastodonServer
) -> None:
    mastodon.revoke("test-token")  # the account's token no longer works
    view = make_view(qtbot, services, publish=True)
    view.start_new()
    qtbot.keyClicks(view.form.service, "VPN")
    qtbot.keyClicks(view.form.impact, "slow")
    view.form.open_button.click()
    assert mastodon.statuses() == []
    warning = services.messages.history[-1]
    assert warning.text.startswith("VPN: investigating update: 0 of 1 account posted; it-masto:")
    (incident,) = store.incidents.list_all()
    assert incident.is_open  # the incident and its update are kept: reconnecting the account sends it
    assert "it-masto" in view.thread_list.item(0).text()
