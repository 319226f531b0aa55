"""View › Story Timeline: the timeline of one annotator's documents, with filters (annotator,
document status, event class, text), the unanchored mentions and the conflicts listed beside
the axis. It watches the session and redraws after any edit; a click on a mention opens its
document with the span selected (through `open_span`, the main window's)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotations.model import STATUSES
from annotations.timeline import Interval, Mention, StoryEvent, Timeline, project_timeline
from annotations.timeline.svg import CLASS_COLOURS
from app.session import Session
from app.timeline.marks import Filters, days, lane_marks
from app.timeline.view import TimelineView

OpenSpan = Callable[[int, int], None]
Stories = Callable[[str], Sequence[StoryEvent]]
ANY = "Any"


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


def no_stories(annotator: str) -> Sequence[StoryEvent]:
    return ()


class TimelineWindow(QWidget):
    """The story timeline of a session's project, in its own window."""

    def __init__(self, session: Session, open_span: OpenSpan, stories: Stories = no_stories,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("timeline")
        self.setWindowTitle("Story Timeline")
        self.session = session
        self.open_span = open_span
        self.stories = stories
        self.timeline: Timeline | None = None
        self.view = TimelineView()
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
        self.conflicts = _named(QListWidget(), "timeline-conflicts")
        self.unanchored = _named(QListWidget(), "timeline-unanchored")
        self.lists = QTabWidget()
        self.lists.addTab(self.conflicts, "Conflicts")
        self.lists.addTab(self.unanchored, "Unanchored")
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
        self.conflicts.itemActivated.connect(self._conflict_chosen)
        self.conflicts.itemClicked.connect(self._conflict_chosen)
        self.unanchored.itemActivated.connect(self._mention_chosen)
        self.unanchored.itemClicked.connect(self._mention_chosen)

    def _project_opened(self) -> None:
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


def _describe(mention: Mention) -> str:
    return f"{mention.span.text!r} (document {mention.document_id}, {', '.join(mention.dates)})"
