"""The annotation window: builds the views, the actions and the controllers,
and wires them together.

The window holds no project data: the session does, and every view redraws
from the session's signals. What keys and clicks do lives in controllers the
window builds (each a QObject with its own state): tagging (app/tagging.py),
linking (app/linking.py), per-document undo (app/undostacks.py), suggestions
(app/suggestcontrol.py), documents (app/navigation.py), projects and import
(app/projects.py), and layout and theme (app/layout.py).
"""

from __future__ import annotations

import html
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotations.store import rows
from app import icons, theme
from app.actions import ACTIONS, MENUS, TOOLBAR_ORDER, ActionSpec
from app.activity import ActivityClock
from app.article import ArticleView
from app.dialogs import SHEET_TEXT, ShortcutsDialog
from app.doclist import DocumentList
from app.docpanel import DocumentHeader, DocumentPanel
from app.layout import LayoutController
from app.linking import LinkController
from app.navigation import DocumentController
from app.palette import IDLE_HINT, LabelPalette
from app.projects import ProjectController
from app.session import Session
from app.settings import Settings
from app.spanpanel import SpanPanel
from app.suggestcontrol import SuggestionController
from app.suggestions import SuggestionState
from app.tagging import TagController
from app.undostacks import UndoStacks
from app.worker import Workers

MESSAGE_MS = 8000
NO_DOCUMENT = "No document open"
EMPTY_PROJECT = (
    "No documents yet: File › Import Articles… (Ctrl+I).\n\nIt adds .txt files (one article "
    "each; a first line “date YYYY-MM-DD” gives the document date) or .jsonl files."
)


class MainWindow(QMainWindow):
    """The annotation window on one session."""

    project_switched = Signal()

    def __init__(self, session: Session, settings: Settings) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.last_message = ""
        self.last_error = ""
        self.error_box: QMessageBox | None = None
        self.workers = Workers()
        self.suggestions = SuggestionState(session)
        self.links = LinkController(self)
        self.undo_stacks = UndoStacks(self)
        self.suggesting = SuggestionController(self)
        self.projects = ProjectController(self)
        self.layouts = LayoutController(self)
        self.navigation = DocumentController(self)
        self.tagging = TagController(self)
        app = cast(QApplication, QApplication.instance())
        self.dark = theme.apply(app, settings.theme)
        icons.set_colour(app.palette().color(QPalette.ColorRole.WindowText))
        self.styles = theme.LabelStyles(session.schema, self.dark)
        self._build_views()
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        self.label_actions: list[QAction] = []
        self.relation_actions: list[QAction] = []
        self.build_schema_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self.clock = ActivityClock(session, parent=self)
        app.installEventFilter(self.clock)
        self._connect()
        self.layouts.restore_layout()
        self.projects.update_title()
        self.documents.reload()
        self.open_initial_document()

    # --- building --------------------------------------------------------------------------------

    def _build_views(self) -> None:
        s = self.session
        self.article = ArticleView(s, self.styles)
        self.article.all_relations = self.settings.all_relations
        self.article.set_font_size(self.settings.font_size)
        self.header = DocumentHeader(s)
        self.palette_bar = LabelPalette()
        self.documents = DocumentList(s, self.settings.status_filter)
        self.span_panel = SpanPanel(s)
        self.document_panel = DocumentPanel(s)
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.header)
        column.addWidget(self.palette_bar)
        column.addWidget(self.article, 1)
        self.side = QSplitter(Qt.Orientation.Vertical)
        self.side.setObjectName("side")
        scroll = QScrollArea()
        scroll.setWidget(self.span_panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side.addWidget(scroll)
        self.side.addWidget(self.document_panel)
        self.side.setStretchFactor(0, 3)
        self.side.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main")
        self.splitter.addWidget(self.documents)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setCollapsible(1, False)
        self.setCentralWidget(self.splitter)

    def _make_action(self, spec: ActionSpec) -> QAction:
        action = QAction(spec.text, self)
        action.setObjectName(spec.name)
        action.setProperty(SHEET_TEXT, spec.text)
        action.setShortcuts([QKeySequence(k) for k in spec.shortcuts])
        action.setCheckable(spec.checkable)
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        if spec.icon:
            action.setIcon(icons.icon(spec.icon))
        slot: Any = self
        for part in spec.slot.split("."):
            slot = getattr(slot, part)
        action.triggered.connect(lambda _checked=False, f=slot: f())
        if spec.scope == "article":
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.article.addAction(action)
        else:
            self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.specs = {spec.name: spec for spec in ACTIONS}
        for spec in ACTIONS:
            self.actions_by_name[spec.name] = self._make_action(spec)
        a = self.actions_by_name
        a["all_relations"].setChecked(self.settings.all_relations)
        themes = QActionGroup(self)
        for name in ("theme_system", "theme_light", "theme_dark"):
            themes.addAction(a[name])
        a[f"theme_{self.settings.theme}"].setChecked(True)
        a["show_documents"].setChecked(True)
        a["show_side"].setChecked(True)
        a["undo"].setEnabled(False)
        a["redo"].setEnabled(False)
        self.article.context_actions = [a["delete_span"], a["edit_attributes"]]

    def build_schema_actions(self) -> None:
        """One action per span label (tag or relabel) and relation label (link)."""
        for action in self.label_actions + self.relation_actions:
            self.removeAction(action)
            action.deleteLater()
        self.label_actions, self.relation_actions = [], []
        schema = self.session.schema
        for label in schema.labels:
            look = self.styles.look(label.name)
            action = QAction(label.name, self)
            action.setObjectName(f"label_{label.name}")
            action.setIcon(icons.swatch(look.fill))
            if label.key:
                action.setShortcut(QKeySequence(label.key.upper()))
                action.setIconText(f"{label.name}  {label.key.upper()}")
            action.setToolTip(f"Tag the selection as {label.name}, or relabel the selected "
                              f"span ({label.key.upper() or 'no key'})\n\n{label.help}")
            action.triggered.connect(lambda _c=False, n=label.name: self.tagging.tag(n))
            self.addAction(action)
            self.label_actions.append(action)
        for rel in schema.relations:
            action = QAction(f"Link {rel.name} ({'/'.join(rel.heads)} → "
                             f"{'/'.join(rel.children)})", self)
            action.setObjectName(f"relation_{rel.name}")
            action.setIcon(icons.swatch(self.styles.relation_colour(rel.name), ring=True))
            if rel.key:
                action.setShortcut(QKeySequence(rel.key.upper()))
            action.setIconText(f"{rel.name}  {rel.key.upper()}" if rel.key else rel.name)
            action.setToolTip(f"Link the selected {'/'.join(rel.heads)} to a "
                              f"{'/'.join(rel.children)}: press, then click the other span "
                              f"({rel.key.upper() or 'no key'})\n\n{rel.help}")
            action.triggered.connect(lambda _c=False, n=rel.name: self.links.start_link(n))
            self.addAction(action)
            self.relation_actions.append(action)
        self.palette_bar.set_actions(self.label_actions, self.relation_actions)
        self.palette_bar.set_hint(IDLE_HINT)
        self.article.context_actions = (
            self.label_actions + self.relation_actions
            + [self.actions_by_name["delete_span"], self.actions_by_name["edit_attributes"]]
        )
        if hasattr(self, "tag_menu"):
            self._fill_tag_menu()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        for title in MENUS:
            self.menus[title] = bar.addMenu(title)
        for spec in ACTIONS:
            menu = self.menus[spec.menu]
            if spec.name == "import_texts":
                self.recent_menu = menu.addMenu("Open &Recent")
                self.recent_menu.aboutToShow.connect(self.projects.fill_recent)
            if spec.name in ("export", "quit", "delete_span", "cancel", "next_document",
                             "find_document", "zoom_in", "show_documents", "theme_system",
                             "next_suggestion", "blind"):
                menu.addSeparator()
            if spec.menu != "&Tag":
                menu.addAction(self.actions_by_name[spec.name])
        self.tag_menu = self.menus["&Tag"]
        self._fill_tag_menu()

    def _fill_tag_menu(self) -> None:
        self.tag_menu.clear()
        self.tag_menu.addActions(self.label_actions)
        self.tag_menu.addSeparator()
        self.tag_menu.addActions(self.relation_actions)
        self.tag_menu.addSeparator()
        for spec in ACTIONS:
            if spec.menu == "&Tag":
                self.tag_menu.addAction(self.actions_by_name[spec.name])

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("main_toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        for name in TOOLBAR_ORDER:
            if name in ("undo", "previous_document", "mark_done"):
                bar.addSeparator()
            bar.addAction(self.actions_by_name[name])
        self.toolbar = bar
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.annotator_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setMaximumHeight(16)
        self.progress.setFormat("%v / %m done")
        self.progress.setTextVisible(True)
        self.model_label = QLabel()
        status.addPermanentWidget(self.model_label)
        status.addPermanentWidget(self.annotator_label)
        status.addPermanentWidget(self.progress)
        self.projects.show_annotator()

    def _connect(self) -> None:
        s = self.session
        s.message.connect(self.show_message)
        s.failed.connect(self.show_error)
        s.document_opened.connect(self._on_document_opened)
        s.document_changed.connect(self.navigation.on_document_changed)
        s.selection_changed.connect(self.tagging.on_selection)
        self.article.span_clicked.connect(self.tagging.on_span_clicked)
        self.article.empty_clicked.connect(self.tagging.on_empty_clicked)
        self.article.suggestion_clicked.connect(self.suggesting.on_suggestion_clicked)
        s.suggestions_decided.connect(self.suggesting.on_suggestions_decided)
        sg = self.suggestions
        sg.changed.connect(self.suggesting.draw_suggestions)
        sg.model_loading.connect(self.suggesting.show_model_state)
        sg.model_ready.connect(self.suggesting.show_model_state)
        sg.model_failed.connect(self.suggesting.on_model_failed)
        sg.suggest_failed.connect(self.suggesting.on_suggest_failed)
        sg.busy_changed.connect(self.suggesting.show_model_state)
        sg.too_long.connect(self.suggesting.on_too_long)
        sg.stale_dates.connect(self.suggesting.on_stale_dates)
        s.date_changed.connect(sg.redate)
        self.documents.document_chosen.connect(self.open_document)
        self.documents.progress_changed.connect(self.navigation.on_progress)
        self.documents.status_box.currentIndexChanged.connect(self.navigation.save_filter)
        self.span_panel.relabel_requested.connect(self.tagging.relabel)
        self.span_panel.attrs_edited.connect(self.tagging.set_attributes)
        self.span_panel.follow_requested.connect(self.tagging.follow)
        self.span_panel.unlink_requested.connect(self.links.unlink)
        self.span_panel.delete_button.clicked.connect(self.tagging.delete_selected)
        self.span_panel.message.connect(self.show_message)
        self.span_panel.accept_requested.connect(self.suggesting.accept_from_panel)
        self.span_panel.reject_requested.connect(self.suggesting.reject_from_panel)
        self.header.date_entered.connect(self.navigation.set_date)
        self.header.message.connect(self.show_message)
        self.document_panel.note_edited.connect(self.navigation.set_note)
        self.document_panel.done_button.setDefaultAction(self.actions_by_name["mark_done"])
        self.undo_stacks.undo_group.canUndoChanged.connect(self.undo_stacks.sync_undo)
        self.undo_stacks.undo_group.canRedoChanged.connect(self.actions_by_name["redo"].setEnabled)
        self.undo_stacks.undo_group.undoTextChanged.connect(self.undo_stacks.on_undo_text)
        self.undo_stacks.undo_group.redoTextChanged.connect(self.undo_stacks.on_redo_text)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.layouts.on_system_scheme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._on_app_state)

    # --- showing ----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.suggesting.window_shown()
        self.layouts.window_shown()

    # --- documents -------------------------------------------------------------------------------

    def open_initial_document(self) -> None:
        first = rows.first_document_id(self.session.project)
        if first is None:
            self._show_empty()
            return
        last = self.settings.last_document(self.session.path)
        known = last is not None and rows.has_document(self.session.project, last)
        self.open_document(last if known and last is not None else first)

    def _show_empty(self) -> None:
        self.article.setPlaceholderText(EMPTY_PROJECT)
        self._enable_document_fields(False)

    def _enable_document_fields(self, on: bool) -> None:
        """The date field and the document panel (note, Mark Done) act on the open
        document: without one they are greyed out, so nothing typed there is lost.
        The actions stay live: their keys say that no document is open."""
        self.header.setEnabled(on)
        self.document_panel.setEnabled(on)

    def no_document(self) -> bool:
        """True (and a status-bar message) when no document is open."""
        if self.session.document_id is not None:
            return False
        self.show_message(f"{NO_DOCUMENT}: File › Import Articles… adds some."
                          if not self.session.document_ids() else f"{NO_DOCUMENT}.")
        return True

    def open_document(self, document_id: int) -> None:
        self.links.cancel_link(quiet=True)
        self.document_panel.flush()
        self.session.open_document(document_id)

    def _on_document_opened(self, document_id: int) -> None:
        self._enable_document_fields(True)
        self.undo_stacks.undo_group.setActiveStack(self.undo_stacks.stack_for(document_id))
        self.undo_stacks.sync_undo()
        self.settings.set_last_document(self.session.path, document_id)
        self.navigation.sync_done_action()
        self.suggestions.refresh()
        self.article.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- other windows ---------------------------------------------------------------------------

    def open_review(self) -> None:
        """The review window (app/review): compare annotators, adjudicate gold."""
        from app.review import open_review

        open_review(self)

    def open_timeline(self) -> None:
        """View › Story Timeline (app/timeline)."""
        from app.timeline import open_timeline

        open_timeline(self)

    def export_timeline(self) -> None:
        """File › Export Timeline (app/timeline/exportdialog.py)."""
        from app.timeline.exportdialog import export_timeline

        export_timeline(self.session, self)

    def export_dialog(self) -> None:
        from app.exportdialog import ExportDialog

        dialog = ExportDialog(self.session, self.workers, self, settings=self.settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_window = dialog
        dialog.open()

    def merge_dialog(self) -> None:
        from app.mergedialog import MergeDialog

        dialog = MergeDialog(self.session, self.workers, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(self.reread)
        self.merge_window = dialog
        dialog.open()

    def reread(self) -> None:
        """Other files came in (import, merge): the documents list and the open
        document read again, the first one opened if none was."""
        self.document_panel.flush()
        current = self.session.document_id
        self.session.reload()
        if current is None:
            self.open_initial_document()

    # --- help ------------------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        menus = [(title, [a for a in menu.actions() if not a.isSeparator()])
                 for title, menu in self.menus.items()]
        dialog = ShortcutsDialog(menus, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.shortcuts_dialog = dialog

    def show_about(self) -> None:
        QMessageBox.about(self, "About Dateline", (
            "<b>Dateline</b><br>Annotate news with events, dates, speakers and quotes, and "
            "the links between them.<br><br>Every edit is written to the project file the "
            f"moment it is made.<br><br>Project: {html.escape(str(self.session.path))}"))

    # --- messages and errors ---------------------------------------------------------------------

    def show_message(self, text: str, timeout: int = MESSAGE_MS) -> None:
        self.last_message = text
        self.statusBar().showMessage(text, timeout)
        self.statusBar().setToolTip(text)  # the whole text, should the bar cut it

    def show_error(self, text: str) -> None:
        """A project that cannot be read or written: a dialog that does not block."""
        self.last_error = text
        box = QMessageBox(QMessageBox.Icon.Warning, "Dateline", text,
                          QMessageBox.StandardButton.Ok, self)
        box.setInformativeText("The window shows what the project file holds; "
                               "nothing else was changed.")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.error_box = box

    # --- activity and closing --------------------------------------------------------------------

    def _on_app_state(self, state: Qt.ApplicationState) -> None:
        self.clock.set_active(state == Qt.ApplicationState.ApplicationActive)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.document_panel.flush()
        self.clock.flush()
        self.suggesting.close()
        self.workers.stop_all()
        self.layouts.save_layout()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.removeEventFilter(self.clock)
            app.applicationStateChanged.disconnect(self._on_app_state)
        QGuiApplication.styleHints().colorSchemeChanged.disconnect(self.layouts.on_system_scheme)
        self.session.close()
        super().closeEvent(event)

