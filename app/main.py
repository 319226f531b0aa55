"""Start the annotation window: `dateline [PROJECT]`, `make run`, `dateline-gui`.

With no project named, the window opens the last project used, or else the
default project in the user's data folder, created on first run and seeded
with the bundled sample articles so there is something to annotate at once.
The annotator's name is asked once and kept in the settings.

spaCy is never imported here: the window must show within 0.6 s.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from annotations.store import Project
    from app.settings import Settings
    from app.window import MainWindow

DEFAULT_PROJECT_NAME = "default.dateline"
SAMPLES = "samples"


def default_project_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("Dateline", appauthor=False)) / DEFAULT_PROJECT_NAME


def seed_samples(project: Project, annotator: str) -> int:
    """Import the bundled sample articles (resources/samples/*.txt); return how many."""
    from annotations.importing import import_paths
    from annotations.progress import drive

    samples = files("resources").joinpath(SAMPLES)
    with tempfile.TemporaryDirectory(prefix="dateline-samples-") as folder:
        paths = []
        for item in sorted(samples.iterdir(), key=lambda i: i.name):
            if item.name.endswith(".txt"):
                target = Path(folder) / item.name
                target.write_bytes(item.read_bytes())
                paths.append(target)
        report = drive(import_paths(project, paths, annotator))
    return int(report.documents_added)


def open_default_project(annotator: str, path: Path | None = None) -> Project:
    """The default project, created and seeded with the samples when missing."""
    from annotations.store import Project

    target = path or default_project_path()
    if target.exists() and target.stat().st_size > 0:
        return Project(target, actor=annotator)
    target.parent.mkdir(parents=True, exist_ok=True)
    project = Project.create(target, actor=annotator)
    seed_samples(project, annotator)
    return project


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), named so QSettings finds its file."""
    from PySide6.QtWidgets import QApplication

    from app.settings import APPLICATION, ORGANISATION

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Dateline")
    app.setDesktopFileName("dateline")
    from app.appicon import application_icon

    app.setWindowIcon(application_icon())
    return app


def resolve_annotator(settings: Settings, given: str | None, ask: bool) -> tuple[str, bool]:
    """The annotator's name: given, else saved, else asked (first run), else the
    login name; and whether the first-run dialog was cancelled (the login name
    is used then, and the window says so)."""
    from annotations.identity import current_user
    from app.dialogs import ask_annotator

    name = given or settings.annotator
    cancelled = False
    if name is None and ask:
        name = ask_annotator(current_user(), first_run=True)
        cancelled = name is None
    name = name or current_user()
    settings.annotator = name
    return name, cancelled


def open_start_project(settings: Settings, project_path: str | Path | None,
                       annotator: str) -> Project:
    """The project named, else the last one used (if it still opens), else the default.

    Raises ProjectError when a named project cannot be opened.
    """
    from annotations.errors import ProjectError
    from annotations.store import Project

    if project_path is not None:
        return Project(project_path, actor=annotator)
    last = settings.last_project
    if last and Path(last).exists():
        try:
            return Project(last, actor=annotator)
        except ProjectError:
            settings.forget_recent_project(last)
    return open_default_project(annotator)


def build_window(project_path: str | Path | None = None, *, settings: Settings | None = None,
                 annotator: str | None = None, ask: bool = True) -> MainWindow:
    """The annotation window on a project, as `main()` builds it (tests too).

    Cancelling the first-run name dialog starts under the login name, and the
    status bar says how to change it. Raises ProjectError when the named
    project cannot be opened.
    """
    make_application()
    from app.session import Session
    from app.settings import Settings
    from app.window import MainWindow

    chosen = settings or Settings()
    name, cancelled = resolve_annotator(chosen, annotator, ask)
    project = open_start_project(chosen, project_path, name)
    chosen.add_recent_project(project.path)
    window = MainWindow(Session(project, name), chosen)
    if cancelled:
        window.show_message(f"Annotating as “{name}” (no name was given): File › Change "
                            "Annotator… sets another.", 0)
    # Everything built so far lives as long as the window: keep it out of the
    # cyclic garbage collector's full passes, which otherwise stall a frame
    # (10-20 ms) now and then while an article's spans are being read.
    gc.freeze()
    return window


NO_DISPLAY_PLATFORMS = ("offscreen", "minimal", "vnc", "linuxfb")


def has_display() -> bool:
    """Can a dialog be seen? Not on Qt's headless platforms, nor on Linux
    without an X or Wayland display."""
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform in NO_DISPLAY_PLATFORMS:
        return False
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def check_project(project_path: str | Path) -> str | None:
    """Why a named project cannot be opened, or None when it can (checked
    before any window or dialog, so a bad path never waits for a click)."""
    from annotations.errors import DatelineError
    from annotations.store import Project

    try:
        Project(project_path).close()
    except DatelineError as exc:
        return str(exc)
    except OSError as exc:
        return f"{project_path}: {exc.strerror or exc}"
    return None


def fail(text: str, dialog: bool) -> int:
    """Print a start-up error (and, in the desktop app, show it); the exit code 1."""
    print(f"dateline: {text}", file=sys.stderr)
    if dialog and has_display():
        make_application()
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Dateline", text)
    return 1


def run(project_path: str | None, *, dialogs: bool = False) -> int:
    """Show the window on a project (or the default one) until it closes; the exit code.

    The system libraries Qt's X11 plugin needs are checked first
    (app/platform_check.py), so `dateline` and `dateline-gui` on a minimal
    Linux print the command that installs them instead of Qt's abort.
    Start-up errors are printed; `dialogs` (the desktop app: `dateline-gui`)
    also shows them in a dialog when there is a display to show it on. From a
    terminal or a script, a bad path exits 1 at once, before Qt starts.
    """
    if project_path is not None:
        problem = check_project(project_path)
        if problem is not None:
            return fail(problem, dialogs)
    from app.platform_check import main as check_platform

    if check_platform() != 0:  # Qt would abort naming the wrong library
        return 1
    app = make_application()
    from annotations.errors import DatelineError

    try:
        window = build_window(project_path)
    except DatelineError as exc:
        return fail(str(exc), dialogs)
    window.show()
    return int(app.exec())


def main() -> None:
    """`dateline-gui [PROJECT]`: the desktop app (start-up errors in a dialog as well)."""
    sys.exit(run(sys.argv[1] if len(sys.argv) > 1 else None, dialogs=True))


if __name__ == "__main__":
    main()
