"""What the Brand view needs from the render engine (`studio.brand`), as protocols."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PIL import Image

__all__ = ["BrandCore", "KitLike", "PreviewLike", "PreviewerLike", "TemplateLike"]


class TemplateLike(Protocol):
    """A template of the kit (`studio.brand.template.Template`)."""

    @property
    def name(self) -> str: ...


class KitLike(Protocol):
    """A loaded brand kit (`studio.brand.BrandKit`)."""

    @property
    def name(self) -> str: ...
    @property
    def folder(self) -> Path: ...
    @property
    def help_desk_url(self) -> str: ...
    @property
    def logo(self) -> Path: ...
    @property
    def colours(self) -> Sequence[tuple[str, tuple[int, int, int]]]: ...
    @property
    def status_colours(self) -> Sequence[tuple[str, tuple[int, int, int]]]: ...
    @property
    def heading_fonts(self) -> Sequence[Path]: ...
    @property
    def body_fonts(self) -> Sequence[Path]: ...
    @property
    def templates(self) -> Sequence[TemplateLike]: ...


class PreviewLike(Protocol):
    """One preview image (`studio.brand.Preview`)."""

    @property
    def image(self) -> Image.Image: ...
    @property
    def contrast(self) -> float | None: ...
    @property
    def warnings(self) -> Sequence[str]: ...


class PreviewerLike(Protocol):
    """The preview renderer (`studio.brand.Previewer`)."""

    def preview(
        self,
        source: Path | None,
        format_id: str,
        template: str | None = None,
        caption: str = "",
        focus: tuple[float, float] | None = None,
        status: str | None = None,
    ) -> PreviewLike: ...


class BrandCore(Protocol):
    """The two entry points the app uses; the `studio.brand` module itself satisfies this."""

    def default_kit(self) -> KitLike: ...
    def Previewer(self, kit: KitLike, width: int = 540) -> PreviewerLike: ...
