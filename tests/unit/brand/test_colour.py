"""Colour parsing and the WCAG contrast ratio."""

from __future__ import annotations

import pytest

from studio.brand.colour import contrast_ratio, parse_colour


def test_parse_long_and_short_hex() -> None:
    assert parse_colour("#1D3F72") == (29, 63, 114)
    assert parse_colour("#fff") == (255, 255, 255)


@pytest.mark.parametrize("text", ["1D3F72", "#12345", "#GGGGGG", "navy", "#1D3F72 "])
def test_bad_colours_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="#1D3F72"):
        parse_colour(text)


def test_contrast_matches_wcag_reference_values() -> None:
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio((10, 20, 30), (10, 20, 30)) == pytest.approx(1.0)
