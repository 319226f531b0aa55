"""The application icon: our SVG, the PNGs rendered from it, and every window showing it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from app.appicon import SIZES, WINDOW_SIZES, application_icon, png_name, render

ROOT = Path(__file__).resolve().parents[1]
ICONS = files("resources").joinpath("icons")


def test_the_svg_is_a_square_drawing() -> None:
    root = ET.fromstring(ICONS.joinpath("dateline.svg").read_bytes())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert width == height


def test_each_png_is_its_size_and_the_svg_rendered_at_it(qtbot: QtBot) -> None:
    """The committed PNGs match the SVG (re-render with `make icons` after editing it)."""
    for size in SIZES:
        committed = QImage()
        assert committed.loadFromData(ICONS.joinpath(png_name(size)).read_bytes()), size
        assert (committed.width(), committed.height()) == (size, size)
        fresh = render(size).convertToFormat(QImage.Format.Format_ARGB32)
        committed = committed.convertToFormat(QImage.Format.Format_ARGB32)
        step = max(1, size // 64)
        differences = [
            abs(channel(committed.pixelColor(x, y)) - channel(fresh.pixelColor(x, y)))
            for y in range(0, size, step)
            for x in range(0, size, step)
            for channel in (QColor.red, QColor.green, QColor.blue, QColor.alpha)
        ]
        assert max(differences) <= 8, f"{png_name(size)} differs from the SVG"
        opaque = sum(committed.pixelColor(x, y).alpha() > 0
                     for y in range(size) for x in range(0, size, max(1, size // 16)))
        assert opaque > 0, f"{png_name(size)} is blank"


def test_the_icon_offers_every_window_size(qtbot: QtBot) -> None:
    sizes = sorted(s.width() for s in application_icon().availableSizes())
    assert sizes == list(WINDOW_SIZES)


def test_every_window_shows_the_icon_from_a_fresh_start(tmp_path: Path) -> None:
    """Started as `main()` starts (a fresh process, no test QApplication), the main
    window and the review window both carry the icon."""
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        from annotations.store import Project
        from app.main import build_window, make_application
        from app.review import open_review
        from app.settings import Settings

        make_application()
        folder = Path(sys.argv[1])
        with Project.create(folder / "p.dateline") as project:
            project.add_document("Officials met on Monday.", date="2021-08-16")
        window = build_window(folder / "p.dateline", settings=Settings.at(folder / "s.ini"),
                              annotator="ana", ask=False)
        review = open_review(window)
        for shown in (window, review):
            print(sorted(s.width() for s in shown.windowIcon().availableSizes()))
        sys.stdout.flush()
        import os
        os._exit(0)
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    expected = str(list(WINDOW_SIZES))
    assert result.stdout.split("\n")[:2] == [expected, expected]
