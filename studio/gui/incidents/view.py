"""The Incidents view: open and recent incidents, a new-incident form, and for one incident its thread and
the next update. Every action goes through the Qt-free workflows (via `IncidentDesk`), in a worker."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, QItemSelection, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.gui.brand.images import to_qimage
from studio.gui.compose.engine import TextEngine
from studio.gui.empty import EmptyState
from studio.gui.incidents.desk import IncidentDesk, facts_html, outcome
from studio.gui.incidents.form import NewIncidentForm
from studio.gui.incidents.model import IncidentColumn, IncidentsModel, order_incidents
from studio.gui.incidents.thread import HeldPanel, ThreadList, reschedule_held
from studio.gui.incidents.update import UpdatePanel, count_line, next_stages
from studio.gui.messages import MessageBridge
from studio.gui.theme import Theme
from studio.gui.workers import Workers
from studio.publish import RunReport
from studio.store import Account
from studio.store.incidents import Incident
from studio.workflows import IncidentRequest, UpdateResult, held_deliveries
from studio.workflows.incidents import DEFAULT_NEXT_UPDATE
from studio.workflows.stages import FINAL, IncidentKind, check_stage

__all__ = ["IncidentsView"]


class IncidentsView(QWidget):
    """Incidents and their updates; Ctrl+N opens a new one, Ctrl+Return posts the update in view."""

    def __init__(
        self,
        desk: IncidentDesk,
        text: TextEngine | None,
        workers: Workers,
        messages: MessageBridge,
        theme: Theme,
        parent: QWidget | None = None,
        wake_publisher: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self._wake_publisher = wake_publisher
        self._store = desk.store
        self._text = text
        self._workers = workers
        self._messages = messages
        self._incident: Incident | None = None
        self._networks: list[str] = []
        self._accounts: list[Account] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        title = QLabel("Incidents")
        title.setObjectName("ViewTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("ViewSubtitle")
        titles.addWidget(title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        self.new_button = QPushButton("New incident")
        self.new_button.setToolTip("Open an outage or maintenance and post its first update (Ctrl+N)")
        self.new_button.clicked.connect(self.start_new)
        head.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(head)

        self.model = IncidentsModel(desk.zone)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Incidents")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The service takes what is left, so the list fits its pane without scrolling sideways.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(IncidentColumn.SERVICE, QHeaderView.ResizeMode.Stretch)
        widths = {IncidentColumn.KIND: 72, IncidentColumn.STAGE: 100, IncidentColumn.STARTED: 74}
        for column, width in {**widths, IncidentColumn.NEXT_UPDATE: 96}.items():
            # Never narrower than the heading itself (bold, with the style sheet's padding).
            self.table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        self.table.setMinimumWidth(450)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(lambda _index: self.update_panel.editor.setFocus())

        self.form = NewIncidentForm()
        self.form.submitted.connect(self._on_form_submitted)
        self.form.cancelled.connect(self._on_form_cancelled)
        self.detail = self._make_detail()
        self.empty = EmptyState(
            theme.icon("incidents", theme.palette.accent, 36),
            "No incidents",
            "When something breaks or maintenance is planned, press New incident (Ctrl+N): the first update "
            "goes to every chosen account at once, and each later update replies in the same thread.",
        )
        self.pages = QStackedWidget()
        for page in (self.empty, self.form, self.detail):
            self.pages.addWidget(page)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("incidents")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([480, 660])
        layout.addWidget(splitter, 1)

        new = QShortcut(QKeySequence("Ctrl+N"), self)
        new.setContext(Qt.ShortcutContext.WindowShortcut)  # also from the sidebar; only while this view shows
        new.activated.connect(self.start_new)
        self.refresh()

    def _make_detail(self) -> QWidget:
        detail = QWidget()
        box = QVBoxLayout(detail)
        box.setContentsMargins(12, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("EmptyTitle")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # a service name is not markup
        self.facts = QLabel()
        self.facts.setObjectName("ViewSubtitle")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.facts.setOpenExternalLinks(True)
        box.addWidget(self.heading)
        box.addWidget(self.facts)
        self.thread_list = ThreadList()
        box.addWidget(self.thread_list, 1)
        self.update_panel = UpdatePanel()
        self.update_panel.stage_changed.connect(self._on_update_stage_changed)
        self.update_panel.next_changed.connect(self._on_update_next_changed)
        self.update_panel.text_edited.connect(self._on_update_text_edited)
        self.update_panel.post_requested.connect(self._on_update_post_requested)
        self.update_panel.close_requested.connect(self._on_update_close_requested)
        box.addWidget(self.update_panel, 2)
        self.held = HeldPanel()
        self.held.reschedule_requested.connect(self._on_held_reschedule_requested)
        box.addWidget(self.held)
        return detail

    # --- what others call ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the incidents (another window or `studio incident` may have changed them)."""
        incidents = order_incidents(self._store.incidents.list_all())
        self.model.sync(incidents)
        opened = sum(1 for i in incidents if i.is_open)
        self.subtitle.setText(
            f"{opened} open · the updates of each go out as one thread per account"
            if incidents
            else "Outages and planned maintenance, each a running thread of updates"
        )
        accounts = self._store.accounts.list()
        if accounts != self._accounts:  # a new account to choose (the ticks stay as they were)
            self._accounts = accounts
            self.form.set_accounts(accounts)
        if self._incident is not None:
            fresh = next((i for i in incidents if i.id == self._incident.id), None)
            if fresh is not None and fresh.updated_at != self._incident.updated_at:
                self._show_incident(fresh)
            elif fresh is not None and fresh.is_open:  # deliveries moved: what went out, what it holds
                self._show_thread(fresh)
                self._show_held(fresh)
        elif self.pages.currentWidget() is self.empty and incidents:
            self.select(incidents[0].id)

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()  # accounts added or incidents changed while another view was on show
        super().showEvent(event)

    def select(self, incident_id: int) -> None:
        """Show one incident and put the cursor in its update text (the reminder's "Post update")."""
        row = self.model.row_of(incident_id)
        if row < 0:
            self.refresh()
            row = self.model.row_of(incident_id)
        if row >= 0:
            self.table.selectRow(row)
            incident = self.model.incident(row)
            if self._incident != incident:  # the row was selected already: show what changed
                self._show_incident(incident)
            self.update_panel.editor.setFocus()

    @Slot()
    def start_new(self) -> None:
        """Show the new-incident form with the cursor in its first field."""
        self.table.clearSelection()
        self._incident = None
        self.form.set_accounts(self._store.accounts.list())
        self.pages.setCurrentWidget(self.form)
        self.form.reset()

    # --- one incident -----------------------------------------------------------------------------------
    def _show_incident(self, incident: Incident) -> None:
        self._incident = incident
        accounts = [self._store.accounts.get(a) for a in incident.account_ids]
        self._networks = sorted({a.network for a in accounts})
        kind = IncidentKind(incident.kind)
        self.heading.setText(f"{incident.service}: {incident.impact}")
        self.facts.setText(facts_html(incident, [a.name for a in accounts], self.desk.zone))
        self._show_thread(incident)
        self.update_panel.setVisible(incident.is_open)
        self.update_panel.show_problem("")
        if incident.is_open:
            stages = next_stages(kind, incident.stage)
            minutes = DEFAULT_NEXT_UPDATE[kind].get(stages[0], 30 if kind is IncidentKind.OUTAGE else 0)
            self.update_panel.set_stages(kind, stages, minutes)
            self._refill()
            self._render_card()
            self._show_held(incident)
        else:
            self.held.hide()
        self.pages.setCurrentWidget(self.detail)

    def _show_held(self, incident: Incident) -> None:
        held = [(d, self._store.posts.get(d.post_id)) for d in held_deliveries(self._store, incident.id)]
        self.held.show_held(held, self.desk.zone)

    def _show_thread(self, incident: Incident) -> None:
        posts = [self._store.posts.get(u.post_id) for u in incident.updates]
        self.thread_list.show_thread(incident.updates, posts, self.desk.zone)

    def _refill(self) -> None:
        if self._incident is None or not self.update_panel.current_stage:
            return
        if not self.update_panel.touched:
            text = self.desk.draft(
                self._incident, self.update_panel.current_stage, self.update_panel.next_update.value()
            )
            self.update_panel.set_text(text)
        self._recount()

    def _recount(self) -> None:
        line, fits = count_line(self._text, self.update_panel.editor.toPlainText(), self._networks)
        self.update_panel.set_counts(line, fits)

    def _render_card(self) -> None:
        incident, stage = self._incident, self.update_panel.current_stage
        if incident is None or not stage:
            return
        self.update_panel.set_card(None, "Rendering the status card…")
        self._workers.task(self.desk.card, incident.service, incident.impact, stage).on_success(
            lambda image: self.update_panel.set_card(to_qimage(image))
        ).on_failure(self._on_card_failed).latest("incident-card").run()

    def _on_card_failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        self.update_panel.set_card(None, f"No status card: {error.why}")

    # --- slots -------------------------------------------------------------------------------------------
    @Slot(QItemSelection, QItemSelection)
    def _on_table_selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._show_incident(self.model.incident(indexes[0].row()))

    @Slot(str)
    def _on_update_stage_changed(self, _stage: str) -> None:
        self._refill()
        self._render_card()

    @Slot(int)
    def _on_update_next_changed(self, _minutes: int) -> None:
        self._refill()

    @Slot()
    def _on_update_text_edited(self) -> None:
        self._recount()

    @Slot(object)
    def _on_form_submitted(self, request: IncidentRequest) -> None:
        self.form.set_busy(True)
        self.form.show_problem("")
        self._workers.task(self.desk.open, request).on_success(self._on_posted).on_failure(
            self._on_form_failed
        ).run()

    def _on_form_failed(self, error: BaseException) -> None:
        self.form.set_busy(False)
        if not isinstance(error, UserError):
            raise error
        self.form.show_problem(error.line())

    @Slot()
    def _on_form_cancelled(self) -> None:
        self.pages.setCurrentWidget(self.empty if self._incident is None else self.detail)
        if self.model.rowCount():
            self.select(self.model.incident(0).id)

    @Slot(str, str, int)
    def _on_update_post_requested(self, stage: str, text: str, minutes: int) -> None:
        if self._incident is None:
            return
        self.update_panel.set_busy(True)
        self.update_panel.show_problem("")
        self._workers.task(self.desk.update, self._incident.id, stage, text, minutes).on_success(
            self._on_posted
        ).on_failure(self._on_update_failed).run()

    @Slot()
    def _on_update_close_requested(self) -> None:
        if self._incident is None:
            return
        kind = IncidentKind(self._incident.kind)
        try:  # the workflow's own rule: only from a stage the final one may follow
            final = check_stage(kind, self._incident.stage, FINAL[kind], what="close")
        except UserError as error:
            self.update_panel.show_problem(error.line())
            return
        self.update_panel.show_problem("")
        self.update_panel.choose_stage(final)
        self.update_panel.editor.setFocus()  # read the closing text, then Ctrl+Return posts and closes

    def _on_update_failed(self, error: BaseException) -> None:
        self.update_panel.set_busy(False)
        if not isinstance(error, UserError):
            raise error
        self.update_panel.show_problem(error.line())  # e.g. the workflow's "cannot close without …"

    def _on_posted(self, result: UpdateResult) -> None:
        self.form.set_busy(False)
        self.update_panel.set_busy(False)
        incident = result.incident
        self._incident = None
        self.update_panel.touched = (
            False  # what was typed is queued: the next update starts from its template
        )
        self.refresh()
        self.select(incident.id)
        if result.released:
            rows = [self._store.deliveries.get(i) for i in result.released]
            self.held.show_released([(d, self._store.posts.get(d.post_id)) for d in rows], self.desk.zone)
        if not self.desk.publish:
            self._report(result, None)
            return
        # Sending takes the network's time: the update shows in the thread at once, "waiting to go out".
        self._workers.task(self.desk.send_due).on_success(
            lambda report: self._on_sent(result, report)
        ).on_failure(self._on_send_failed).run()

    def _on_sent(self, result: UpdateResult, report: RunReport) -> None:
        if report.busy and self._wake_publisher is not None:
            # The background publisher held the lock and may have claimed its batch before this update was
            # queued: ask it for one more run so the update does not wait for the next minute.
            self._wake_publisher()
        self._report(result, report)
        if self._incident is not None and self._incident.id == result.incident.id:
            self._show_thread(self._incident)

    def _on_send_failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        self._messages.user_error(error)  # e.g. the workspace is busy: the update stays queued

    def _report(self, result: UpdateResult, report: RunReport | None) -> None:
        post = self._store.posts.get(result.post.id)  # as it is now, after the send
        for warning, text, fix in outcome(result.incident, post, report):
            if warning:
                self._messages.warning(text, fix)
            else:
                self._messages.info(text)

    @Slot(list, QDateTime)
    def _on_held_reschedule_requested(self, post_ids: list[int], when: QDateTime) -> None:
        if reschedule_held(self._store, post_ids, when, self.desk.zone, self._messages):
            self.held.hide()
