"""The Incidents view with pytest-qt: opening an incident from the form, the update panel, the rules."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from studio.gui.app import Services
from studio.gui.incidents.model import IncidentsModel, order_incidents
from studio.gui.incidents.update import next_stages
from studio.store import Account, DeliveryState, NewPost, PostStatus, Store
from studio.store.times import now_utc
from studio.workflows import IncidentKind, IncidentRequest, load_texts, open_incident
from tests.gui.incidents.conftest import make_view


def _type_form(qtbot: QtBot, view: object, service: str, impact: str) -> None:
    from studio.gui.incidents.view import IncidentsView

    assert isinstance(view, IncidentsView)
    qtbot.keyClicks(view.form.service, service)
    qtbot.keyClicks(view.form.impact, impact)


def test_an_empty_workspace_says_what_will_appear_and_ctrl_n_opens_the_form(
    qtbot: QtBot, services: Services, offline_masto: Account
) -> None:
    view = make_view(qtbot, services, publish=False)
    assert view.pages.currentWidget() is view.empty
    assert "New incident (Ctrl+N)" in view.empty.text.text()
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert view.pages.currentWidget() is view.form
    assert view.form.chosen_accounts() == ["it-masto"]  # the only account is ticked


def test_the_form_opens_an_incident_with_the_keyboard_and_shows_its_thread(
    qtbot: QtBot, services: Services, store: Store, offline_masto: Account
) -> None:
    view = make_view(qtbot, services, publish=False)
    view.start_new()
    _type_form(qtbot, view, "Campus Wi-Fi", "no connection in the library")
    qtbot.keyClicks(view.form.status_url, "https://status.example.edu")
    qtbot.keyClick(view.form.status_url, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    (incident,) = store.incidents.list_all()
    assert (incident.service, incident.stage, incident.is_open) == ("Campus Wi-Fi", "investigating", True)
    assert incident.next_update_at is not None
    assert abs((incident.next_update_at - now_utc()) - timedelta(minutes=30)) < timedelta(minutes=1)
    post = store.posts.get(incident.updates[0].post_id)
    assert post.status is PostStatus.SCHEDULED
    assert post.media
    assert post.media[0].template == "status"
    # the view shows it: the row, the thread of one update, and the next update ready with "identified"
    assert view.model.rowCount() == 1
    assert view.pages.currentWidget() is view.detail
    assert view.heading.text() == "Campus Wi-Fi: no connection in the library"
    assert view.thread_list.count() == 1
    assert "Investigating" in view.thread_list.item(0).text()
    assert "waiting to go out" in view.thread_list.item(0).text()
    assert view.update_panel.current_stage == "identified"
    assert "Campus Wi-Fi" in view.update_panel.editor.toPlainText()
    assert "Mastodon" in view.update_panel.counts.text()
    assert view.update_panel.card.pixmap() is not None
    assert not view.update_panel.card.pixmap().isNull()


def test_a_bad_form_says_what_is_wrong_and_keeps_what_was_typed(
    qtbot: QtBot, services: Services, store: Store, offline_masto: Account
) -> None:
    view = make_view(qtbot, services, publish=False)
    view.start_new()
    qtbot.keyClicks(view.form.service, "VPN")
    view.form.open_button.click()
    assert not view.form.problem.isHidden()
    assert "--impact: is empty" in view.form.problem.text()
    assert view.form.service.text() == "VPN"
    assert store.incidents.list_all() == []
    assert view.form.open_button.isEnabled()


def test_posting_an_update_follows_the_template_and_the_user_edits(
    qtbot: QtBot, services: Services, store: Store, offline_masto: Account
) -> None:
    texts = load_texts()
    request = IncidentRequest(service="Moodle", impact="slow pages", account_names=("it-masto",))
    opened = open_incident(store, request, texts)
    view = make_view(qtbot, services, publish=False)
    view.select(opened.incident.id)
    panel = view.update_panel
    # the stage's template fills the text; switching stage refills it while untouched
    index = panel.stage.findData("monitoring")
    panel.stage.setCurrentIndex(index)
    assert "a fix is in place and we are watching it" in panel.editor.toPlainText()
    panel.editor.selectAll()
    qtbot.keyClicks(panel.editor, "Fixed a bad cache; we are watching it.")
    panel.stage.setCurrentIndex(panel.stage.findData("identified"))
    assert panel.editor.toPlainText() == "Fixed a bad cache; we are watching it."  # the user's words stay
    qtbot.keyClick(panel.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    incident = store.incidents.get(opened.incident.id)
    assert [u.stage for u in incident.updates] == ["investigating", "identified"]
    second = store.posts.get(incident.updates[1].post_id)
    assert second.body == "Fixed a bad cache; we are watching it."
    first_delivery = store.posts.get(incident.updates[0].post_id).deliveries[0]
    assert second.deliveries[0].reply_to_delivery_id == first_delivery.id  # a reply in the thread
    assert view.thread_list.count() == 2
    assert panel.problem.isHidden()
    # ready for the next one: the likely next stage, its template, not the text that went out
    assert panel.current_stage == "monitoring"
    assert "a fix is in place" in panel.editor.toPlainText()


def test_an_empty_update_is_refused_with_the_workflows_message(
    qtbot: QtBot, services: Services, store: Store, offline_masto: Account
) -> None:
    request = IncidentRequest(service="VPN", impact="slow", account_names=("it-masto",))
    opened = open_incident(store, request, load_texts())
    view = make_view(qtbot, services, publish=False)
    view.select(opened.incident.id)
    view.update_panel.editor.clear()
    view.update_panel.post_button.click()
    assert "the update's text is empty" in view.update_panel.problem.text()
    assert len(store.incidents.get(opened.incident.id).updates) == 1


def test_held_promotions_are_listed_then_released_and_rescheduled_on_close(
    qtbot: QtBot, services: Services, store: Store, offline_masto: Account
) -> None:
    promo = store.posts.create(
        NewPost("Tech Tip Tuesday #12", (offline_masto.id,), scheduled_at=now_utc() + timedelta(hours=2)),
        PostStatus.SCHEDULED,
    )
    request = IncidentRequest(service="Email", impact="no mail", account_names=("it-masto",))
    opened = open_incident(store, request, load_texts())
    # The held list shows the workspace's zone, never the machine's (UTC here): times typed are read in it.
    store.settings.update(display_timezone="Pacific/Auckland")
    view = make_view(qtbot, services, publish=False)
    view.select(opened.incident.id)
    assert view.held.isVisible()
    assert view.held.list.count() == 1
    assert "Tech Tip Tuesday #12" in view.held.list.item(0).text()
    assert not view.held.reschedule.isVisible()  # nothing to do while the outage is open

    panel = view.update_panel
    panel.stage.setCurrentIndex(panel.stage.findData("resolved"))
    assert panel.post_button.text() == "Post and close"
    assert not panel.next_update.isEnabled()
    panel.post_button.click()

    assert not store.incidents.get(opened.incident.id).is_open
    assert store.deliveries.get(promo.deliveries[0].id).state is DeliveryState.QUEUED
    assert view.held.isVisible()
    assert view.held.reschedule.isVisible()
    assert "Released" in view.held.title.text()
    assert not view.update_panel.isVisible()  # a closed incident takes no more updates
    view.held.list.item(0).setSelected(True)
    auckland = ZoneInfo("Pacific/Auckland")
    offered = view.held.when.dateTime().toPython()  # an hour from now on Auckland's clock
    assert abs(offered.replace(tzinfo=auckland) - (now_utc() + timedelta(hours=1))) < timedelta(minutes=2)
    tomorrow = (now_utc() + timedelta(days=1)).astimezone(auckland)
    view.held.when.setDateTime(QDateTime(QDate(tomorrow.year, tomorrow.month, tomorrow.day), QTime(10, 0)))
    view.held.reschedule.click()
    moved = store.posts.get(promo.id)
    assert moved.scheduled_at == datetime.combine(tomorrow.date(), time(10, 0), auckland)


def test_stages_offered_and_the_model_passes_the_model_tester(
    qtbot: QtBot, services: Services, store: Store, offline_masto: Account, qtmodeltester: ModelTester
) -> None:
    assert next_stages(IncidentKind.OUTAGE, "investigating") == [
        "identified",
        "monitoring",
        "resolved",
        "investigating",
    ]
    assert next_stages(IncidentKind.MAINTENANCE, "announced") == ["starting", "announced"]
    texts = load_texts()
    ids = [
        open_incident(store, IncidentRequest(service=s, impact="down", account_names=("it-masto",)), texts)
        for s in ("VPN", "Email", "Printing")
    ]
    model = IncidentsModel()
    model.sync(order_incidents(store.incidents.list_all()))
    qtmodeltester.check(model)
    assert [model.incident(r).service for r in range(3)] == ["Printing", "Email", "VPN"]
    from studio.workflows import close_incident

    close_incident(store, ids[2].incident.id, texts)  # Printing closes: it goes below the open ones
    model.sync(order_incidents(store.incidents.list_all()))
    qtmodeltester.check(model)
    assert [model.incident(r).service for r in range(3)] == ["Email", "VPN", "Printing"]
    assert model.data(model.index(2, 2)) == "Resolved (closed)"


def test_close_picks_the_final_stage_or_shows_why_it_cannot_yet(
    qtbot: QtBot, services: Services, store: Store, offline_masto: Account
) -> None:
    texts = load_texts()
    planned = IncidentRequest(
        service="Moodle", impact="offline", account_names=("it-masto",), kind=IncidentKind.MAINTENANCE
    )
    maintenance = open_incident(store, planned, texts)
    view = make_view(qtbot, services, publish=False)
    view.select(maintenance.incident.id)
    view.update_panel.close_button.click()
    # an announced maintenance has not started: the workflow says it cannot be complete yet
    assert "a maintenance cannot go from announced to complete" in view.update_panel.problem.text()
    assert view.update_panel.current_stage == "starting"

    outage = open_incident(
        store, IncidentRequest(service="VPN", impact="slow", account_names=("it-masto",)), texts
    )
    view.select(outage.incident.id)
    view.update_panel.close_button.click()
    assert view.update_panel.problem.isHidden()
    assert view.update_panel.current_stage == "resolved"
    assert "VPN" in view.update_panel.editor.toPlainText()
    assert view.update_panel.post_button.text() == "Post and close"


def test_what_people_typed_is_shown_as_text_not_markup(
    qtbot: QtBot, services: Services, store: Store, offline_masto: Account
) -> None:
    request = IncidentRequest(
        service="R&D <lab> VPN",
        impact="no access",
        account_names=("it-masto",),
        status_url="https://status.example.edu/?a=1&b=<2>",
    )
    opened = open_incident(store, request, load_texts())
    view = make_view(qtbot, services, publish=False)
    view.select(opened.incident.id)
    assert view.heading.text() == "R&D <lab> VPN: no access"
    assert view.heading.textFormat() is Qt.TextFormat.PlainText
    assert "&lt;2&gt;" in view.facts.text()
    assert "<2>" not in view.facts.text()
