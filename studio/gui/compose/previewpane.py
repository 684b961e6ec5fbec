"""The preview pane: one tab per network and format, drawn as the network shows the post.

Pictures are rendered by the brand engine's `Previewer` in the pool. A Previewer is not thread-safe, so
at most one render runs at a time: a newer request waits as the single pending one (older ones are
simply replaced) and results of superseded requests are dropped by generation. A text change repaints
the cards; a caption change re-renders, and the Previewer then only re-composites the overlay.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QScrollArea, QTabBar, QVBoxLayout, QWidget
from shiboken6 import isValid

from studio.gui.compose.attachments import Attachment, fractions
from studio.gui.compose.engine import CountLike, TextEngine
from studio.gui.compose.previewcard import CardContent, Identity, LinkCard, PreviewCard
from studio.gui.compose.rendering import (
    KEEP_RENDERS,
    PREVIEW_WIDTH,
    PRIME_AFTER_MS,
    PreviewerSlot,
    RenderKey,
    RenderRequest,
    kit_identity,
    link_card,
    render_previews,
)
from studio.gui.messages import MessageBridge
from studio.gui.theme import Theme
from studio.gui.workers import Workers
from studio.platforms import FORMATS, Format, Network, network_by_id
from studio.store import Account

if TYPE_CHECKING:
    from studio.brand import BrandKit

__all__ = ["PreviewPane"]


def _label(network: Network, fmt: Format | None) -> str:
    if fmt is None or sum(f.network == network.id for f in FORMATS) == 1:
        return network.name
    return f"{network.name} · {fmt.id.removeprefix(network.id + '-')}"


class PreviewPane(QWidget):
    """A tab per format of the selected networks over one preview card.

    One card serves every tab: switching tabs redraws it (from the renders kept per format), so showing a
    post's first picture never builds a widget per format on the UI thread.

    Signals:
        rendered(str): the pictures for this format id are shown.
    """

    rendered = Signal(str)

    def __init__(
        self,
        theme: Theme,
        workers: Workers,
        engine: TextEngine,
        messages: MessageBridge,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._theme = theme
        self._workers = workers
        self._engine = engine
        self._messages = messages
        self._networks: list[str] = []
        self._attachments: tuple[Attachment, ...] = ()
        self._text = ""
        self._own: dict[str, str] = {}  # networks with a text of their own
        self._over: set[str] = set()
        self._parts: dict[str, tuple[str, ...]] = {}
        self._tabs: list[tuple[Network, Format | None]] = []
        self._slot = PreviewerSlot()
        self._busy = False
        self._pending: RenderKey | None = None
        self._generation = 0
        self._renders: OrderedDict[RenderKey, list[QImage]] = OrderedDict()
        self._link: LinkCard | None = None
        self._accounts: dict[str, Account] = {}
        self._kit_asked = False
        self._incoming: tuple[Attachment, ...] = ()
        self._coalesce = QTimer(self)
        self._coalesce.setObjectName("preview-coalesce")
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(0)
        self._coalesce.timeout.connect(self._apply_attachments)
        # Until the kit is loaded (in the pool, on first show): the workspace's name in the theme's colour.
        self.fallback = Identity("Studio", "@studio", theme.palette.accent)

        title = QLabel("Preview")
        title.setObjectName("SectionTitle")
        self.safe_zones = QCheckBox("Safe zones")
        self.safe_zones.setChecked(True)
        self.safe_zones.setToolTip("Show where the profile bar and reply field cover a story (Ctrl+Alt+Z)")
        self.safe_zones.toggled.connect(self._on_safe_zones_toggled)
        zones = QShortcut(QKeySequence("Ctrl+Alt+Z"), self)
        zones.setContext(Qt.ShortcutContext.WindowShortcut)
        zones.activated.connect(self.safe_zones.toggle)
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda step=step: self.step_tab(step))
        self.tabs = QTabBar()
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setAccessibleName("Previews per network and format (Ctrl+Tab, Ctrl+Shift+Tab)")
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.card = PreviewCard(theme)
        self.card.set_safe_zones(True)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("PreviewScroll")
        self.scroll_area.setWidgetResizable(True)
        # Always on: a bar that came and went would change the card's width, then its height, forever.
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll_area.setWidget(self.card)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll_area.viewport().installEventFilter(self)
        header = self.header = QHBoxLayout()  # Compose adds Export images… beside the title
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.safe_zones)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.tabs)
        layout.addWidget(self.scroll_area, 1)

    # --- inputs ---------------------------------------------------------------------------------------

    def set_networks(self, networks: Sequence[str]) -> None:
        """Show a tab per format of each of these networks."""
        self._networks = list(networks)
        self._rebuild()

    def set_attachments(self, attachments: Sequence[Attachment]) -> None:
        """The post's pictures changed (added, removed, caption, template, focus).

        Changes that come in one burst (a batch of imports) are applied once, on the next pass of the
        event loop, so the UI thread never redoes the tabs twice in one go.
        """
        self._incoming = tuple(attachments)
        if self._workers.synchronous:
            self._apply_attachments()
        else:
            self._coalesce.start()

    @Slot()
    def _apply_attachments(self) -> None:
        had = bool(self._attachments)
        self._attachments = self._incoming
        if had != bool(self._attachments):
            self._rebuild()  # text-only posts have one tab per network, picture posts one per format
        else:
            self._render_current()

    def set_text(
        self, text: str, counts: Mapping[str, CountLike], own: Mapping[str, str] | None = None
    ) -> None:
        """The post's text changed: repaint the card (no render). `own`: networks' own texts, `counts`
        each network's count of the text it gets."""
        if text != self._text:
            self._link = link_card(text) if "." in text else None
        self._text = text
        self._own = dict(own or {})
        self._over = {n for n, c in counts.items() if c.overflow_start is not None}
        self._refresh_current()

    def text_on(self, network: str) -> str:
        """The text the preview shows for `network`."""
        return self._own.get(network) or self._text

    def _link_on(self, network: str) -> LinkCard | None:
        text = self._own.get(network)
        if text is None:
            return self._link
        return link_card(text) if "." in text else None

    def set_accounts(self, accounts: Sequence[Account]) -> None:
        """The chosen accounts: each network's preview shows its first chosen account as the author."""
        self._accounts = {}
        for account in accounts:
            self._accounts.setdefault(account.network, account)
        self._refresh_current()

    def identity(self, network: str) -> Identity:
        """Who the post on `network` appears from: the chosen account there, else the brand kit."""
        account = self._accounts.get(network)
        if account is None:
            return self.fallback
        handle = account.handle or account.name.lower().replace(" ", "")
        return Identity(
            account.name, handle if handle.startswith("@") else f"@{handle}", self.fallback.colour
        )

    def step_tab(self, step: int) -> None:
        """Show the next (1) or previous (-1) preview tab, wrapping around."""
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._kit_asked:
            self._kit_asked = True
            if self._workers.synchronous:
                self._ask_kit()
            else:
                QTimer.singleShot(PRIME_AFTER_MS, self, self._ask_kit)  # loading the kit takes a while

    def set_kit(self, kit: Callable[[], BrandKit]) -> None:
        """Draw with this kit from now on (the workspace's; called in the pool): renders and identity anew."""
        self._slot.kit = kit
        self._renders.clear()
        if self._kit_asked:
            self._ask_kit()
        self._render_current()

    def _ask_kit(self) -> None:
        self._workers.task(kit_identity, self._slot.kit).on_success(self._on_kit_identity).on_failure(
            lambda _error: None  # the kit's own problems are reported where it is used (Brand, renders)
        ).run()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self.card.set_fit_height(self.scroll_area.viewport().height())
        return super().eventFilter(watched, event)

    def _on_kit_identity(self, identity: Identity) -> None:
        if not isValid(self.tabs):
            return  # the window closed while the kit loaded
        self.fallback = identity
        self._refresh_current()

    # --- what tests and the window ask ----------------------------------------------------------------

    def current_card(self) -> PreviewCard | None:
        """The card, showing the current tab (None when no network is selected)."""
        return self.card if self._tabs else None

    def tab_labels(self) -> list[str]:
        """The tabs, in order."""
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def show_format(self, format_id: str) -> None:
        """Bring the tab of this format to the front."""
        for index, (_network, fmt) in enumerate(self._tabs):
            if fmt is not None and fmt.id == format_id:
                self.tabs.setCurrentIndex(index)
                return

    def current_format(self) -> str | None:
        """The format id of the tab shown (None: a text-only tab)."""
        current = self._current()
        return current[1].id if current is not None and current[1] is not None else None

    def device_ratio(self) -> float:
        """Device pixels per logical pixel of the screen the pane is on (2 on a HiDPI screen)."""
        return float(self.devicePixelRatioF())

    # --- inside ---------------------------------------------------------------------------------------

    def _current(self) -> tuple[Network, Format | None] | None:
        index = self.tabs.currentIndex()
        return self._tabs[index] if 0 <= index < len(self._tabs) else None

    def _rebuild(self) -> None:
        current = self.tabs.tabText(self.tabs.currentIndex()) if self.tabs.count() else ""
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        self._tabs = []
        for network in map(network_by_id, self._networks):
            formats: list[Format | None] = [f for f in FORMATS if f.network == network.id]
            for fmt in formats if self._attachments and formats else [None]:
                self.tabs.addTab(_label(network, fmt))
                self._tabs.append((network, fmt))
        labels = self.tab_labels()
        self.tabs.setCurrentIndex(labels.index(current) if current in labels else 0)
        self.tabs.blockSignals(False)
        self.card.setVisible(bool(self._tabs))
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def _refresh_current(self) -> None:
        current = self._current()
        if current is None:
            return
        network, fmt = current
        parts: tuple[str, ...] = (self.text_on(network.id),)
        over = network.id in self._over
        if over:
            parts = self._parts.get(network.id) or parts  # the last split until the new one arrives
        link = self._link_on(network.id)
        self.card.set_content(CardContent(network, fmt, parts, self.identity(network.id), link))
        if over:
            self._split(network.id)

    def _split(self, network_id: str) -> None:
        text = self.text_on(network_id)
        self._workers.task(self._engine.split, text, network_id, numbering=True).on_success(
            lambda parts: self._on_split(network_id, text, parts)
        ).on_failure(self._on_split_failed).latest(f"preview-thread-{id(self)}").run()

    def _on_split_failed(self, error: BaseException) -> None:
        self._messages.error("The thread could not be split", str(error))

    def _on_split(self, network_id: str, text: str, parts: list[str]) -> None:
        if text != self.text_on(network_id):
            return
        self._parts[network_id] = tuple(parts)
        current = self._current()
        if current is not None and current[0].id == network_id:
            network, fmt = current
            link = self._link_on(network.id)
            self.card.set_content(CardContent(network, fmt, tuple(parts), self.identity(network.id), link))

    def _render_current(self) -> None:
        current = self._current()
        if current is None:
            return
        fmt = current[1]
        if fmt is None or not self._attachments:
            self.card.set_images([])
            return
        requests = tuple(
            RenderRequest(a.path, fmt.id, a.template, a.caption, fractions(a.item)) for a in self._attachments
        )
        key = RenderKey(fmt.id, requests, round(PREVIEW_WIDTH * self.device_ratio()))
        known = self._renders.get(key)
        if known is not None:  # drawn before: back to a tab, or an undone caption
            self._pending = None
            self._generation += 1
            self._show(key, known)
            return
        if self.card.format_id != fmt.id:
            self.card.set_images([])  # another format's pictures would mislead until this one is drawn
        self._generation += 1
        self._pending = key
        if not self._busy:
            self._start_render()

    def _start_render(self) -> None:
        key, self._pending = self._pending, None
        if key is None:
            return
        self._busy = True
        generation = self._generation
        self._workers.task(render_previews, self._slot, key.requests, key.width).on_success(
            lambda images: self._on_rendered(generation, key, images)
        ).on_failure(self._on_render_failed).run()

    def _on_rendered(self, generation: int, key: RenderKey, images: list[QImage]) -> None:
        self._busy = False
        self._renders[key] = images
        while len(self._renders) > KEEP_RENDERS:
            self._renders.popitem(last=False)
        if generation == self._generation:
            self._show(key, images)
        self._start_render()

    def _show(self, key: RenderKey, images: list[QImage]) -> None:
        self.card.set_images(images, key.width / PREVIEW_WIDTH, key.format_id)
        self.rendered.emit(key.format_id)

    def _on_render_failed(self, error: BaseException) -> None:
        self._busy = False
        from studio.errors import UserError

        if isinstance(error, UserError):
            self._messages.user_error(error)
        else:
            self._messages.error("The preview could not be drawn", str(error))
        self._start_render()

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        if 0 <= index < len(self._tabs):
            self.scroll_area.setAccessibleName(f"Preview for {self.tabs.tabText(index)}")
        self._refresh_current()
        self._render_current()

    @Slot(bool)
    def _on_safe_zones_toggled(self, shown: bool) -> None:
        self.card.set_safe_zones(shown)
