"""The status card of an incident update: the kit's `status` template in the stage's colour, as a picture.

The card is rendered by the brand pipeline at the Bluesky format (1600x900 within 1,000,000 bytes, so it
fits every network's limits) and imported into the workspace like any picture, so the publishers attach it
as they do any other.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from studio.brand import BrandKit, Previewer, RenderRequest, render
from studio.errors import ConfigError
from studio.store import MediaItem, MediaKind, Store
from studio.store.incidents import Incident
from studio.workflows.stages import stage_label

__all__ = [
    "CARD_FORMAT",
    "STATUS_OF_STAGE",
    "RenderedCard",
    "card_caption",
    "card_text",
    "import_card",
    "preview_card",
    "render_status_card",
    "rendered_card",
]

CARD_FORMAT = "bluesky"
# The kit has a colour per outage stage and one for planned work; maintenance uses "planned" until done.
STATUS_OF_STAGE = {
    "investigating": "investigating",
    "identified": "identified",
    "monitoring": "monitoring",
    "resolved": "resolved",
    "announced": "planned",
    "starting": "planned",
    "in_progress": "planned",
    "extended": "planned",
    "complete": "resolved",
}


def card_caption(incident: Incident, stage: str) -> str:
    """The card's text under the stage badge: the service and the impact."""
    del stage  # the badge shows the stage (the template's {status}); the text says what is affected
    return card_text(incident.service, incident.impact)


def card_text(service: str, impact: str) -> str:
    """The card's text for a service and its impact."""
    return f"{service}: {impact}"


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """A status card rendered to a file, not yet in the workspace's media."""

    path: Path
    size: tuple[int, int]
    stage: str
    caption: str

    @property
    def alt_text(self) -> str:
        """What the card says, for people who cannot see it."""
        return f"Status card, {stage_label(self.stage)}: {self.caption}"


@contextmanager
def rendered_card(
    workspace: Path, service: str, impact: str, stage: str, kit: BrandKit
) -> Iterator[RenderedCard]:
    """Render the card for an update at `stage` into a scratch folder of `renders/`, removed on exit.

    This is the slow part (about half a second): callers render before they open a write transaction, so
    the database is never locked while Pillow works.
    """
    caption = card_text(service, impact)
    parent = workspace / "renders" / "incidents"
    parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="card-", dir=parent))
    try:
        # The status template draws no picture; the pipeline still takes one source per card.
        blank = folder / "card.png"
        Image.new("RGB", (16, 16), (255, 255, 255)).save(blank)
        result = render(
            RenderRequest(
                sources=(blank,),
                out_dir=folder / "out",
                kit=kit,
                template="status",
                formats=(CARD_FORMAT,),
                caption=caption,
                status=STATUS_OF_STAGE[stage],
                workers=1,
            )
        )
        picture = result.pictures[0]
        if picture.problem is not None or not picture.outputs:
            why = picture.problem.why if picture.problem else "nothing was rendered"
            raise ConfigError(f"kit {kit.name}: status template", why, "check the kit's status template")
        output = picture.outputs[0]
        yield RenderedCard(output.path, output.size, stage, caption)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def import_card(store: Store, card: RenderedCard) -> MediaItem:
    """Put a rendered card into the workspace's media (a quick copy: fine inside a transaction)."""
    width, height = card.size
    return store.media.add(
        card.path,
        width=width,
        height=height,
        mime="image/jpeg",
        kind=MediaKind.GRAPHIC,
        alt_text=card.alt_text,
    )


def render_status_card(store: Store, incident: Incident, stage: str, kit: BrandKit) -> MediaItem:
    """Render the card for an update at `stage` and import it; ConfigError if the kit cannot draw it."""
    with rendered_card(store.workspace, incident.service, incident.impact, stage, kit) as card:
        return import_card(store, card)


def preview_card(previewer: Previewer, service: str, impact: str, stage: str) -> Image.Image:
    """The card as the update will carry it, at the previewer's width (for the app, off the UI thread)."""
    return previewer.preview(
        None, CARD_FORMAT, "status", card_text(service, impact), status=STATUS_OF_STAGE[stage]
    ).image
