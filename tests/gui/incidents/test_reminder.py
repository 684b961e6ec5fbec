"""The reminder in the real window: a message with "Post update" when a promised update is due."""

from __future__ import annotations

from datetime import datetime, timedelta

from pytestqt.qtbot import QtBot

from studio.gui.app import Services, build_window
from studio.gui.incidents import IncidentReminder, IncidentsPage
from studio.gui.incidents.view import IncidentsView
from studio.store import Account, Store
from studio.store.times import now_utc
from studio.workflows import IncidentRequest, load_texts, open_incident


def _open(store: Store, minutes: int, service: str = "Campus Wi-Fi") -> int:
    request = IncidentRequest(
        service=service, impact="no connection", account_names=("it-masto",), next_update_minutes=minutes
    )
    return open_incident(store, request, load_texts()).incident.id


def test_a_due_update_is_offered_in_the_message_bar_and_opens_the_incident(
    qtbot: QtBot, services: Services, store: Store, offline_masto: Account
) -> None:
    incident_id = _open(store, 3)  # due in 3 minutes: within the 5-minute lead
    window = build_window(services)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    bar = window.message_bar
    qtbot.waitUntil(bar.isVisible)
    assert "The next update on Campus Wi-Fi is due in" in bar.label.text()
    assert bar.action.text() == "Post update"
    page = window.view_widget("incidents")
    assert isinstance(page, IncidentsPage)
    assert page.reminder.timer.isActive()
    assert not page.built  # the view itself waits until it is needed
    row = window.sidebar_model.row_of("incidents")
    assert window.sidebar_model.index(row).data() == "Incidents  ·  1 due"  # the sidebar's badge
    bar.action.click()
    assert window.current_view == "incidents"
    view = page.view
    assert isinstance(view, IncidentsView)
    assert view.pages.currentWidget() is view.detail
    assert view.heading.text().startswith("Campus Wi-Fi")
    assert view.update_panel.editor.hasFocus()  # type the update straight away
    window.close()
    assert not page.reminder.timer.isActive()  # the reminder stops with the window
    del incident_id


def test_the_reminder_tells_once_soon_once_due_and_follows_new_promises(
    qtbot: QtBot, store: Store, offline_masto: Account
) -> None:
    now = [now_utc()]
    reminder = IncidentReminder(store, clock=lambda: now[0])
    first = _open(store, 30, "VPN")
    told: list[list[int]] = []
    reminder.reminded.connect(lambda rs: told.append([r.incident_id for r in rs]))
    counts: list[int] = []
    reminder.checked.connect(counts.append)

    def at(minutes: float) -> None:
        now[0] = start + timedelta(minutes=minutes)
        reminder.check()

    start: datetime = now[0]
    at(0)
    # the timer is armed for the next moment that matters (25 min: "due soon"), capped at the poll interval
    assert 1000 <= reminder.timer.interval() <= 30_000
    at(26)
    at(27)
    at(31)
    assert told == [[first], [first]]  # once "soon", once "due"
    assert counts == [0, 1, 1, 1]
    reminder.stop()
    assert not reminder.timer.isActive()
