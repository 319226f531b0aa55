"""View › Story Timeline: the timeline of one annotator's documents, with filters (annotator,
document status, event class, text), the unanchored mentions and the conflicts listed beside
the axis. It watches the session and redraws after any edit; a click on a mention opens its
document with the span selected (through `open_span`, the main window's)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotations.model import STATUSES
from annotations.timeline import Interval, Mention, StoryEvent, Timeline, project_timeline
from annotations.timeline.suggest import StorySuggestion, suggest_stories
from annotations.timeline.svg import CLASS_COLOURS
from app.session import Session
from app.timeline.commands import JoinStory, MakeStory, RemoveMentions, RenameStory
from app.timeline.marks import Filters, days, lane_marks
from app.timeline.view import TimelineView

OpenSpan = Callable[[int, int], None]
Stories = Callable[[str], Sequence[StoryEvent]]
ANY = "Any"


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


REJECTED = "timeline.rejected_story_suggestions"  # project setting: {annotator: [[ids]]}


def _describe(mention: Mention) -> str:
    return f"{mention.span.text!r} (document {mention.document_id}, {', '.join(mention.dates)})"


class TimelineWindow(QWidget):
    """The story timeline of a session's project, in its own window."""

    def __init__(self, session: Session, open_span: OpenSpan, stories: Stories | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("timeline")
        self.setWindowTitle("Story Timeline")
        self.session = session
        self.open_span = open_span
        self.stories = stories or self._stored_stories
        self.timeline: Timeline | None = None
        self.suggested: list[StorySuggestion] = []
        self.view = TimelineView()
        self.undo_stack = QUndoStack(self)
        self._build()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        self._connect()
        self.resize(1200, 700)

    def _build(self) -> None:
        self.annotator = _named(QComboBox(), "timeline-annotator")
        self.status = _named(QComboBox(), "timeline-status")
        self.status.addItems([ANY, *STATUSES])
        self.event_class = _named(QComboBox(), "timeline-class")
        self.text = _named(QLineEdit(), "timeline-text")
        self.text.setPlaceholderText("Filter by text")
        self.text.setClearButtonEnabled(True)
        bar = QHBoxLayout()
        for title, widget in (("Annotator", self.annotator), ("Status", self.status),
                              ("Class", self.event_class)):
            bar.addWidget(QLabel(title))
            bar.addWidget(widget)
        bar.addWidget(self.text, 1)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, key, slot in (
            ("make", "Make Story Event…", "S", self.make_story),
            ("remove", "Remove from Story", "Delete", self.remove_selected),
            ("rename", "Rename Story…", "F2", self.rename_story),
            ("undo", "Undo", QKeySequence.StandardKey.Undo, self.undo_stack.undo),
            ("redo", "Redo", QKeySequence.StandardKey.Redo, self.undo_stack.redo),
        ):
            button = _named(QPushButton(text), f"timeline-{name}")
            button.clicked.connect(slot)
            # Story keys act on the axis (typing in the filter stays typing); undo anywhere.
            shortcut = QShortcut(QKeySequence(key), self if name in ("undo", "redo")
                                 else self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            bar.addWidget(button)
            self.buttons[name] = button
        self.conflicts = _named(QListWidget(), "timeline-conflicts")
        self.unanchored = _named(QListWidget(), "timeline-unanchored")
        self.suggestions = _named(QListWidget(), "timeline-suggestions")
        self.suggestions.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.lists = QTabWidget()
        self.lists.addTab(self.conflicts, "Conflicts")
        self.lists.addTab(self.unanchored, "Unanchored")
        self.lists.addTab(self._suggestion_panel(), "Suggested Stories")
        split = QSplitter()
        split.addWidget(self.view)
        split.addWidget(self.lists)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 300])
        for listing in (self.conflicts, self.unanchored):
            listing.setWordWrap(True)
        self.summary = _named(QLabel(), "timeline-summary")
        self.summary.setWordWrap(True)
        legend = " ".join(f'<span style="color:{colour}">●</span> {name}'
                          for name, colour in CLASS_COLOURS.items())
        self.legend = QLabel(f'{legend} <span style="color:#1d4e89">■</span> story event '
                             '<span style="color:#d62828">■</span> conflict; dashed: inferred '
                             "from the article's date; black tick: the article's date")
        self.legend.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(split, 1)
        column.addWidget(self.legend)
        column.addWidget(self.summary)
        self._fill_choices()

    def _suggestion_panel(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.suggestions, 1)
        row = QHBoxLayout()
        for name, text, slot in (("accept", "Accept", self.accept_suggestion),
                                 ("reject", "Reject", self.reject_suggestion)):
            button = _named(QPushButton(text), f"timeline-{name}")
            button.clicked.connect(slot)
            row.addWidget(button)
        column.addLayout(row)
        return panel

    def _fill_choices(self) -> None:
        names = self.session.project.annotators() or [self.session.annotator]
        if self.session.annotator not in names:
            names.append(self.session.annotator)
        self.annotator.blockSignals(True)
        self.annotator.clear()
        self.annotator.addItems(names)
        self.annotator.setCurrentText(self.session.annotator)
        self.annotator.blockSignals(False)
        label = self.session.schema.label("EVENT")
        spec = label.attribute("class") if label else None
        self.event_class.clear()
        self.event_class.addItems([ANY, *(spec.values if spec else ())])

    def _connect(self) -> None:
        s = self.session
        for signal in (s.spans_changed, s.relations_changed, s.date_changed):
            signal.connect(self.schedule_refresh)
        s.documents_changed.connect(self.schedule_refresh)
        s.project_opened.connect(self._project_opened)
        self.annotator.currentTextChanged.connect(self.schedule_refresh)
        self.status.currentTextChanged.connect(self._filters_changed)
        self.event_class.currentTextChanged.connect(self._filters_changed)
        self.text.textChanged.connect(self._filters_changed)
        self.view.activated.connect(self.open_span)
        self.view.story_activated.connect(self.show_story)
        self.view.selection_changed.connect(self._sync_buttons)
        self.undo_stack.canUndoChanged.connect(self._sync_buttons)
        self.undo_stack.canRedoChanged.connect(self._sync_buttons)
        self.suggestions.currentRowChanged.connect(self._suggestion_chosen)
        self.conflicts.itemActivated.connect(self._conflict_chosen)
        self.conflicts.itemClicked.connect(self._conflict_chosen)
        self.unanchored.itemActivated.connect(self._mention_chosen)
        self.unanchored.itemClicked.connect(self._mention_chosen)

    def _project_opened(self) -> None:
        self.undo_stack.clear()
        self._fill_choices()
        self.refresh()

    def schedule_refresh(self, *_args: object) -> None:
        """Refresh once, after the current burst of edits."""
        self._refresh_timer.start()

    def filters(self) -> Filters:
        def chosen(box: QComboBox) -> str:
            return "" if box.currentText() == ANY else box.currentText()

        return Filters(chosen(self.status), chosen(self.event_class), self.text.text())

    def refresh(self, *, keep_view: bool = True) -> None:
        """Rebuild the timeline from the project (the annotator's work) and redraw it."""
        annotator = self.annotator.currentText() or self.session.annotator
        project = self.session.project
        self.timeline = project_timeline(project, annotator, stories=self.stories(annotator))
        self._show(keep_view=keep_view and bool(self.view.lanes))

    def _filters_changed(self, *_args: object) -> None:
        if self.timeline is not None:
            self._show(keep_view=True)

    def _show(self, *, keep_view: bool) -> None:
        assert self.timeline is not None
        project, annotator = self.session.project, self.timeline.annotator
        statuses = {row.id: row.status for row in project.document_rows(annotator)}
        lanes, unanchored = lane_marks(self.timeline, self.filters(), statuses)
        self.view.set_lanes(lanes, keep_view=keep_view)
        self.unanchored.clear()
        for m in unanchored:
            reason = getattr(m.anchor, "reason", "")
            item = QListWidgetItem(f"{m.span.text} — {reason}")
            item.setToolTip(m.sentence)
            item.setData(Qt.ItemDataRole.UserRole, (m.document_id, m.id))
            self.unanchored.addItem(item)
        self.conflicts.clear()
        found = self.timeline.conflicts()
        for conflict in found:
            item = QListWidgetItem(conflict.describe())
            item.setData(Qt.ItemDataRole.UserRole, conflict.story.id)
            self.conflicts.addItem(item)
        self._fill_suggestions()
        self._sync_buttons()
        anchored = sum(len(lane) for lane in lanes[1:])
        self.summary.setText(
            f"{len(lanes) - 1} documents, {anchored} anchored mentions, "
            f"{len(unanchored)} unanchored, {len(found)} conflicts. "
            "Wheel: zoom; drag: pan; Shift+wheel: scroll lanes; click: open the mention.")

    def _mention_chosen(self, item: QListWidgetItem) -> None:
        document_id, span_id = item.data(Qt.ItemDataRole.UserRole)
        self.open_span(document_id, span_id)

    def _conflict_chosen(self, item: QListWidgetItem) -> None:
        self.show_story(item.data(Qt.ItemDataRole.UserRole))

    def show_story(self, story_id: int) -> None:
        """Zoom to the mentions of a story event."""
        if self.timeline is None:
            return
        story = next((s for s in self.timeline.stories if s.id == story_id), None)
        if story is None:
            return
        mentions = self.timeline.story_mentions(story)
        spans = [m.anchor for m in mentions if isinstance(m.anchor, Interval)]
        if spans:
            low = min(days(a.start, days(a.end, 0.0) - 1) for a in spans)
            high = max(days(a.end, days(a.start, 0.0) + 1) for a in spans)
            margin = max((high - low) * 0.2, 0.5)
            self.view.show_days(low - margin, high + margin)
        self.summary.setText(f"{story.name}: " + "; ".join(_describe(m) for m in mentions))



    # --- story events -------------------------------------------------------------------

    def _stored_stories(self, annotator: str) -> Sequence[StoryEvent]:
        from annotations.store.stories import stories

        return stories(self.session.project, annotator)

    @property
    def editable(self) -> bool:
        """Story events are edited on the session annotator's own timeline only."""
        return self.annotator.currentText() == self.session.annotator

    def _sync_buttons(self, *_args: object) -> None:
        chosen = bool(self.view.selected) and self.editable
        self.buttons["make"].setEnabled(chosen)
        self.buttons["remove"].setEnabled(chosen and bool(self._grouped_selection()))
        self.buttons["rename"].setEnabled(self.editable and bool(self._selected_stories()))
        self.buttons["undo"].setEnabled(self.undo_stack.canUndo())
        self.buttons["redo"].setEnabled(self.undo_stack.canRedo())

    def _grouped_selection(self) -> list[tuple[int, int]]:
        if self.timeline is None:
            return []
        story_of = self.timeline.story_of()
        return [(story_of[i].id, i) for i in sorted(self.view.selected) if i in story_of]

    def _selected_stories(self) -> list[StoryEvent]:
        if self.timeline is None:
            return []
        story_of = self.timeline.story_of()
        found = {story_of[i].id: story_of[i] for i in self.view.selected if i in story_of}
        return list(found.values())

    def _push(self, command: MakeStory | JoinStory | RemoveMentions | RenameStory) -> None:
        self.undo_stack.push(command)

    def make_story(self) -> None:
        """Group the selected mentions: a new name makes a story event, an existing one joins
        it."""
        if not self.view.selected or not self.editable or self.timeline is None:
            return
        names = [s.name for s in self.timeline.stories]
        name, ok = QInputDialog.getItem(self, "Story Event", "Name (or join an existing one):",
                                        names, -1 if not names else 0, True)
        if ok and name.strip():
            self.group(name, sorted(self.view.selected))

    def group(self, name: str, mentions: Sequence[int]) -> None:
        """Make the story event `name` of these mentions, or join them to it if it exists."""
        assert self.timeline is not None
        name = " ".join(name.split())
        existing = next((s for s in self.timeline.stories if s.name == name), None)
        if existing is None:
            self._push(MakeStory(self.session, name, mentions, self.refresh))
        else:
            fresh = [i for i in mentions if i not in existing.mentions]
            self._push(JoinStory(self.session, existing.id, name, fresh, self.refresh))

    def remove_selected(self) -> None:
        pairs = self._grouped_selection()
        if pairs and self.editable:
            self._push(RemoveMentions(self.session, pairs, self.refresh))

    def rename_story(self) -> None:
        chosen = self._selected_stories()
        if not chosen or not self.editable:
            return
        story = chosen[0]
        name, ok = QInputDialog.getText(self, "Rename Story Event", "Name:", text=story.name)
        if ok and name.strip() and name.strip() != story.name:
            self._push(RenameStory(self.session, story.id, story.name, name, self.refresh))

    # --- story suggestions ------------------------------------------------------------------

    def _rejected(self) -> list[list[int]]:
        every = self.session.project.setting(REJECTED, {}) or {}
        return list(every.get(self.session.annotator, []))

    def _fill_suggestions(self) -> None:
        self.suggestions.clear()
        self.suggested = []
        if self.timeline is None or not self.editable:
            return
        rejected = {tuple(ids) for ids in self._rejected()}
        self.suggested = [s for s in suggest_stories(self.timeline)
                          if s.mentions not in rejected]
        for found in self.suggested:
            texts = ", ".join(self.timeline.mentions[i].span.text for i in found.mentions)
            item = QListWidgetItem(f"{found.name} ({found.score:.2f}): {texts}")
            item.setToolTip("\n".join(self.timeline.mentions[i].sentence
                                      for i in found.mentions))
            self.suggestions.addItem(item)
        self.lists.setTabText(2, f"Suggested Stories ({len(self.suggested)})")

    def _suggestion_chosen(self, row: int) -> None:
        if 0 <= row < len(self.suggested):
            self.view.select(set(self.suggested[row].mentions))

    def accept_suggestion(self) -> None:
        """The chosen suggestion becomes a story event (or joins the one of its name)."""
        row = self.suggestions.currentRow()
        if 0 <= row < len(self.suggested) and self.editable:
            found = self.suggested[row]
            self.group(found.name, found.mentions)

    def reject_suggestion(self) -> None:
        """The chosen suggestion is not proposed again (kept in the project file)."""
        row = self.suggestions.currentRow()
        if not 0 <= row < len(self.suggested):
            return
        every = dict(self.session.project.setting(REJECTED, {}) or {})
        every[self.session.annotator] = [*self._rejected(), list(self.suggested[row].mentions)]
        self.session.project.set_setting(REJECTED, every)
        self._fill_suggestions()
