"""Projects and import: open, create and switch project files, the recent
list, the annotator's name, and File › Import (in the same WorkDialog as
export and merge)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog

from annotations.errors import DatelineError
from annotations.importing import ImportReport
from annotations.store import Project
from app import theme
from app.dialogs import ask_annotator
from app.importdialog import ImportDialog, report_text
from app.worker import Worker

if TYPE_CHECKING:
    from app.window import MainWindow


PROJECT_FILTER = "Dateline projects (*.dateline *.db *.sqlite);;All files (*)"


class ProjectController(QObject):
    """Which project file and annotator the window shows, and imports into it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.import_window: ImportDialog | None = None

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open project",
                                              str(self.session.path.parent),
                                              PROJECT_FILTER)
        if path:
            self.open_project(path)

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "New project", str(self.session.path.parent / "articles.dateline"),
            PROJECT_FILTER, options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not path:
            return
        try:
            project = Project.create(path, actor=self.session.annotator)
        except DatelineError as exc:
            self.window.show_error(str(exc))
            return
        self._switch(project)
        self.window.show_message(
            "New project created. File › Import Articles… adds articles to it.", 0)

    def open_project(self, path: str | Path) -> bool:
        """Open another project file; on failure keep the current one and say why."""
        try:
            project = Project(path, actor=self.session.annotator)
        except (DatelineError, OSError) as exc:
            self.window.show_error(str(exc))
            self.window.settings.forget_recent_project(path)
            return False
        self._switch(project)
        return True

    def _switch(self, project: Project) -> None:
        self.window.document_panel.flush()
        self.window.clock.flush()
        self.window.links.cancel_link(quiet=True)
        self.window.undo_stacks.drop_stacks()
        self.window.suggestions.forget_queue()
        self.session.replace_project(project)
        self.window.styles = theme.LabelStyles(project.schema, self.window.dark)
        self.window.article.set_styles(self.window.styles)
        self.window.build_schema_actions()
        self.window.settings.add_recent_project(project.path)
        self.update_title()
        self.window.suggestions.refresh()
        if self.window.suggesting.model_started:
            self.window.suggestions.start()
        self.window.open_initial_document()
        self.window.project_switched.emit()

    def fill_recent(self) -> None:
        self.window.recent_menu.clear()
        current = str(self.session.path.resolve())
        for path in self.window.settings.recent_projects:
            if path == current:
                continue
            action = self.window.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_project(p))
        if self.window.recent_menu.isEmpty():
            self.window.recent_menu.addAction("No other recent projects").setEnabled(False)

    def change_annotator(self) -> None:
        name = ask_annotator(self.session.annotator, self.window)
        if name:
            self.set_annotator(name)

    def set_annotator(self, name: str) -> None:
        """Annotate under another name from now on (kept in the settings)."""
        if name == self.session.annotator:
            return
        self.window.document_panel.flush()
        self.window.clock.flush()
        self.window.links.cancel_link(quiet=True)
        self.window.undo_stacks.drop_stacks()
        self.window.settings.annotator = name
        self.session.set_annotator(name)
        self.show_annotator()
        self.update_title()

    def show_annotator(self) -> None:
        self.window.annotator_label.setText(f"Annotator: {self.session.annotator}")

    def update_title(self) -> None:
        self.window.setWindowTitle(
            f"{self.session.path.name} — {self.session.annotator} — Dateline")

    def import_files(self) -> None:
        """File › Import Articles: choose files, then import them in the import dialog."""
        dialog = self._import_dialog()
        if dialog.browse():
            dialog.start_import()

    def import_paths(self, paths: list[Path]) -> Worker | None:
        """Import files in a worker thread, all or nothing, in the import dialog."""
        dialog = self._import_dialog()
        dialog.add_paths(list(paths))
        return dialog.start_import()

    def _import_dialog(self) -> ImportDialog:
        dialog = ImportDialog(self.session, self.window.workers, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.imported.connect(self._imported)
        dialog.import_failed.connect(self._import_failed)
        self.import_window = dialog
        dialog.open()
        return dialog

    def _imported(self, report: ImportReport) -> None:
        self.window.reread()
        self.window.show_message(report_text(report), 0)

    def _import_failed(self, text: str) -> None:
        self.window.last_error = text
