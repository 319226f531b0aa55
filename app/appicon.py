"""Dateline's application icon: resources/icons/dateline.svg and its PNG renderings.

The PNGs (dateline-16.png ... dateline-512.png) are rendered from the SVG with
Qt's SVG renderer and committed, so the window, the desktop entry and the
bundle need no SVG support at run time. After changing the SVG, run
`make icons` (`python -m app.appicon`) to render them again.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap

ICON_NAME = "dateline"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# The window icon takes the sizes a title bar, task bar or switcher shows.
WINDOW_SIZES = tuple(size for size in SIZES if size <= 256)


def icons_folder() -> Traversable:
    return files("resources").joinpath("icons")


def png_name(size: int) -> str:
    return f"{ICON_NAME}-{size}.png"


def application_icon() -> QIcon:
    """The icon set on every window: the committed PNGs, loaded as resources."""
    icon = QIcon()
    folder = icons_folder()
    for size in WINDOW_SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData(folder.joinpath(png_name(size)).read_bytes(), "PNG"):
            icon.addPixmap(pixmap)
    return icon


def render(size: int) -> QImage:
    """The SVG drawn at size x size pixels, on a transparent background."""
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(icons_folder().joinpath(f"{ICON_NAME}.svg").read_bytes())
    if not renderer.isValid():
        raise ValueError(f"resources/icons/{ICON_NAME}.svg: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def write_pngs(folder: Path) -> list[Path]:
    """Render every size into `folder`; the files written."""
    written = []
    for size in SIZES:
        target = folder / png_name(size)
        if not render(size).save(str(target)):
            raise OSError(f"{target}: could not write the PNG")
        written.append(target)
    return written


def main() -> int:
    """`python -m app.appicon [FOLDER]`: render the PNGs (into resources/icons by default)."""
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # kept while drawing
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(str(icons_folder()))
    for path in write_pngs(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
