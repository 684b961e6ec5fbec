#!/usr/bin/env python3
"""Draw the demo media: the Campus IT logo (PNG and SVG), a LEGO-style staff photo and an IT cartoon.

Everything is drawn from code with Pillow and the bundled fonts, so the files are ours to license (CC0, see
assets/demo/LICENSE.md). Run from the repository root: `python scripts/make-demo-media.py`. Deterministic.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "assets" / "fonts"
KIT = ROOT / "assets" / "kits" / "campus-it"
DEMO = ROOT / "assets" / "demo"
NAVY, AMBER, WHITE, INK = (29, 63, 114), (242, 169, 0), (255, 255, 255), (20, 33, 61)
YELLOW, YELLOW_DARK = (255, 205, 3), (214, 165, 0)
SCREEN, GREY = (120, 180, 235), (70, 74, 80)


def bold(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), size)


def logo() -> None:
    """A wordmark: an amber rounded square holding a navy monitor with 'IT' in it, then 'Campus IT'."""
    scale = 4  # drawn large and scaled down for smooth edges
    width, height = 1000 * scale, 240 * scale
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    s = scale
    draw.rounded_rectangle((10 * s, 10 * s, 230 * s, 230 * s), radius=48 * s, fill=AMBER)
    draw.rounded_rectangle((45 * s, 55 * s, 195 * s, 160 * s), radius=14 * s, fill=NAVY)
    draw.rectangle((105 * s, 160 * s, 135 * s, 185 * s), fill=NAVY)
    draw.rounded_rectangle((75 * s, 180 * s, 165 * s, 198 * s), radius=8 * s, fill=NAVY)
    draw.text((120 * s, 108 * s), "IT", font=bold(78 * s), fill=AMBER, anchor="mm")
    draw.text((265 * s, 122 * s), "Campus IT", font=bold(128 * s), fill=WHITE, anchor="lm")
    image = image.resize((1000, 240), Image.Resampling.LANCZOS)
    image.crop(image.getbbox()).save(KIT / "logo.png", optimize=True)
    (KIT / "logo.svg").write_text(
        """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 240" width="1000" height="240">
  <rect x="10" y="10" width="220" height="220" rx="48" fill="#F2A900"/>
  <rect x="45" y="55" width="150" height="105" rx="14" fill="#1D3F72"/>
  <rect x="105" y="160" width="30" height="25" fill="#1D3F72"/>
  <rect x="75" y="180" width="90" height="18" rx="8" fill="#1D3F72"/>
  <text x="120" y="136" font-family="Noto Sans, sans-serif" font-weight="700" font-size="78"
        fill="#F2A900" text-anchor="middle">IT</text>
  <text x="265" y="166" font-family="Noto Sans, sans-serif" font-weight="700" font-size="128"
        fill="#FFFFFF">Campus IT</text>
</svg>
""",
        encoding="utf-8",
    )


def _sheen(image: Image.Image, box: tuple[int, int, int, int], strength: int = 70) -> None:
    """A soft white highlight, as light falls on glossy plastic."""
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ImageDraw.Draw(layer).ellipse(box, fill=(255, 255, 255, strength))
    image.alpha_composite(layer.filter(ImageFilter.GaussianBlur(18)))


def _brick(draw: ImageDraw.ImageDraw, x: int, y: int, colour: tuple[int, ...], studs: int, u: int) -> None:
    dark = tuple(int(c * 0.75) for c in colour)
    width = studs * u
    draw.rectangle((x, y, x + width, y + int(u * 1.2)), fill=colour)
    draw.rectangle((x, y + int(u * 1.05), x + width, y + int(u * 1.2)), fill=dark)
    for i in range(studs):
        cx = x + i * u + u // 2
        draw.rectangle((cx - u // 3, y - u // 5, cx + u // 3, y), fill=colour)
        draw.ellipse((cx - u // 3, y - u // 5 - u // 8, cx + u // 3, y - u // 5 + u // 8), fill=dark)
        draw.ellipse((cx - u // 3, y - u // 5 - u // 7, cx + u // 3, y - u // 5 + u // 10), fill=colour)


def lego_photo() -> None:
    """A LEGO-style minifigure of the help-desk team at a desk, shot with a shallow depth of field."""
    width, height = 3000, 2000
    rng = random.Random(7)
    scene = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(scene)
    for y in range(height):  # a warm office wall, lighter at the top
        t = y / height
        draw.line((0, y, width, y), fill=(int(196 - 40 * t), int(206 - 44 * t), int(214 - 40 * t)))
    draw.rectangle((1900, 180, 2700, 980), fill=(232, 240, 246))  # a bright window
    draw.rectangle((2280, 180, 2320, 980), fill=(170, 176, 184))
    draw.rectangle((1900, 560, 2700, 590), fill=(170, 176, 184))
    draw.rectangle((250, 420, 1150, 460), fill=(120, 86, 60))  # a shelf with folders
    for i, colour in enumerate([(200, 60, 50), (40, 110, 170), (240, 180, 40), (60, 140, 90), (90, 90, 100)]):
        draw.rectangle((300 + i * 150, 180, 420 + i * 150, 420), fill=colour)
    background = scene.filter(ImageFilter.GaussianBlur(22)).convert("RGBA")
    draw = ImageDraw.Draw(background)
    draw.polygon([(0, 1380), (width, 1300), (width, height), (0, height)], fill=(164, 116, 74))  # the desk
    for _ in range(60):  # wood grain
        y = rng.randint(1320, height)
        draw.line((0, y, width, y - 80), fill=(150, 104, 64), width=rng.randint(2, 6))

    u = 280  # one minifigure unit in pixels
    cx, feet = 1250, 1560  # deliberately left of centre: a focus point keeps him in every crop
    shadow = Image.new("RGBA", background.size, (0, 0, 0, 0))
    ImageDraw.Draw(shadow).ellipse((cx - 300, feet - 50, cx + 330, feet + 50), fill=(40, 25, 10, 140))
    background.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(25)))
    figure = Image.new("RGBA", background.size, (0, 0, 0, 0))
    f = ImageDraw.Draw(figure)
    leg_top = feet - int(1.15 * u)
    f.rectangle((cx - int(0.78 * u), leg_top, cx - 8, feet), fill=(50, 58, 72))  # legs
    f.rectangle((cx + 8, leg_top, cx + int(0.78 * u), feet), fill=(50, 58, 72))
    f.rectangle((cx - int(0.78 * u), leg_top - int(0.2 * u), cx + int(0.78 * u), leg_top), fill=(42, 48, 60))
    torso_top = leg_top - int(0.2 * u) - int(1.25 * u)
    torso = [
        (cx - int(0.6 * u), torso_top),
        (cx + int(0.6 * u), torso_top),
        (cx + int(0.78 * u), leg_top - int(0.2 * u)),
        (cx - int(0.78 * u), leg_top - int(0.2 * u)),
    ]
    f.polygon(torso, fill=NAVY)
    f.polygon([(cx - 70, torso_top), (cx + 70, torso_top), (cx, torso_top + 110)], fill=WHITE)  # collar
    f.line((cx - 70, torso_top, cx, torso_top + 330), fill=AMBER, width=14)  # lanyard
    f.line((cx + 70, torso_top, cx, torso_top + 330), fill=AMBER, width=14)
    f.rounded_rectangle((cx - 55, torso_top + 320, cx + 55, torso_top + 440), radius=10, fill=WHITE)
    f.text((cx, torso_top + 380), "IT", font=bold(64), fill=NAVY, anchor="mm")
    # arms: one raised in a wave, one holding a tiny laptop
    f.polygon(
        [
            (cx - int(0.6 * u), torso_top + 20),
            (cx - int(0.92 * u), torso_top - 200),
            (cx - int(1.2 * u), torso_top - 140),
            (cx - int(0.78 * u), torso_top + 200),
        ],
        fill=NAVY,
    )
    f.ellipse((cx - int(1.33 * u), torso_top - 330, cx - int(0.85 * u), torso_top - 130), fill=YELLOW)
    f.ellipse((cx - int(1.2 * u), torso_top - 290, cx - int(0.98 * u), torso_top - 190), fill=YELLOW_DARK)
    f.polygon(
        [
            (cx + int(0.6 * u), torso_top + 20),
            (cx + int(0.95 * u), torso_top + 260),
            (cx + int(0.8 * u), torso_top + 330),
            (cx + int(0.72 * u), torso_top + 200),
        ],
        fill=NAVY,
    )
    f.ellipse((cx + int(0.78 * u), torso_top + 270, cx + int(1.12 * u), torso_top + 420), fill=YELLOW)
    f.rectangle((cx + int(0.95 * u), torso_top + 250, cx + int(1.7 * u), torso_top + 420), fill=GREY)
    f.rectangle((cx + int(1.0 * u), torso_top + 270, cx + int(1.65 * u), torso_top + 400), fill=SCREEN)
    neck = torso_top - 30
    f.rectangle((cx - 70, neck, cx + 70, torso_top + 10), fill=YELLOW_DARK)
    head_top = neck - int(0.8 * u)
    f.rounded_rectangle((cx - int(0.45 * u), head_top, cx + int(0.45 * u), neck), radius=60, fill=YELLOW)
    f.rounded_rectangle(
        (cx - int(0.25 * u), head_top - 55, cx + int(0.25 * u), head_top + 10), radius=14, fill=YELLOW_DARK
    )
    f.ellipse((cx - 70, head_top + 70, cx - 36, head_top + 110), fill=(20, 20, 20))  # eyes
    f.ellipse((cx + 36, head_top + 70, cx + 70, head_top + 110), fill=(20, 20, 20))
    f.arc((cx - 80, head_top + 60, cx + 80, head_top + 180), start=25, end=155, fill=(20, 20, 20), width=10)
    _sheen(figure, (cx - 100, head_top + 20, cx - 20, head_top + 120))
    background.alpha_composite(figure)
    bricks = ImageDraw.Draw(background)
    _brick(bricks, 2050, 1470, (200, 40, 40), 4, 110)
    _brick(bricks, 2120, 1330, (30, 110, 190), 2, 110)
    photo = background.convert("RGB")
    noise = Image.effect_noise((width, height), 12).convert("RGB")  # sensor grain
    photo = Image.blend(photo, noise, 0.04)
    photo.save(DEMO / "lego-staff.jpg", quality=90)


def cartoon() -> None:
    """A flat cartoon: the help-desk's classic question, with thick outlines."""
    width, height = 1600, 1200
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    line = 12
    draw.ellipse((200, 1040, 1400, 1140), fill=(232, 232, 232))
    # the monitor, looking poorly
    draw.rounded_rectangle((820, 420, 1380, 800), radius=30, fill=(210, 218, 228), outline=INK, width=line)
    draw.rounded_rectangle((870, 470, 1330, 750), radius=14, fill=SCREEN, outline=INK, width=6)
    draw.rectangle((1060, 800, 1140, 930), fill=(210, 218, 228), outline=INK, width=line)
    draw.rounded_rectangle((960, 920, 1240, 980), radius=20, fill=(210, 218, 228), outline=INK, width=line)
    draw.line((990, 560, 1050, 610), fill=INK, width=line)  # x eyes
    draw.line((1050, 560, 990, 610), fill=INK, width=line)
    draw.line((1150, 560, 1210, 610), fill=INK, width=line)
    draw.line((1210, 560, 1150, 610), fill=INK, width=line)
    draw.arc((1030, 650, 1170, 740), start=200, end=340, fill=INK, width=line)
    draw.line((1380, 700, 1500, 760, 1480, 1000), fill=INK, width=line, joint="curve")  # the cable, unplugged
    draw.rounded_rectangle((1440, 990, 1520, 1050), radius=8, fill=AMBER, outline=INK, width=line // 2)
    # the help-desk person
    draw.rounded_rectangle((330, 640, 610, 1060), radius=90, fill=NAVY, outline=INK, width=line)
    draw.ellipse((340, 330, 600, 590), fill=YELLOW, outline=INK, width=line)
    draw.ellipse((410, 430, 440, 470), fill=INK)
    draw.ellipse((500, 430, 530, 470), fill=INK)
    draw.arc((420, 460, 520, 540), start=20, end=160, fill=INK, width=line)
    draw.line((600, 720, 760, 640, 840, 560), fill=INK, width=line + 14, joint="curve")  # arm, pointing
    draw.line((600, 720, 760, 640, 840, 560), fill=NAVY, width=line, joint="curve")
    draw.ellipse((820, 525, 880, 585), fill=YELLOW, outline=INK, width=line // 2)
    # the speech bubble
    draw.rounded_rectangle((120, 60, 1180, 290), radius=60, fill=WHITE, outline=INK, width=line)
    draw.polygon([(420, 284), (500, 284), (450, 350)], fill=WHITE, outline=INK)
    draw.line((420, 284, 450, 350, 500, 284), fill=INK, width=line)
    draw.rectangle((425, 270, 495, 290), fill=WHITE)
    draw.text((650, 135), "Have you tried turning it", font=bold(62), fill=INK, anchor="mm")
    draw.text((650, 215), "off and on again?", font=bold(62), fill=INK, anchor="mm")
    image.save(DEMO / "cartoon-restart.png", optimize=True)


def main() -> None:
    DEMO.mkdir(parents=True, exist_ok=True)
    logo()
    lego_photo()
    cartoon()
    print(f"wrote {KIT / 'logo.png'}, {KIT / 'logo.svg'} and the demo media in {DEMO}")


if __name__ == "__main__":
    main()
