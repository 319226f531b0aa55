"""Layout and looks: the window's size and splitters kept in the settings,
the panels shown, zoom, all relations drawn, and the light or dark theme."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QSplitter

from app import icons, theme
from app.actions import ACTIONS
from app.settings import Theme

if TYPE_CHECKING:
    from app.window import MainWindow

ZOOM_DEFAULT = 12
LIST_SHARE = 0.26  # of the window's width, for the document list on first run


class LayoutController(QObject):
    """The window's geometry, panels, zoom and theme, kept in the settings."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.unsplit: list[QSplitter] = []

    def restore_layout(self) -> None:
        geometry = self.window.settings.geometry
        if geometry is None or not self.window.restoreGeometry(geometry):
            self._default_size()
        state = self.window.settings.window_state
        if state is not None:
            self.window.restoreState(state)
        self.unsplit = [
            splitter for splitter in (self.window.splitter, self.window.side)
            if (saved := self.window.settings.splitter(splitter.objectName())) is None
            or not splitter.restoreState(saved)
        ]
        shown = self.window.documents.isVisibleTo(self.window) or not self.window.isVisible()
        self.window.actions_by_name["show_documents"].setChecked(shown)

    def _default_size(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.window.resize(1280, 760)
            return
        area = screen.availableGeometry()
        width, height = min(1440, area.width()), min(900, area.height())
        self.window.resize(width if width < 1400 else int(area.width() * 0.85),
                           height if height < 860 else int(area.height() * 0.85))

    def window_shown(self) -> None:
        """First run: split the real width once it is known."""
        if self.unsplit:
            QTimer.singleShot(0, self.split_first_time)

    def split_first_time(self) -> None:
        for splitter in self.unsplit:
            self._default_split(splitter)
        self.unsplit = []

    def _default_split(self, splitter: QSplitter) -> None:
        if splitter is self.window.side:
            height = max(400, splitter.height())
            splitter.setSizes([int(height * 0.58), height - int(height * 0.58)])
            return
        width = max(900, splitter.width())
        # The list's Title column takes what Date and Spans leave: a quarter of
        # a 1366-pixel screen shows about 30 characters of a title.
        left, right = max(250, int(width * LIST_SHARE)), max(300, int(width * 0.22))
        splitter.setSizes([left, width - left - right, right])

    def save_layout(self) -> None:
        self.window.settings.geometry = self.window.saveGeometry()
        self.window.settings.window_state = self.window.saveState()
        for splitter in (self.window.splitter, self.window.side):
            self.window.settings.set_splitter(splitter.objectName(), splitter.saveState())
        self.window.settings.sync()

    def toggle_all_relations(self) -> None:
        on = self.window.actions_by_name["all_relations"].isChecked()
        self.window.settings.all_relations = on
        self.window.article.all_relations = on
        self.window.article.viewport().update()
        self.window.show_message(
            "Showing every relation's arrow (Ctrl+R: only the selected span's)." if on else
            "Showing only the selected span's relation arrows (Ctrl+R: every relation's).", 4000)

    def zoom_in(self) -> None:
        self._zoom(self.window.settings.font_size + 1)

    def zoom_out(self) -> None:
        self._zoom(self.window.settings.font_size - 1)

    def zoom_reset(self) -> None:
        self._zoom(ZOOM_DEFAULT)

    def _zoom(self, points: int) -> None:
        self.window.settings.font_size = points
        self.window.article.set_font_size(self.window.settings.font_size)

    def toggle_documents(self) -> None:
        self.window.documents.setVisible(self.window.actions_by_name["show_documents"].isChecked())

    def toggle_side(self) -> None:
        self.window.side.setVisible(self.window.actions_by_name["show_side"].isChecked())

    def theme_system(self) -> None:
        self.set_theme("system")

    def theme_light(self) -> None:
        self.set_theme("light")

    def theme_dark(self) -> None:
        self.set_theme("dark")

    def set_theme(self, value: Theme) -> None:
        self.window.settings.theme = value
        self.window.actions_by_name[f"theme_{value}"].setChecked(True)
        self._apply_theme()

    def on_system_scheme(self, _scheme: Any) -> None:
        if self.window.settings.theme == "system":
            self._apply_theme()

    def _apply_theme(self) -> None:
        app = cast(QApplication, QApplication.instance())
        self.window.dark = theme.apply(app, self.window.settings.theme)
        icons.set_colour(app.palette().color(QPalette.ColorRole.WindowText))
        for spec in ACTIONS:
            if spec.icon:
                self.window.actions_by_name[spec.name].setIcon(icons.icon(spec.icon))
        self.window.header.restyle()
        self.window.span_panel.restyle()
        self.window.styles = theme.LabelStyles(self.session.schema, self.window.dark)
        self.window.article.set_styles(self.window.styles)
        self.window.build_schema_actions()
        self.window.documents.model.restyle()
