"""The annotation window: composes the views, turns keys and clicks into
undoable commands, and keeps the layout and preferences in QSettings.

The window holds no project data: the session does, and every view redraws
from the session's signals.
"""

from __future__ import annotations

import html
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

from annotations import text as textutil
from annotations.errors import ValidationError
from annotations.model import Span
from annotations.schema import carried_attrs, default_attrs
from app import icons, theme
from app.actions import ACTIONS, MENUS, TOOLBAR_ORDER, ActionSpec
from app.activity import ActivityClock
from app.article import ArticleView
from app.commands import (
    AddSpan,
    DeleteSpan,
    SetDate,
    SetNote,
    SetStatus,
    SpanValues,
    UpdateSpan,
    quoted,
)
from app.dialogs import SHEET_TEXT, ShortcutsDialog
from app.doclist import DocumentList
from app.docpanel import DocumentHeader, DocumentPanel
from app.layout import LayoutController
from app.linking import LinkController
from app.palette import IDLE_HINT, LabelPalette
from app.projects import ProjectController
from app.session import Session
from app.settings import Settings
from app.spanpanel import SpanPanel
from app.suggestcontrol import SuggestionController
from app.suggestions import SuggestionState
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
        self.suggestions = SuggestionState(session, self.workers)
        self.links = LinkController(self)
        self.undo_stacks = UndoStacks(self)
        self.suggesting = SuggestionController(self)
        self.projects = ProjectController(self)
        self.layouts = LayoutController(self)
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
        s.document_changed.connect(self._on_document_changed)
        s.selection_changed.connect(self._on_selection)
        self.article.span_clicked.connect(self._on_span_clicked)
        self.article.empty_clicked.connect(self._on_empty_clicked)
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
        self.documents.progress_changed.connect(self._on_progress)
        self.documents.status_box.currentIndexChanged.connect(self._save_filter)
        self.span_panel.relabel_requested.connect(self.relabel)
        self.span_panel.attrs_edited.connect(self.set_attributes)
        self.span_panel.follow_requested.connect(self.follow)
        self.span_panel.unlink_requested.connect(self.links.unlink)
        self.span_panel.delete_button.clicked.connect(self.delete_selected)
        self.span_panel.message.connect(self.show_message)
        self.span_panel.accept_requested.connect(self.suggesting.accept_from_panel)
        self.span_panel.reject_requested.connect(self.suggesting.reject_from_panel)
        self.header.date_entered.connect(self.set_date)
        self.header.message.connect(self.show_message)
        self.document_panel.note_edited.connect(self.set_note)
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
        if not self.suggesting.model_started:  # the model loads once the window is up
            self.suggesting.model_started = True
            self.suggesting.model_timer.start()
        if self.layouts.unsplit:  # first run: split the real width once it is known
            QTimer.singleShot(0, self.layouts.split_first_time)

    def open_initial_document(self) -> None:
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
            self.no_document()
            return
        before = self.session.status().status
        after = "in_progress" if before == "done" else "done"
        if self.undo_stacks.push(SetStatus(self.session, doc, before, after)):
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
            self.no_document()
            return
        before = self.session.status().status
        done = SetStatus(self.session, doc, before, "done")
        if before != "done" and not self.undo_stacks.push(done):
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
        self.links.cancel_link(quiet=True)
        doc = self.session.document
        if doc is None:
            self.no_document()
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
        if self.undo_stacks.push(AddSpan(self.session, doc.id, values, doc.text[start:end])):
            self.article.clear_text_selection()
            self.show_message(f"Tagged {quoted(doc.text[start:end])} as {label}.", 3000)

    def relabel(self, label: str) -> None:
        span = self.selected_span()
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
        self.undo_stacks.push(UpdateSpan(self.session, span, after,
                              f"Relabel {quoted(span.text)} as {label}"))

    def set_attributes(self, attrs: dict[str, Any]) -> None:
        span = self.selected_span()
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
        self.undo_stacks.push(UpdateSpan(self.session, span, after, f"Set {span.label} {changed}"))

    def delete_selected(self) -> None:
        if self.links.linking is not None:
            self.links.cancel_link()
            return
        span = self.selected_span()
        if span is None:
            self.show_message("Click a span first, then press Delete.")
            return
        command = DeleteSpan(self.session, span)
        if self.undo_stacks.push(command) and command.deleted is not None:
            links = len(command.deleted.relations)
            also = f" and {links} link{'s' if links != 1 else ''}" if links else ""
            self.show_message(f"Deleted {span.label} {quoted(span.text)}{also} "
                              "(Ctrl+Z brings it back).", 4000)

    def selected_span(self) -> Span | None:
        selected = self.session.selected
        return None if selected is None else self.session.span(selected)

    def edit_attributes(self) -> None:
        if self.session.selected is None:
            self.show_message("Click a span first to edit its attributes.")
        elif not self.span_panel.focus_first_attribute():
            self.show_message("This label has no attributes.")

    def edit_note(self) -> None:
        if self.no_document():
            return
        self.actions_by_name["show_side"].setChecked(True)
        self.side.setVisible(True)
        self.document_panel.focus_note()

    def edit_date(self) -> None:
        if self.no_document():
            return
        self.header.focus_date()

    def set_note(self, document_id: int, note: str) -> None:
        before = self.session.status(document_id).note
        if before != note:
            self.undo_stacks.push(SetNote(self.session, document_id, before, note))

    def set_date(self, value: str | None) -> None:
        doc = self.session.document
        if doc is not None and doc.date != value:
            self.undo_stacks.push(SetDate(self.session, doc.id, doc.date, value))
            self.article.setFocus()

    # --- moving between spans --------------------------------------------------------------------

    def next_span(self) -> None:
        self._step_span(1)

    def previous_span(self) -> None:
        self._step_span(-1)

    def _step_span(self, step: int) -> None:
        if self.links.linking is not None:
            self.links.step_target(step)
            return
        if self.no_document():
            return
        caret = self.article.textCursor().position()
        mark = self.article.index.after(self.session.selected, caret, step)
        if mark is None:
            self.show_message("No spans in this document yet.", 3000)
            return
        self.session.select(mark.id)
        self.article.reveal(mark.id)

    def _on_span_clicked(self, span_id: int) -> None:
        if self.links.linking is not None:
            self.links.finish_link(span_id)
        else:
            self.session.select(span_id)

    def _on_empty_clicked(self) -> None:
        if self.links.linking is None:
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
        if self.links.linking is not None:
            self.links.cancel_link()
        elif self.session.selected is not None:
            self.session.select(None)
        elif self.suggestions.selected is not None:
            self.suggestions.select(None)
        else:
            self.article.clear_text_selection()

    # --- other windows ---------------------------------------------------------------------------

    def open_review(self) -> None:
        """The review window (app/review): compare annotators, adjudicate gold."""
        from app.review import open_review

        open_review(self)

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
        self.suggesting.model_timer.stop()
        self.suggestions.close()
        self.workers.stop_all()
        self.layouts.save_layout()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.removeEventFilter(self.clock)
            app.applicationStateChanged.disconnect(self._on_app_state)
        QGuiApplication.styleHints().colorSchemeChanged.disconnect(self.layouts.on_system_scheme)
        self.session.close()
        super().closeEvent(event)

