"""The status card of an incident update: the kit's `status` template in the stage's colour, as a picture.

The card is rendered by the brand pipeline at the Bluesky format (1600x900 within 1,000,000 bytes, so it
fits every network's limits) and imported into the workspace like any picture, so the publishers attach it
as they do any other.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image

from studio.brand import BrandKit, RenderRequest, render
from studio.errors import ConfigError
from studio.store import MediaItem, MediaKind, Store
from studio.store.incidents import Incident
from studio.workflows.stages import stage_label

__all__ = ["CARD_FORMAT", "STATUS_OF_STAGE", "card_caption", "render_status_card"]

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
    return f"{incident.service}: {incident.impact}"


def render_status_card(store: Store, incident: Incident, stage: str, kit: BrandKit) -> MediaItem:
    """Render the card for an update at `stage` and import it; ConfigError if the kit cannot draw it."""
    caption = card_caption(incident, stage)
    out_dir = store.workspace / "renders" / "incidents" / str(incident.id)
    with tempfile.TemporaryDirectory() as tmp:
        # The status template draws no picture; the pipeline still takes one source per card.
        blank = Path(tmp) / "card.png"
        Image.new("RGB", (16, 16), (255, 255, 255)).save(blank)
        result = render(
            RenderRequest(
                sources=(blank,),
                out_dir=out_dir,
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
    width, height = output.size
    return store.media.add(
        output.path,
        width=width,
        height=height,
        mime="image/jpeg",
        kind=MediaKind.GRAPHIC,
        alt_text=f"Status card, {stage_label(stage)}: {caption}",
    )
