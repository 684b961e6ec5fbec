"""The Brand view: the kit's colours, fonts and logo, and a rendered sample of every template."""

from studio.gui.brand.view import BrandView, Sample

__all__ = ["BrandView", "Sample"]
