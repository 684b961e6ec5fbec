"""Which picture format each network posts, chosen per post (not whichever preview tab was last shown).

Only networks with more than one format get a choice (Instagram: square, portrait, landscape, story). Until
the person picks one, a network posts its template's own format where it has one (`story` -> the story
frame), else its first: the publisher's default, named in the box as "(template's)".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from studio.gui.flow import FlowLayout
from studio.platforms import FORMATS, Format, default_format, network_by_id

__all__ = ["FormatChoice"]


def _name(fmt: Format) -> str:
    kind = fmt.id.removeprefix(fmt.network + "-").capitalize()
    return f"{kind} {fmt.width}\N{MULTIPLICATION SIGN}{fmt.height}"


class FormatChoice(QWidget):
    """A box per chosen network that has several formats, shown while the post has pictures.

    Signals:
        changed(str): the person chose a format for this network.
    """

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("FormatChoice")
        self._chosen: dict[str, str] = {}
        self._networks: list[str] = []
        self._template = ""
        self._pictures = False
        self.boxes: dict[str, QComboBox] = {}
        self._row = FlowLayout(spacing=8)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._row, 1)
        self.setVisible(False)

    def chosen(self) -> dict[str, str]:
        """The formats the person chose, per network (a network left on its default has none)."""
        return dict(self._chosen)

    def format_on(self, network: str) -> str | None:
        """The format id `network` will post: the chosen one, else the template's default."""
        if network in self._chosen:
            return self._chosen[network]
        fmt = default_format(network, self._template)
        return fmt.id if fmt is not None else None

    def load(self, chosen: Mapping[str, str]) -> None:
        """Another post's choices."""
        self._chosen = {n: f for n, f in chosen.items() if any(x.id == f and x.network == n for x in FORMATS)}
        self._rebuild()

    def set_networks(self, networks: Sequence[str]) -> None:
        """The chosen networks, in order."""
        self._networks = list(networks)
        self._rebuild()

    def set_pictures(self, template: str | None) -> None:
        """The first picture's template (None: the post has no pictures, and no format to choose)."""
        self._pictures = template is not None
        self._template = template or ""
        self._rebuild()

    def _rebuild(self) -> None:
        while (item := self._row.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.boxes = {}
        for network in self._networks:
            formats = [f for f in FORMATS if f.network == network]
            if len(formats) < 2:
                continue
            name = network_by_id(network).name
            label = QLabel(f"{name} posts")
            box = QComboBox()
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel scrolls the pane, not the choice
            box.setAccessibleName(f"Picture format posted to {name}")
            default = default_format(network, self._template)
            for fmt in formats:
                box.addItem(_name(fmt) + (" (template's)" if fmt is default else ""), fmt.id)
            box.setCurrentIndex(box.findData(self.format_on(network)))
            box.setToolTip(f"The picture format that goes out to {name}; the preview shows it")
            box.currentIndexChanged.connect(lambda _i, n=network, b=box: self._on_box_changed(n, b))
            self.boxes[network] = box
            label.setBuddy(box)
            self._row.addWidget(label)
            self._row.addWidget(box)
        self.setVisible(self._pictures and bool(self.boxes))

    @Slot()
    def _on_box_changed(self, network: str, box: QComboBox) -> None:
        self._chosen[network] = str(box.currentData())
        self.changed.emit(network)
