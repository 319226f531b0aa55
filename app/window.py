"""The annotation window: composes the views, turns keys and clicks into
undoable commands, and keeps the layout and preferences in QSettings.

The window holds no project data: the session does, and every view redraws
from the session's signals.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QShowEvent,
    QUndoGroup,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotations import text as textutil
from annotations.errors import DatelineError, ValidationError
from annotations.model import Span
from annotations.store import Project
from app import icons, theme
from app.actions import ACTIONS, MENUS, TOOLBAR_ORDER, ActionSpec
from app.activity import ActivityClock
from app.article import CANDIDATES, ArticleView, OutlineStyle
from app.commands import (
    AcceptSuggestions,
    AddRelation,
    AddSpan,
    DecideSuggestion,
    DeleteRelation,
    DeleteSpan,
    SetDate,
    SetNote,
    SetStatus,
    SpanValues,
    UpdateSpan,
    quoted,
)
from app.dialogs import SHEET_TEXT, ShortcutsDialog, ask_annotator
from app.doclist import DocumentList
from app.docpanel import DocumentHeader, DocumentPanel
from app.palette import LabelPalette
from app.session import EDIT_ERRORS, Session
from app.settings import Settings, Theme
from app.spanpanel import SpanPanel
from app.suggestions import SuggestionState, describe, installed_pipelines
from app.worker import Worker, Workers

PROJECT_FILTER = "Dateline projects (*.dateline *.db *.sqlite);;All files (*)"
MESSAGE_MS = 8000
ZOOM_DEFAULT = 12
QUOTE_ATTRIBUTE = "direct"
IDLE_HINT = "Select words, press a key · click a span · Tab: next span"
NO_DOCUMENT = "No document open"
EMPTY_PROJECT = (
    "No documents yet: File › Import Articles… (Ctrl+I).\n\nIt adds .txt files (one article "
    "each; a first line “date YYYY-MM-DD” gives the document date) or .jsonl files."
)
SUGGESTIONS = "suggestions"
SUGGESTION = "suggestion"
SUGGESTION_STYLE = OutlineStyle(Qt.PenStyle.DotLine, 1.6)
SELECTED_SUGGESTION_STYLE = OutlineStyle(Qt.PenStyle.DashLine, 2.6)
LIST_SHARE = 0.26  # of the window's width, for the document list on first run
MODEL_DELAY_MS = 300  # after the window is first shown: spaCy is not imported before


def default_attrs(schema_label: Any, text: str, start: int) -> dict[str, Any]:
    """A new span's attributes: the schema's defaults, and a bool attribute
    named "direct" set when the span opens right after a quotation mark."""
    attrs: dict[str, Any] = {
        a.name: a.default for a in schema_label.attributes if a.default is not None
    }
    direct = schema_label.attribute(QUOTE_ATTRIBUTE)
    if direct is not None and direct.type == "bool" and start > 0:
        attrs[QUOTE_ATTRIBUTE] = text[start - 1] in textutil.QUOTE_MARKS
    return attrs


def carried_attrs(schema_label: Any, old: dict[str, Any], text: str,
                  start: int) -> dict[str, Any]:
    """Attributes for a relabelled span: the new label's defaults, with the
    old values kept where the new label has an attribute of that name that
    allows them."""
    attrs = default_attrs(schema_label, text, start)
    for name, value in old.items():
        spec = schema_label.attribute(name)
        if spec is None:
            continue
        try:
            spec.check(schema_label.name, value)
        except ValidationError:
            continue
        attrs[name] = value
    return attrs


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
        self.linking: tuple[str, int] | None = None
        self.link_target: int | None = None
        self.undo_group = QUndoGroup(self)
        self._stacks: dict[int, QUndoStack] = {}
        self._seeded: set[int] = set()
        self.workers = Workers()
        self.suggestions = SuggestionState(session, self.workers)
        self._model_started = False
        self._model_timer = QTimer(self)
        self._model_timer.setSingleShot(True)
        self._model_timer.setInterval(MODEL_DELAY_MS)
        self._model_timer.timeout.connect(self.suggestions.start)
        app = cast(QApplication, QApplication.instance())
        self.dark = theme.apply(app, settings.theme)
        icons.set_colour(app.palette().color(QPalette.ColorRole.WindowText))
        self.styles = theme.LabelStyles(session.schema, self.dark)
        self._build_views()
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        self.label_actions: list[QAction] = []
        self.relation_actions: list[QAction] = []
        self._build_schema_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self.clock = ActivityClock(session, parent=self)
        app.installEventFilter(self.clock)
        self._connect()
        self._restore_layout()
        self._update_title()
        self.documents.reload()
        self._open_initial_document()

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
        slot = getattr(self, spec.slot)
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

    def _build_schema_actions(self) -> None:
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
            action.triggered.connect(lambda _c=False, n=label.name: self.tag(n))
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
            action.triggered.connect(lambda _c=False, n=rel.name: self.start_link(n))
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
                self.recent_menu.aboutToShow.connect(self._fill_recent)
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
        self._show_annotator()

    def _connect(self) -> None:
        s = self.session
        s.message.connect(self.show_message)
        s.failed.connect(self.show_error)
        s.document_opened.connect(self._on_document_opened)
        s.document_changed.connect(self._on_document_changed)
        s.selection_changed.connect(self._on_selection)
        self.article.span_clicked.connect(self._on_span_clicked)
        self.article.empty_clicked.connect(self._on_empty_clicked)
        self.article.suggestion_clicked.connect(self._on_suggestion_clicked)
        s.suggestions_decided.connect(self._on_suggestions_decided)
        sg = self.suggestions
        sg.changed.connect(self._draw_suggestions)
        sg.model_loading.connect(self._show_model_state)
        sg.model_ready.connect(self._show_model_state)
        sg.model_failed.connect(self._on_model_failed)
        sg.suggest_failed.connect(self._on_suggest_failed)
        sg.busy_changed.connect(self._show_model_state)
        sg.too_long.connect(self._on_too_long)
        sg.stale_dates.connect(self._on_stale_dates)
        s.date_changed.connect(sg.redate)
        self.documents.document_chosen.connect(self.open_document)
        self.documents.progress_changed.connect(self._on_progress)
        self.documents.status_box.currentIndexChanged.connect(self._save_filter)
        self.span_panel.relabel_requested.connect(self.relabel)
        self.span_panel.attrs_edited.connect(self.set_attributes)
        self.span_panel.follow_requested.connect(self.follow)
        self.span_panel.unlink_requested.connect(self.unlink)
        self.span_panel.delete_button.clicked.connect(self.delete_selected)
        self.span_panel.message.connect(self.show_message)
        self.span_panel.accept_requested.connect(self._accept_from_panel)
        self.span_panel.reject_requested.connect(self._reject_from_panel)
        self.header.date_entered.connect(self.set_date)
        self.header.message.connect(self.show_message)
        self.document_panel.note_edited.connect(self.set_note)
        self.document_panel.done_button.setDefaultAction(self.actions_by_name["mark_done"])
        self.undo_group.canUndoChanged.connect(self._sync_undo)
        self.undo_group.canRedoChanged.connect(self.actions_by_name["redo"].setEnabled)
        self.undo_group.undoTextChanged.connect(self._on_undo_text)
        self.undo_group.redoTextChanged.connect(self._on_redo_text)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._on_app_state)

    # --- layout ----------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self._default_size()
        state = self.settings.window_state
        if state is not None:
            self.restoreState(state)
        self._unsplit = [
            splitter for splitter in (self.splitter, self.side)
            if (saved := self.settings.splitter(splitter.objectName())) is None
            or not splitter.restoreState(saved)
        ]
        self.actions_by_name["show_documents"].setChecked(self.documents.isVisibleTo(self)
                                                          or not self.isVisible())

    def _default_size(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 760)
            return
        area = screen.availableGeometry()
        width, height = min(1440, area.width()), min(900, area.height())
        self.resize(width if width < 1400 else int(area.width() * 0.85),
                    height if height < 860 else int(area.height() * 0.85))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._model_started:  # the model loads once the window is up
            self._model_started = True
            self._model_timer.start()
        if self._unsplit:  # first run: split the real width once it is known
            QTimer.singleShot(0, self._split_first_time)

    def _split_first_time(self) -> None:
        for splitter in self._unsplit:
            self._default_split(splitter)
        self._unsplit = []

    def _default_split(self, splitter: QSplitter) -> None:
        if splitter is self.side:
            height = max(400, splitter.height())
            splitter.setSizes([int(height * 0.58), height - int(height * 0.58)])
            return
        width = max(900, splitter.width())
        # The list's Title column takes what Date and Spans leave: a quarter of
        # a 1366-pixel screen shows about 30 characters of a title.
        left, right = max(250, int(width * LIST_SHARE)), max(300, int(width * 0.22))
        splitter.setSizes([left, width - left - right, right])

    def save_layout(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        for splitter in (self.splitter, self.side):
            self.settings.set_splitter(splitter.objectName(), splitter.saveState())
        self.settings.sync()

    # --- documents -------------------------------------------------------------------------------

    def _open_initial_document(self) -> None:
        ids = self.session.document_ids()
        if not ids:
            self._show_empty()
            return
        last = self.settings.last_document(self.session.path)
        self.open_document(last if last in ids else ids[0])

    def _show_empty(self) -> None:
        self.article.setPlaceholderText(EMPTY_PROJECT)
        self._enable_document_fields(False)

    def _enable_document_fields(self, on: bool) -> None:
        """The date field and the document panel (note, Mark Done) act on the open
        document: without one they are greyed out, so nothing typed there is lost.
        The actions stay live: their keys say that no document is open."""
        self.header.setEnabled(on)
        self.document_panel.setEnabled(on)

    def _no_document(self) -> bool:
        """True (and a status-bar message) when no document is open."""
        if self.session.document_id is not None:
            return False
        self.show_message(f"{NO_DOCUMENT}: File › Import Articles… adds some."
                          if not self.session.document_ids() else f"{NO_DOCUMENT}.")
        return True

    def open_document(self, document_id: int) -> None:
        self.cancel_link(quiet=True)
        self.document_panel.flush()
        self.session.open_document(document_id)

    def stack_for(self, document_id: int) -> QUndoStack:
        """Each document has its own undo history."""
        stack = self._stacks.get(document_id)
        if stack is None:
            stack = QUndoStack(self.undo_group)
            self._stacks[document_id] = stack
        return stack

    def _earlier_reachable(self) -> bool:
        """Can undo go on into this annotator's earlier sessions on this document?"""
        doc = self.session.document_id
        if doc is None or doc in self._seeded or self.stack_for(doc).canUndo():
            return False
        try:
            return self.session.has_logged_edits(doc)
        except EDIT_ERRORS:
            return False

    def _seed_history(self, document_id: int) -> bool:
        """Put this annotator's earlier edits of the document (from the edit log)
        under the undo stack, once, when undo has nothing left of this session.
        Commands this session undid are dropped first: the log has both them
        and their undo, which cancel out. False when there was nothing earlier."""
        from app.history import earlier_steps

        self._seeded.add(document_id)
        try:
            steps = earlier_steps(self.session, document_id)
        except (*EDIT_ERRORS, ValueError, TypeError, KeyError) as exc:
            self.show_message(f"The earlier edits of this document cannot be undone: {exc}")
            return False
        if not steps:
            return False
        stack = self.stack_for(document_id)
        stack.clear()
        for step in steps:
            stack.push(step)
        return True

    def _sync_undo(self, *_args: Any) -> None:
        earlier = self._earlier_reachable()
        self.actions_by_name["undo"].setEnabled(self.undo_group.canUndo() or earlier)
        if earlier:
            self.actions_by_name["undo"].setText("&Undo (earlier session)")

    def _push(self, command: Any) -> bool:
        """Push a command on its document's stack; False when its write failed."""
        self.stack_for(command.document_id).push(command)
        return not command.failed

    def _on_document_opened(self, document_id: int) -> None:
        self._enable_document_fields(True)
        self.undo_group.setActiveStack(self.stack_for(document_id))
        self._sync_undo()
        self.settings.set_last_document(self.session.path, document_id)
        self._sync_done_action()
        self.suggestions.refresh()
        self.article.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_document_changed(self, document_id: int) -> None:
        if document_id == self.session.document_id:
            self._sync_done_action()

    def _sync_done_action(self) -> None:
        done = self.session.document_id is not None and self.session.status().status == "done"
        self.actions_by_name["mark_done"].setChecked(done)

    def _neighbour(self, step: int) -> int | None:
        ids = self.documents.visible_ids() or self.session.document_ids()
        current = self.session.document_id
        if current not in ids:
            return ids[0] if ids else None
        at = ids.index(current) + step
        return ids[at] if 0 <= at < len(ids) else None

    def next_document(self) -> None:
        ident = self._neighbour(1)
        if ident is None:
            self.show_message("This is the last document in the list.")
        else:
            self.open_document(ident)

    def previous_document(self) -> None:
        ident = self._neighbour(-1)
        if ident is None:
            self.show_message("This is the first document in the list.")
        else:
            self.open_document(ident)

    def next_not_done(self) -> bool:
        rows = self.documents.model.rows
        ids = [r.id for r in rows]
        current = self.session.document_id
        start = ids.index(current) + 1 if current in ids else 0
        for row in rows[start:] + rows[:start]:
            if row.status != "done" and row.id != current:
                self.open_document(row.id)
                return True
        self.show_message("Every other document is done.")
        return False

    def toggle_done(self) -> None:
        doc = self.session.document_id
        if doc is None:
            self._sync_done_action()
            self._no_document()
            return
        before = self.session.status().status
        after = "in_progress" if before == "done" else "done"
        if self._push(SetStatus(self.session, doc, before, after)):
            self.show_message(self._done_text(after), 4000)
        self._sync_done_action()

    def _done_text(self, status: str) -> str:
        """"Marked done (3 of 5)": the new status with the project's tally."""
        done, total = self.documents.model.done_count(), len(self.documents.model.rows)
        if status == "done":
            return f"Marked done ({done} of {total})."
        return f"Marked {status.replace('_', ' ')} ({done} of {total} done)."

    def done_and_next(self) -> None:
        doc = self.session.document_id
        if doc is None:
            self._no_document()
            return
        before = self.session.status().status
        if before != "done" and not self._push(SetStatus(self.session, doc, before, "done")):
            return
        self.next_not_done()

    def find_document(self) -> None:
        self.actions_by_name["show_documents"].setChecked(True)
        self.documents.setVisible(True)
        self.documents.focus_search()

    def _save_filter(self) -> None:
        self.settings.status_filter = self.documents.status_filter

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} / {total} done")

    # --- tagging ---------------------------------------------------------------------------------

    def tag(self, label: str) -> None:
        """A label key: tag the text selection, or relabel the selected span."""
        self.cancel_link(quiet=True)
        doc = self.session.document
        if doc is None:
            self._no_document()
            return
        selected = self.article.selected_range()
        if selected is not None:
            self._tag_range(label, *selected)
        elif self.session.selected is not None:
            self.relabel(label)
        else:
            self.show_message(f"Select some words first (drag, double-click or Shift+arrows), "
                              f"then press the key for {label}.")

    def _tag_range(self, label: str, start: int, end: int) -> None:
        doc = self.session.document
        spec = self.session.schema.label(label)
        if doc is None or spec is None:
            return
        start, end = textutil.snap(doc.text, start, end)
        if start == end:
            self.show_message("Nothing to tag: the selection holds only spaces and punctuation.")
            return
        attrs = default_attrs(spec, doc.text, start)
        try:
            self.session.check_span(label, start, end, attrs)
        except ValidationError as exc:
            self.show_message(str(exc))
            return
        values = SpanValues(label, start, end, attrs)
        if self._push(AddSpan(self.session, doc.id, values, doc.text[start:end])):
            self.article.clear_text_selection()
            self.show_message(f"Tagged {quoted(doc.text[start:end])} as {label}.", 3000)

    def relabel(self, label: str) -> None:
        span = self._selected_span()
        spec = self.session.schema.label(label)
        doc = self.session.document
        if span is None or spec is None or doc is None:
            return
        if span.label == label:
            self.show_message(f"The span is already {label}.", 3000)
            return
        attrs = carried_attrs(spec, span.attrs, doc.text, span.start)
        try:
            self.session.check_span(label, span.start, span.end, attrs, ignore=span.id)
        except ValidationError as exc:
            self.show_message(str(exc))
            return
        after = SpanValues(label, span.start, span.end, attrs)
        self._push(UpdateSpan(self.session, span, after,
                              f"Relabel {quoted(span.text)} as {label}"))

    def set_attributes(self, attrs: dict[str, Any]) -> None:
        span = self._selected_span()
        if span is None:
            return
        try:
            self.session.check_span(span.label, span.start, span.end, attrs, ignore=span.id)
        except ValidationError as exc:
            self.show_message(str(exc))
            return
        changed = ", ".join(f"{k}={attrs.get(k)}" for k in sorted(set(attrs) | set(span.attrs))
                            if attrs.get(k) != span.attrs.get(k))
        after = SpanValues(span.label, span.start, span.end, attrs)
        self._push(UpdateSpan(self.session, span, after, f"Set {span.label} {changed}"))

    def delete_selected(self) -> None:
        if self.linking is not None:
            self.cancel_link()
            return
        span = self._selected_span()
        if span is None:
            self.show_message("Click a span first, then press Delete.")
            return
        command = DeleteSpan(self.session, span)
        if self._push(command) and command.deleted is not None:
            links = len(command.deleted.relations)
            also = f" and {links} link{'s' if links != 1 else ''}" if links else ""
            self.show_message(f"Deleted {span.label} {quoted(span.text)}{also} "
                              "(Ctrl+Z brings it back).", 4000)

    def _selected_span(self) -> Span | None:
        selected = self.session.selected
        return None if selected is None else self.session.span(selected)

    def edit_attributes(self) -> None:
        if self.session.selected is None:
            self.show_message("Click a span first to edit its attributes.")
        elif not self.span_panel.focus_first_attribute():
            self.show_message("This label has no attributes.")

    def edit_note(self) -> None:
        if self._no_document():
            return
        self.actions_by_name["show_side"].setChecked(True)
        self.side.setVisible(True)
        self.document_panel.focus_note()

    def edit_date(self) -> None:
        if self._no_document():
            return
        self.header.focus_date()

    def set_note(self, document_id: int, note: str) -> None:
        before = self.session.status(document_id).note
        if before != note:
            self._push(SetNote(self.session, document_id, before, note))

    def set_date(self, value: str | None) -> None:
        doc = self.session.document
        if doc is not None and doc.date != value:
            self._push(SetDate(self.session, doc.id, doc.date, value))
            self.article.setFocus()

    # --- moving between spans --------------------------------------------------------------------

    def next_span(self) -> None:
        self._step_span(1)

    def previous_span(self) -> None:
        self._step_span(-1)

    def _step_span(self, step: int) -> None:
        if self.linking is not None:
            self._step_target(step)
            return
        if self._no_document():
            return
        caret = self.article.textCursor().position()
        mark = self.article.index.after(self.session.selected, caret, step)
        if mark is None:
            self.show_message("No spans in this document yet.", 3000)
            return
        self.session.select(mark.id)
        self.article.reveal(mark.id)

    def _on_span_clicked(self, span_id: int) -> None:
        if self.linking is not None:
            self.finish_link(span_id)
        else:
            self.session.select(span_id)

    def _on_empty_clicked(self) -> None:
        if self.linking is None:
            self.session.select(None)
            self.suggestions.select(None)

    def _on_selection(self, span_id: int) -> None:
        self.actions_by_name["delete_span"].setEnabled(bool(span_id))
        if span_id:
            self.suggestions.select(None)

    def follow(self, span_id: int) -> None:
        """Go to a relation partner: select it and scroll to it."""
        self.session.select(span_id)
        self.article.reveal(span_id)
        self.article.setFocus()

    def cancel(self) -> None:
        if self.linking is not None:
            self.cancel_link()
        elif self.session.selected is not None:
            self.session.select(None)
        elif self.suggestions.selected is not None:
            self.suggestions.select(None)
        else:
            self.article.clear_text_selection()

    # --- relations -------------------------------------------------------------------------------

    def start_link(self, name: str) -> None:
        """A relation key: link the selected span (the head) to a span picked next."""
        spec = self.session.schema.relation(name)
        head = self._selected_span()
        if spec is None:
            return
        heads, children = "/".join(spec.heads), "/".join(spec.children)
        if head is None:
            self.show_message(f"Select a {heads} span first, then press "
                              f"{spec.key.upper() or name} to link it to a {children}.")
            return
        if head.label not in spec.heads:
            self.show_message(f"Refused: {name} goes from {heads} to {children}, and the "
                              f"selected span is {head.label}.")
            return
        candidates = [m for m in self.article.index.marks()
                      if m.label in spec.children and m.id != head.id]
        if not candidates:
            self.show_message(f"No {children} span in this document to link to: tag it first.")
            return
        self.linking = (name, head.id)
        self.link_target = None
        self.article.set_layer(CANDIDATES, candidates, OutlineStyle(Qt.PenStyle.DotLine, 1.5))
        hint = (f"{name} from {quoted(head.text)}: click the {children} (Tab steps through "
                "them, Enter links, Esc cancels).")
        self.palette_bar.set_hint(f"Linking {name}: click the {children}")
        self.show_message(hint, 0)

    def _step_target(self, step: int) -> None:
        assert self.linking is not None
        name, head = self.linking
        spec = self.session.schema.relation(name)
        if spec is None:
            return
        candidates = [m for m in self.article.index.marks()
                      if m.label in spec.children and m.id != head]
        if not candidates:
            return
        ids = [m.id for m in candidates]
        if self.link_target in ids:
            at = (ids.index(self.link_target) + step) % len(ids)
        else:
            head_mark = self.article.index.get(head)
            after = [i for i, m in enumerate(candidates)
                     if head_mark is None or m.start >= head_mark.start]
            at = after[0] if after and step > 0 else (len(ids) - 1 if step < 0 else 0)
        self.link_target = ids[at]
        self.article.set_layer("target", [candidates[at]], OutlineStyle(width=3.0))
        self.article.reveal(self.link_target)
        span = self.session.span(self.link_target)
        if span is not None:
            self.show_message(f"{name} to {span.label} {quoted(span.text)}? Enter links it, "
                              "Tab goes on, Esc cancels.", 0)

    def confirm_link(self) -> None:
        if self.linking is not None and self.link_target is not None:
            self.finish_link(self.link_target)

    def finish_link(self, child: int) -> None:
        assert self.linking is not None
        name, head = self.linking
        try:
            self.session.check_relation(name, head, child)
        except (ValidationError, DatelineError) as exc:
            self.show_message(f"Refused: {exc}")
            return
        doc = self.session.document_id
        assert doc is not None
        self.cancel_link(quiet=True)
        if self._push(AddRelation(self.session, doc, name, head, child)):
            self.session.select(head)
            self.show_message(f"Linked {name}.", 3000)

    def cancel_link(self, *, quiet: bool = False) -> None:
        if self.linking is None:
            return
        self.linking = None
        self.link_target = None
        self.article.clear_layer(CANDIDATES)
        self.article.clear_layer("target")
        self.palette_bar.set_hint(IDLE_HINT)
        self.statusBar().clearMessage()
        if not quiet:
            self.show_message("Linking cancelled.", 3000)

    def unlink(self, relation_id: int) -> None:
        rel = next((r for r in self.session.relations if r.id == relation_id), None)
        if rel is not None:
            self._push(DeleteRelation(self.session, rel))

    # --- undo ------------------------------------------------------------------------------------

    def undo(self) -> None:
        self.cancel_link(quiet=True)
        self.document_panel.flush()
        doc = self.session.document_id
        if self._earlier_reachable() and doc is not None and not self._seed_history(doc):
            self.show_message("Nothing earlier to undo in this document.")
            self._sync_undo()
            return
        self._step_history("Undid", self.undo_group.undoText(), self.undo_group.undo)

    def redo(self) -> None:
        self.cancel_link(quiet=True)
        self._step_history("Redid", self.undo_group.redoText(), self.undo_group.redo)

    def _step_history(self, verb: str, text: str, step: Any) -> None:
        """Undo or redo one command and say which, unless its write failed
        (then the error was shown instead)."""
        stack = self.undo_group.activeStack()
        if stack is None or not text:
            self.show_message("Nothing to undo." if verb == "Undid" else "Nothing to redo.")
            return
        at = stack.index() - 1 if verb == "Undid" else stack.index()
        command = stack.command(at)
        step()
        if not getattr(command, "failed", False):
            self.show_message(f"{verb}: {text}", 4000)

    def _on_undo_text(self, text: str) -> None:
        self.actions_by_name["undo"].setText(f"&Undo {text}" if text else "&Undo")
        if not text:
            self._sync_undo()

    def _on_redo_text(self, text: str) -> None:
        self.actions_by_name["redo"].setText(f"&Redo {text}" if text else "&Redo")

    # --- projects and annotator ------------------------------------------------------------------

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", str(self.session.path.parent),
                                              PROJECT_FILTER)
        if path:
            self.open_project(path)

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New project", str(self.session.path.parent / "articles.dateline"),
            PROJECT_FILTER, options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not path:
            return
        try:
            project = Project.create(path, actor=self.session.annotator)
        except DatelineError as exc:
            self.show_error(str(exc))
            return
        self._switch(project)
        self.show_message("New project created. File › Import Articles… adds articles to it.", 0)

    def open_project(self, path: str | Path) -> bool:
        """Open another project file; on failure keep the current one and say why."""
        try:
            project = Project(path, actor=self.session.annotator)
        except (DatelineError, OSError) as exc:
            self.show_error(str(exc))
            self.settings.forget_recent_project(path)
            return False
        self._switch(project)
        return True

    def _switch(self, project: Project) -> None:
        self.document_panel.flush()
        self.clock.flush()
        self.cancel_link(quiet=True)
        self._drop_stacks()
        self.suggestions.forget_queue()
        self.session.replace_project(project)
        self.styles = theme.LabelStyles(project.schema, self.dark)
        self.article.set_styles(self.styles)
        self._build_schema_actions()
        self.settings.add_recent_project(project.path)
        self._update_title()
        self.suggestions.refresh()
        if self._model_started:
            self.suggestions.start()
        self._open_initial_document()
        self.project_switched.emit()

    def _drop_stacks(self) -> None:
        for stack in self._stacks.values():
            self.undo_group.removeStack(stack)
            stack.deleteLater()
        self._stacks.clear()
        self._seeded.clear()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = str(self.session.path.resolve())
        for path in self.settings.recent_projects:
            if path == current:
                continue
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_project(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No other recent projects").setEnabled(False)

    def change_annotator(self) -> None:
        name = ask_annotator(self.session.annotator, self)
        if name:
            self.set_annotator(name)

    def set_annotator(self, name: str) -> None:
        """Annotate under another name from now on (kept in the settings)."""
        if name == self.session.annotator:
            return
        self.document_panel.flush()
        self.clock.flush()
        self.cancel_link(quiet=True)
        self._drop_stacks()
        self.settings.annotator = name
        self.session.set_annotator(name)
        self._show_annotator()
        self._update_title()

    def _show_annotator(self) -> None:
        self.annotator_label.setText(f"Annotator: {self.session.annotator}")

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.session.path.name} — {self.session.annotator} — Dateline")

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

    def import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Import articles (.txt, .jsonl)", str(Path.home()), "All files (*)")
        if paths:
            self.import_paths([Path(p) for p in paths])

    def import_paths(self, paths: list[Path]) -> Worker:
        """Import files in a worker thread, all or nothing, with a progress dialog."""
        from annotations.importing import import_paths

        annotator = self.session.annotator
        worker = Worker(self.session.path,
                        lambda project: import_paths(project, paths, annotator),
                        actor=annotator)
        dialog = QProgressDialog("Importing…", "Cancel", 0, max(1, len(paths)), self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        worker.progressed.connect(lambda done, total, _m: _show_progress(dialog, done, total))
        dialog.canceled.connect(worker.cancel)
        worker.succeeded.connect(lambda report: self._imported(report, dialog))
        worker.failed.connect(lambda text, problems: self._import_failed(text, problems, dialog))
        self.workers.start(worker)
        return worker

    def _imported(self, report: Any, dialog: QProgressDialog) -> None:
        dialog.reset()
        current = self.session.document_id
        self.session.reload()
        if current is None:
            self._open_initial_document()
        self.show_message(f"Imported {report.documents_added} new article(s)"
                          f" ({report.documents_existing} already there).", 0)

    def _import_failed(self, text: str, problems: list[str], dialog: QProgressDialog) -> None:
        dialog.reset()
        box = QMessageBox(QMessageBox.Icon.Warning, "Import failed", text,
                          QMessageBox.StandardButton.Ok, self)
        if problems:
            box.setDetailedText("\n".join(problems))
        self.last_error = text
        box.open()

    # --- suggestions -----------------------------------------------------------------------------

    def _show_model_state(self, *_args: Any) -> None:
        sg = self.suggestions
        if sg.error:
            text = "Model failed"
        elif not sg.ready:
            text = f"Loading model {sg.name}…"
        elif sg.blind:
            text = "Blind: suggestions hidden"
        elif sg.suggesting:
            text = f"Suggesting with {sg.name}…"
        else:
            text = f"Model: {(sg.identity or sg.name).split('@')[0]}"
        self.model_label.setText(text)
        self.model_label.setToolTip(sg.error or f"spaCy pipeline: {sg.identity or sg.name}")
        if not sg.ready and not sg.error:
            self.show_message(text, 0)
        elif self.last_message.startswith("Loading model"):
            self.show_message(f"Model {sg.identity} ready.", 3000)

    def _on_model_failed(self, text: str) -> None:
        self._show_model_state()
        self.show_message(f"Suggestions are off: {text}", 0)

    def _on_suggest_failed(self, text: str) -> None:
        self._show_model_state()
        self.show_message(f"This document could not be suggested: {text}")

    def _on_too_long(self, length: int) -> None:
        self.show_message(f"Not suggested: {length:,} characters is too long to parse while you "
                          "work (`dateline suggest` does it).")

    def _on_stale_dates(self, document_id: int) -> None:
        if document_id == self.session.document_id:
            self.show_message("The suggested DATE values were worked out against the old "
                              "document date: check each value before accepting.", 0)

    def _on_suggestions_decided(self, document_id: int) -> None:
        if document_id == self.session.document_id:
            self.suggestions.refresh()

    def _draw_suggestions(self) -> None:
        sg, view = self.suggestions, self.article
        marks = [view.mark_of(f.start, f.end, f.id, f.label) for f in sg.items]
        view.set_layer(SUGGESTIONS, marks, SUGGESTION_STYLE)
        chosen = sg.current()
        self.span_panel.show_suggestion(chosen)
        if chosen is None:
            view.clear_layer(SUGGESTION)
        else:
            view.set_layer(SUGGESTION, [view.mark_of(chosen.start, chosen.end, chosen.id,
                                                     chosen.label)], SELECTED_SUGGESTION_STYLE)
        self.actions_by_name["blind"].setChecked(sg.blind)
        self._show_model_state()

    def _on_suggestion_clicked(self, suggestion_id: int) -> None:
        if self.linking is None:
            self._select_suggestion(suggestion_id)

    def _select_suggestion(self, suggestion_id: int | None) -> None:
        self.session.select(None)
        self.suggestions.select(suggestion_id)
        chosen = self.suggestions.current()
        if chosen is not None:
            self.article.reveal_range(chosen.start)
            self.show_message(f"{describe(chosen)} — Space accepts, X rejects, N next", 0)

    def _chosen_suggestion(self) -> Any:
        sg = self.suggestions
        if self._no_document():
            return None
        if sg.blind:
            self.show_message("Suggestions are hidden: this project is blind "
                              "(Suggest › Blind Project).")
            return None
        chosen = sg.current()
        if chosen is None:
            self.show_message("No suggestion selected: N goes to the next one, or click one."
                              if sg.items else "No suggestions left in this document.")
        return chosen

    def accept_suggestion(self) -> None:
        self._decide(accept=True)

    def reject_suggestion(self) -> None:
        self._decide(accept=False)

    def _decide(self, *, accept: bool) -> None:
        chosen = self._chosen_suggestion()
        if chosen is None:
            return
        if self._push(DecideSuggestion(self.session, chosen, accept)):
            verb = "Accepted" if accept else "Rejected"
            self.show_message(f"{verb} {chosen.label} {quoted(chosen.text)}.", 3000)
            later = [f for f in self.suggestions.items
                     if (f.start, f.end, f.id) > (chosen.start, chosen.end, chosen.id)]
            upcoming = later[0] if later else None
            if upcoming is not None:
                self._select_suggestion(upcoming.id)

    def _accept_from_panel(self) -> None:
        self.accept_suggestion()
        self.article.setFocus()  # Space and X go on from the article

    def _reject_from_panel(self) -> None:
        self.reject_suggestion()
        self.article.setFocus()

    def accept_label(self) -> None:
        chosen = self._chosen_suggestion()
        if chosen is not None:
            self._accept_many(chosen.label)

    def accept_all(self) -> None:
        if self._no_document():
            return
        if self.suggestions.blind:
            self._chosen_suggestion()
        elif not self.suggestions.items:
            self.show_message("No suggestions left in this document.")
        else:
            self._accept_many(None)

    def _accept_many(self, label: str | None) -> None:
        doc, identity = self.session.document_id, self.suggestions.identity
        if doc is None or identity is None:
            return
        command = AcceptSuggestions(self.session, doc, identity, label)
        if not self._push(command) or command.batch is None:
            return
        skipped = command.batch.skipped
        text = f"Accepted {len(command.batch.decisions)} suggestion(s)"
        if skipped:
            text += (f"; {len(skipped)} left, they overlap your spans "
                     f"(first: {skipped[0][0].label} {quoted(skipped[0][0].text)})")
        self.show_message(text + ".", 0 if skipped else 4000)

    def next_suggestion(self) -> None:
        self._step_suggestion(True)

    def previous_suggestion(self) -> None:
        self._step_suggestion(False)

    def _step_suggestion(self, forward: bool) -> None:
        if self._no_document():
            return
        if self.suggestions.blind:
            self._chosen_suggestion()
            return
        found = self.suggestions.step(self.article.caret(), forward)
        if found is None:
            waiting = not self.suggestions.ready or self.suggestions.suggesting
            self.show_message("The model is still working on this document."
                              if waiting else "No suggestions left in this document.")
            return
        self._select_suggestion(found.id)

    def toggle_blind(self) -> None:
        from annotations.store.suggestions import set_blind

        on = self.actions_by_name["blind"].isChecked()
        try:
            set_blind(self.session.project, on)
        except (DatelineError, OSError) as exc:
            self.session.report(exc)
            self._sync_blind_action()
            return
        self.suggestions.refresh()
        self.show_message("Suggestions are hidden in this project." if on
                          else "Suggestions are shown.", 3000)

    def _sync_blind_action(self) -> None:
        self.actions_by_name["blind"].setChecked(self.suggestions.blind)

    def choose_model(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        names = installed_pipelines()
        current = self.suggestions.name
        if current and current not in names:
            names.insert(0, current)
        name, ok = QInputDialog.getItem(
            self, "Suggestion model", "spaCy pipeline: an installed name, or a folder path",
            names, names.index(current) if current in names else 0, True)
        if ok and name.strip():
            self.set_model(name.strip())

    def set_model(self, name: str) -> bool:
        """Suggest with another pipeline from now on (the project's `model` setting)."""
        from annotations.suggest.model import installed

        if not installed(name):
            self.show_message(f"No spaCy pipeline {name!r}: install it or give a pipeline "
                              f"folder (installed: {', '.join(installed_pipelines())}).", 0)
            return False
        try:
            self.suggestions.set_model(name)
        except (DatelineError, OSError) as exc:
            self.session.report(exc)
            return False
        self._show_model_state()
        return True

    # --- export and merge -------------------------------------------------------------------------

    def export_dialog(self) -> None:
        from app.exportdialog import ExportDialog

        dialog = ExportDialog(self.session, self.workers, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_window = dialog
        dialog.open()

    def merge_dialog(self) -> None:
        from app.mergedialog import MergeDialog

        dialog = MergeDialog(self.session, self.workers, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.merged.connect(self._merged)
        self.merge_window = dialog
        dialog.open()

    def _merged(self) -> None:
        """Other files came in: the documents list and the open document read again."""
        self.document_panel.flush()
        current = self.session.document_id
        self.session.reload()
        if current is None:
            self._open_initial_document()

    # --- view ------------------------------------------------------------------------------------

    def toggle_all_relations(self) -> None:
        on = self.actions_by_name["all_relations"].isChecked()
        self.settings.all_relations = on
        self.article.all_relations = on
        self.article.viewport().update()

    def zoom_in(self) -> None:
        self._zoom(self.settings.font_size + 1)

    def zoom_out(self) -> None:
        self._zoom(self.settings.font_size - 1)

    def zoom_reset(self) -> None:
        self._zoom(ZOOM_DEFAULT)

    def _zoom(self, points: int) -> None:
        self.settings.font_size = points
        self.article.set_font_size(self.settings.font_size)

    def toggle_documents(self) -> None:
        self.documents.setVisible(self.actions_by_name["show_documents"].isChecked())

    def toggle_side(self) -> None:
        self.side.setVisible(self.actions_by_name["show_side"].isChecked())

    def theme_system(self) -> None:
        self.set_theme("system")

    def theme_light(self) -> None:
        self.set_theme("light")

    def theme_dark(self) -> None:
        self.set_theme("dark")

    def set_theme(self, value: Theme) -> None:
        self.settings.theme = value
        self.actions_by_name[f"theme_{value}"].setChecked(True)
        self._apply_theme()

    def _on_system_scheme(self, _scheme: Any) -> None:
        if self.settings.theme == "system":
            self._apply_theme()

    def _apply_theme(self) -> None:
        app = cast(QApplication, QApplication.instance())
        self.dark = theme.apply(app, self.settings.theme)
        icons.set_colour(app.palette().color(QPalette.ColorRole.WindowText))
        for spec in ACTIONS:
            if spec.icon:
                self.actions_by_name[spec.name].setIcon(icons.icon(spec.icon))
        self.header.restyle()
        self.span_panel.restyle()
        self.styles = theme.LabelStyles(self.session.schema, self.dark)
        self.article.set_styles(self.styles)
        self._build_schema_actions()
        self.documents.model.restyle()

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
        self._model_timer.stop()
        self.suggestions.close()
        self.workers.stop_all()
        self.save_layout()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.removeEventFilter(self.clock)
            app.applicationStateChanged.disconnect(self._on_app_state)
        QGuiApplication.styleHints().colorSchemeChanged.disconnect(self._on_system_scheme)
        self.session.close()
        super().closeEvent(event)


def _show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    dialog.setMaximum(max(total, 1))
    dialog.setValue(done)
