"""Colours: parsing `#RRGGBB` and the WCAG 2 contrast ratio."""

from __future__ import annotations

import re

__all__ = ["RGB", "contrast_ratio", "parse_colour", "relative_luminance"]

RGB = tuple[int, int, int]
_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def parse_colour(text: str) -> RGB:
    """`#RGB` or `#RRGGBB` as an (r, g, b) tuple; ValueError otherwise."""
    if not _HEX.fullmatch(text):
        raise ValueError(f"{text!r} is not a colour like #1D3F72")
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def _linear(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else float(((c + 0.055) / 1.055) ** 2.4)


_LINEAR = tuple(_linear(v) for v in range(256))  # contrast checks run per sampled pixel: look it up


def relative_luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance of an sRGB colour, 0 (black) to 1 (white)."""
    return 0.2126 * _LINEAR[rgb[0]] + 0.7152 * _LINEAR[rgb[1]] + 0.0722 * _LINEAR[rgb[2]]


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio between two colours, 1 to 21."""
    la, lb = relative_luminance(a), relative_luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)
