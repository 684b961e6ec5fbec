"""Brand kits, templates and the Pillow render pipeline (docs/ARCHITECTURE.md); no Qt here.

kit = load_kit("campus-it")                     # or default_kit(); list_kits() gives the bundled ids
result = render(RenderRequest(sources=(Path("a.jpg"),), out_dir=Path("out"), kit=kit, caption="Hi"))
preview = Previewer(kit).preview(Path("a.jpg"), "instagram-story", "photo", caption="Hi")
"""

from studio.brand.focus import suggest_focus
from studio.brand.kit import STATUSES, BrandKit, default_kit, list_kits, load_kit
from studio.brand.pipeline import FormatOutput, PictureResult, RenderRequest, RenderResult, render
from studio.brand.preview import Preview, Previewer
from studio.brand.template import TEMPLATE_NAMES

__all__ = [
    "STATUSES",
    "TEMPLATE_NAMES",
    "BrandKit",
    "FormatOutput",
    "PictureResult",
    "Preview",
    "Previewer",
    "RenderRequest",
    "RenderResult",
    "default_kit",
    "list_kits",
    "load_kit",
    "render",
    "suggest_focus",
]
