"""Render the app icon for desktop packages from the project's own `ui/icons/studio.svg`.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make-icons.py OUT_DIR

writes `OUT_DIR/hicolor/<n>x<n>/apps/studio.png` for the sizes the freedesktop icon theme spec lists,
`OUT_DIR/hicolor/scalable/apps/studio.svg`, and `studio.ico` (Windows) and `studio.icns` (macOS) for
PyInstaller. The SVG was drawn for this project (MIT, like the rest of it), so every file made from it is too.
Nothing here is committed: scripts/build-dist.sh and the release workflow make the icons on each build.
"""

from __future__ import annotations

import shutil
import sys
from io import BytesIO
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SVG = Path(__file__).resolve().parents[1] / "ui" / "icons" / "studio.svg"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """The icon at `size` px, antialiased on a transparent square, as a Pillow RGBA image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(BytesIO(bytes(data.data()))).convert("RGBA")


def main(out: Path) -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        sys.stderr.write(f"error: {SVG}: not a valid SVG\n")
        return 1
    hicolor = out / "hicolor"
    for size in HICOLOR_SIZES:
        target = hicolor / f"{size}x{size}" / "apps" / "studio.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        render(renderer, size).save(target, optimize=True)
    scalable = hicolor / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable / "studio.svg")
    big = render(renderer, 1024)
    big.save(out / "studio.ico", sizes=[(s, s) for s in ICO_SIZES])
    big.save(out / "studio.icns")
    sys.stdout.write(f"icons: {len(HICOLOR_SIZES)} PNG sizes, SVG, .ico and .icns in {out}\n")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: make-icons.py OUT_DIR\n")
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))
