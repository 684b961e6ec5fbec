"""Caption layout: font fallback per script, wrapping, shrink-to-fit and never overflowing."""

from __future__ import annotations

import pytest
from PIL import Image, ImageStat

from studio.brand.fonts import font_chain
from studio.brand.kit import BrandKit
from studio.brand.text import draw_block, fit_text


def test_each_script_goes_to_a_font_that_has_it(kit: BrandKit) -> None:
    chain = font_chain(kit.heading_fonts)
    faces = {run.text.strip(): run.face for run in chain.runs("Привет Γειά 你好 🙂")}
    assert faces["Привет Γειά"] == 0  # Noto Sans: Latin, Greek, Cyrillic
    assert faces["你好"] == 1  # the CJK fallback
    assert faces["🙂"] == 2  # the colour emoji font


def test_emoji_draw_in_colour_and_cjk_draws_ink(kit: BrandKit) -> None:
    chain = font_chain(kit.heading_fonts)
    canvas = Image.new("RGBA", (400, 120), (0, 0, 0, 0))
    chain.draw(canvas, (10, 80), "你好 🙂", 60, (255, 255, 255, 255))
    cjk = canvas.crop((10, 10, 130, 110))
    emoji = canvas.crop((150, 10, 260, 110))
    assert cjk.getchannel("A").getbbox() is not None
    red, _green, blue = ImageStat.Stat(emoji.convert("RGB"), mask=emoji.getchannel("A")).mean
    assert red > 150
    assert blue < red - 60  # a yellow face, not white text


@pytest.mark.parametrize(
    "text",
    [
        "Short",
        "Planned maintenance: the VPN is unavailable on Saturday from 06:00 to 09:00 while we upgrade it.",
        "Одна очень длинная подпись на русском языке, которая должна переноситься и уменьшаться " * 3,
        "校园网络维护通知：本周六上午六点至九点，校园网将进行升级维护，届时可能无法访问部分服务。" * 2,  # noqa: RUF001
        "Supercalifragilisticexpialidocious-without-any-spaces-at-all-to-break-on",
    ],
)
def test_text_never_leaves_its_box(kit: BrandKit, text: str) -> None:
    chain = font_chain(kit.heading_fonts)
    box = (500, 150)
    block = fit_text(chain, text, box, (60, 14), max_lines=3)
    assert len(block.lines) <= 3
    assert block.height <= box[1]
    assert all(width <= box[0] for width in block.widths)
    canvas = Image.new("RGBA", (700, 400), (0, 0, 0, 0))
    used = draw_block(canvas, chain, block, (100, 100, 600, 250), "left", "middle", (255, 255, 255))
    ink = canvas.getchannel("A").getbbox()
    assert ink is not None
    assert ink[0] >= 100
    assert ink[2] <= 600
    assert used[1] >= 100
    assert used[3] <= 250


def test_short_text_keeps_the_largest_size_and_long_text_shrinks(kit: BrandKit) -> None:
    chain = font_chain(kit.heading_fonts)
    short = fit_text(chain, "Hello", (500, 150), (60, 14), 3)
    long = fit_text(
        chain,
        "A much longer caption that cannot possibly fit on one line at sixty pixels",
        (500, 150),
        (60, 14),
        3,
    )
    assert short.size == 60
    assert not short.shortened
    assert 14 <= long.size < 60
    assert not long.shortened


def test_text_too_long_even_at_the_smallest_size_ends_in_an_ellipsis(kit: BrandKit) -> None:
    chain = font_chain(kit.heading_fonts)
    block = fit_text(chain, "word " * 400, (300, 60), (30, 14), 2)
    assert block.shortened
    assert block.lines[-1].endswith("…")
    assert len(block.lines) <= 2
    assert all(width <= 300 for width in block.widths)


def test_line_breaks_in_the_caption_are_kept(kit: BrandKit) -> None:
    chain = font_chain(kit.heading_fonts)
    block = fit_text(chain, "First line\nSecond", (800, 400), (40, 10), 4)
    assert block.lines == ("First line", "Second")
