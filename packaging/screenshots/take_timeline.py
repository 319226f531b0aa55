"""Take packaging/screenshots/timeline.png: View › Story Timeline on four short articles of
one story (tests/timeline_story.py: three dated, one undated), annotated with EVENTs, DATEs,
WHEN links and three story events, one of them in conflict.

Run under a virtual X server (needs xvfb):
    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python packaging/screenshots/take_timeline.py
Settings and the project go to a temporary folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="dateline-shot-"))
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")

    from PySide6.QtCore import QTimer

    from annotations.store import Project
    from annotations.store.stories import create_story
    from app.main import build_window, make_application
    from app.settings import Settings
    from app.timeline import open_timeline
    from tests.timeline_story import load_story

    path = home / "ferry.dateline"
    with Project.create(path) as project:
        loaded = load_story(project, "maria")
        for name, ids in loaded.groups().items():
            create_story(project, "maria", name, ids)
    app = make_application([sys.argv[0]])
    settings = Settings.at(home / "settings.ini")
    settings.theme = "light"
    window = build_window(path, settings=settings, annotator="maria", ask=False)
    assert window is not None
    window.setGeometry(0, 0, 1366, 768)
    window.show()

    def show() -> None:
        timeline = open_timeline(window)
        timeline.setGeometry(0, 0, 1366, 768)
        timeline.refresh(keep_view=False)
        timeline.lists.setCurrentIndex(0)
        QTimer.singleShot(800, shoot)

    def shoot() -> None:
        image = app.primaryScreen().grabWindow(0).toImage()
        target = HERE / "timeline.png"
        image.save(str(target), "PNG")
        print(f"saved {target} ({target.stat().st_size // 1024} KB)")
        window.close()
        app.quit()

    QTimer.singleShot(500, show)
    app.exec()


if __name__ == "__main__":
    main()
