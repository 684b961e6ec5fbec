"""Golden images: every template in every format, compared as small thumbnails within a tolerance.

Like Pillow's own test helpers, a comparison allows a small mean pixel difference (encoders and resamplers
vary a little between releases). When a comparison fails, the actual and expected thumbnails are saved in
`.cache/golden-failures/` to look at. After a deliberate change of look, regenerate the references with
`STUDIO_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/brand/test_golden.py` and look at them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from studio.brand import TEMPLATE_NAMES, BrandKit, RenderRequest, render
from studio.brand.kit import ASSETS
from studio.platforms import FORMATS

_REPO = Path(__file__).resolve().parents[3]
_GOLDEN = _REPO / "tests" / "data" / "golden"
_FAILURES = _REPO / ".cache" / "golden-failures"
_THUMB = 160  # long side of the stored references: enough to see layout, small enough to keep in git
_TOLERANCE = 1.0  # mean absolute difference per channel, out of 255 (a new caption gives ~3.5)

_CASES = {
    "photo": ("lego-staff.jpg", "Meet Sam from the help desk: ask him about Wi-Fi 🙂", (0.42, 0.45)),
    "cartoon": ("cartoon-restart.png", "Monday morning at the help desk", None),
    "tip": (
        "lego-staff.jpg",
        "Tech Tip Tuesday #12\nLock your screen with Windows+L when you leave your desk.",
        None,
    ),
    "story": ("lego-staff.jpg", "New: chat with the help desk from the campus app, 8:00-20:00", (0.42, 0.4)),
    "status": (
        "lego-staff.jpg",
        "Monitoring: Eduroam is back in the library; we are watching it closely.",
        None,
    ),
}


def _thumbnail(path: Path) -> Image.Image:
    with Image.open(path) as image:
        small = image.convert("RGB")
    small.thumbnail((_THUMB, _THUMB), Image.Resampling.BOX)
    return small


def _mean_difference(a: Image.Image, b: Image.Image) -> float:
    return float(sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3)


@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_every_format_matches_its_reference(kit: BrandKit, tmp_path: Path, template: str) -> None:
    name, caption, focus = _CASES[template]
    source = ASSETS / "demo" / name
    formats = tuple(f.id for f in FORMATS)
    result = render(RenderRequest((source,), tmp_path, kit, template, formats, caption, focus, workers=1))
    assert result.ok
    failures = []
    for output in result.outputs:
        actual = _thumbnail(output.path)
        reference = _GOLDEN / template / f"{output.format_id}.png"
        if os.environ.get("STUDIO_UPDATE_GOLDEN") == "1":
            reference.parent.mkdir(parents=True, exist_ok=True)
            actual.save(reference, optimize=True)
            continue
        assert reference.is_file(), f"no reference {reference}; create it with STUDIO_UPDATE_GOLDEN=1"
        with Image.open(reference) as stored:
            expected = stored.convert("RGB")
        difference = _mean_difference(actual, expected) if actual.size == expected.size else 255.0
        if difference > _TOLERANCE:
            _FAILURES.mkdir(parents=True, exist_ok=True)
            actual.save(_FAILURES / f"{template}.{output.format_id}.actual.png")
            expected.save(_FAILURES / f"{template}.{output.format_id}.expected.png")
            failures.append(f"{output.format_id}: mean difference {difference:.2f}")
    assert not failures, f"differs from the references (images in {_FAILURES}): {failures}"


def test_the_comparison_notices_a_real_change(kit: BrandKit, tmp_path: Path) -> None:
    """A different caption must exceed the tolerance, or the golden test could never fail."""
    name, _, focus = _CASES["photo"]
    request = RenderRequest(
        (ASSETS / "demo" / name,),
        tmp_path,
        kit,
        "photo",
        ("instagram-square",),
        "Something else entirely",
        focus,
    )
    (output,) = render(request).outputs
    with Image.open(_GOLDEN / "photo" / "instagram-square.png") as stored:
        expected = stored.convert("RGB")
    assert _mean_difference(_thumbnail(output.path), expected) > _TOLERANCE
