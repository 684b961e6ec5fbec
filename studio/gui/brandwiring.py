"""The workspace's brand kit in the app: the Brand view that edits it, and one signal that says it changed.

Compose's previews and exports, and the Incidents view's status cards, draw with the workspace's kit; when
the Brand view edits, undoes or switches the kit, `KitBus.changed` tells them, and they draw anew.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from studio.errors import UserError
from studio.gui.empty import EmptyState
from studio.resources import asset_path

if TYPE_CHECKING:  # the Brand view and Pillow load with the view, not at start-up
    from studio.gui.app import Services
    from studio.gui.brand import Sample

__all__ = ["KitBus", "brand_view"]

# The bundled demo pictures (assets/demo, made by the project) that the picture templates' samples use.
_DEMO = asset_path("demo")
_DEMO_PICTURES = {"photo": "lego-staff.jpg", "story": "lego-staff.jpg", "cartoon": "cartoon-restart.png"}

# A representative format and a realistic caption for each bundled template's sample.
_SAMPLES: dict[str, tuple[str, str, str | None]] = {
    "photo": ("instagram-portrait", "Meet the service desk team", None),
    "cartoon": ("instagram-square", "When the Wi-Fi drops mid-upload", None),
    "tip": ("instagram-square", "Tech Tip Tuesday #12: lock your screen with Win+L", None),
    "story": ("instagram-story", "eduroam on your phone in two minutes", None),
    "status": ("x-landscape", "Investigating: email delays for some staff", "investigating"),
}


class KitBus(QObject):
    """Signals:
    changed(object): the workspace now uses this BrandKit (edited, undone, switched or new).
    """

    changed = Signal(object)


def _sample(template: str) -> Sample:
    from studio.gui.brand import Sample

    format_id, caption, status = _SAMPLES.get(
        template, ("instagram-square", f"The {template} template", None)
    )
    picture = _DEMO / _DEMO_PICTURES.get(template, "")
    return Sample(template, format_id, caption, picture if picture.is_file() else None, status)


def brand_view(services: Services) -> QWidget:
    """The Brand view of the workspace's kit (built on first show: the render engine loads with it)."""
    from studio.brand import Previewer, default_kit
    from studio.gui.brand import BrandView
    from studio.workflows.kits import workspace_kit

    store = services.store
    try:
        kit = workspace_kit(store) if store is not None else default_kit()
    except UserError as error:
        services.messages.user_error(error)
        return EmptyState(
            services.theme.icon("brand", services.theme.palette.accent, 36),
            "The brand kit could not be loaded",
            "The kit's colours, fonts, logo and template samples appear here once it loads; the message "
            "above names the file, the key and the fix (or choose another kit: studio kit use).",
        )
    samples = [_sample(t.name) for t in kit.templates]
    if store is None:  # no workspace: the bundled kit, read-only
        return BrandView(kit, Previewer(kit, 540), samples, services.workers, services.messages)
    view = BrandView.for_workspace(store, kit, samples, services.workers, services.messages)
    view.kit_changed.connect(services.kits.changed)
    return view
