"""The review window: compare annotators on one document at a time, walk
through their disagreements and adjudicate the `gold` version.

Left: the annotators to compare and the documents, most disagreement first.
Centre: one lane per annotator and one for gold. Right: the document's
disagreements (click one to see each annotator's variant; keys 1-9 take the
variant of the annotator with that number into gold), the document's
agreement per label, and the corpus plots (agreement per label and pair, the
label confusion matrix). Every gold edit is an undoable command on the
document's undo stack (the main window's when it opened this window).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotations import measures as ag
from annotations.errors import DatelineError
from annotations.measures.disagreements import span_key
from annotations.measures.report import coefficient_chart, confusion_chart, pair_charts
from annotations.model import GOLD, Span
from annotations.progress import Progress, drive
from annotations.store import Project
from app.commands import step_stack
from app.review.gold import GoldEditor, ReplaceGold, links_of, shared_links, take_text
from app.review.lanes import LaneView
from app.session import EDIT_ERRORS, Session, SpanChange, SpanValues
from app.theme import LabelStyles
from app.worker import Worker

MAX_KEYED = 9
SIZE = (1240, 700)  # fits a 1366x768 screen (and one 1280 wide) with its frame and panel
RECOMPARE_MS = 800  # after a burst of edits, measure again once
NEEDS_TWO = ("needs two annotators, and this project has {have}. Annotate as a second "
             "annotator (File › Change Annotator) or bring one in (File › Merge Project Files).")


def corpus_report(project: Project, annotators: list[str]
                  ) -> Generator[Progress, None, dict[str, Any]]:
    """The agreement report over the documents every annotator marked done,
    or over all documents when there are none."""
    try:
        return (yield from ag.agreement(project, annotators))
    except ag.NoDocumentsError:
        return (yield from ag.agreement(project, annotators, all_documents=True))


DisagreementKey = tuple[int, int, tuple[str, ...]]
"""(start, end, labels): a disagreement, the same across reads of the document."""


def disagreement_key(d: ag.Disagreement) -> DisagreementKey:
    return (d.start, d.end, tuple(d.labels))


def attrs_text(attrs: dict[str, Any]) -> str:
    """Attributes as a reader writes them: "class=OCCURRENCE, polarity=POS"."""
    return ", ".join(f"{k}={v}" for k, v in sorted(attrs.items()))


def variant_text(spans: list[Span]) -> str:
    """An annotator's variant of a disagreement: each span's label, text and attributes."""
    return "; ".join(
        f"{s.label} “{' '.join(s.text.split())[:40]}”"
        + (f" ({attrs_text(s.attrs)})" if s.attrs else "") for s in spans) or "(nothing)"


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.3f}"


class ReviewWindow(QMainWindow):
    """Compare annotators and adjudicate gold, one document at a time."""

    report_ready = Signal()
    document_shown = Signal(int)

    def __init__(self, session: Session, styles: LabelStyles,
                 stack_for: Callable[[int], QUndoStack] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("review")
        self.setWindowTitle(f"Review — {session.path.name}")
        self.session = session
        self.editor = GoldEditor(session)
        self._stacks: dict[int, QUndoStack] = {}
        self.stack_for = stack_for or self._own_stack
        self.report: dict[str, Any] | None = None
        self.document_report: dict[str, Any] | None = None
        self.document_id: int | None = None
        self.spans: dict[str, list[Span]] = {}
        self.disagreements: list[ag.Disagreement] = []  # as listed: open ones first
        self.resolved: list[str | None] = []  # per listed disagreement: whose variant gold took
        self._took_nothing: set[tuple[int | None, int, int, tuple[str, ...]]] = set()
        self._text = ""
        self._stale = False  # edits came in while the window was hidden: measure on show
        self._recompare = QTimer(self)
        self._recompare.setSingleShot(True)
        self._recompare.setInterval(RECOMPARE_MS)
        self._recompare.timeout.connect(self._recompare_now)
        self.worker: Worker | None = None  # the measurement whose report is shown next
        self._running: set[Worker] = set()  # every thread not finished yet
        self.lanes = LaneView(styles)
        self._build()
        self._build_actions()
        self.editor.changed.connect(self._on_gold_changed)
        self._fill_annotators()
        self._fill_documents(self._titled_rows())
        session.span_edited.connect(self._on_span_edited)
        session.project_opened.connect(self._forget_shown)
        session.documents_changed.connect(self._on_documents_changed)
        self._fit_screen()

    def _fit_screen(self) -> None:
        width, height = SIZE
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 40), min(height, room.height() - 40)
        self.resize(width, height)

    # --- building ------------------------------------------------------------------------

    def _build(self) -> None:
        self.annotator_list = QListWidget()
        self.annotator_list.setObjectName("annotators")
        compare = QPushButton("Compare")
        compare.clicked.connect(self.compare)
        self.document_list = QListWidget()
        self.document_list.setObjectName("documents")
        self.document_list.currentItemChanged.connect(self._on_document_item)
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(QLabel("Annotators"))
        column.addWidget(self.annotator_list, 1)
        column.addWidget(compare)
        column.addWidget(QLabel("Documents (most disagreement first)"))
        column.addWidget(self.document_list, 3)
        self.disagreement_list = QListWidget()
        self.disagreement_list.setObjectName("disagreements")
        self.disagreement_list.currentRowChanged.connect(self._on_disagreement)
        self.variant_list = QListWidget()
        self.variant_list.setObjectName("variants")
        self.variant_list.itemActivated.connect(
            lambda item: self.take_variant(self.variant_list.row(item)))
        take = QPushButton("Take Variant into Gold")
        take.clicked.connect(lambda: self.take_variant(self.variant_list.currentRow()))
        agreed = QPushButton("Accept All Agreed Spans")
        agreed.clicked.connect(self.accept_agreed)
        review = QWidget()
        rcol = QVBoxLayout(review)
        rcol.addWidget(QLabel("Disagreements"))
        rcol.addWidget(self.disagreement_list, 2)
        rcol.addWidget(QLabel("Variants (press 1–9 to take one into gold)"))
        rcol.addWidget(self.variant_list, 1)
        rcol.addWidget(take)
        rcol.addWidget(agreed)
        self.document_table = QTableWidget()
        self.document_table.setObjectName("document-agreement")
        plots = QWidget()
        self.plot_column = QVBoxLayout(plots)
        scroll = QScrollArea()
        scroll.setWidget(plots)
        scroll.setWidgetResizable(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(review, "Disagreements")
        self.tabs.addTab(self.document_table, "Document Agreement")
        self.tabs.addTab(scroll, "Plots")
        self.status = QLabel("")
        self.statusBar().addWidget(self.status, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.lanes)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 560, 440])
        self.setCentralWidget(splitter)

    def _build_actions(self) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        specs: list[tuple[str, str, str, Callable[[], object]]] = [
            (f"take_{n}", f"Take Variant {n}", str(n), self._taker(n - 1))
            for n in range(1, MAX_KEYED + 1)
        ]
        specs += [
            ("accept_agreed", "Accept All Agreed Spans", "Ctrl+Shift+A", self.accept_agreed),
            ("next_disagreement", "Next Disagreement", "J", lambda: self.step(1)),
            ("previous_disagreement", "Previous Disagreement", "K", lambda: self.step(-1)),
            ("undo", "Undo", "Ctrl+Z", self.undo),
            ("redo", "Redo", "Ctrl+Shift+Z", self.redo),
        ]
        menu = self.menuBar().addMenu("&Review")
        for name, text, keys, slot in specs:
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, f=slot: f())
            self.addAction(action)
            menu.addAction(action)
            self.actions_by_name[name] = action
        menu.addSeparator()
        close = QAction("&Close", self)
        close.setObjectName("close")
        close.setShortcuts([QKeySequence("Ctrl+W"), QKeySequence(Qt.Key.Key_Escape)])
        close.triggered.connect(self.close)
        self.addAction(close)
        menu.addAction(close)
        self.actions_by_name["close"] = close

    def _taker(self, index: int) -> Callable[[], object]:
        return lambda: self.take_variant(index)

    def _own_stack(self, document_id: int) -> QUndoStack:
        stack = self._stacks.get(document_id)
        if stack is None:
            stack = self._stacks[document_id] = QUndoStack(self)
        return stack

    # --- choosing annotators and documents ------------------------------------------------

    def _fill_annotators(self) -> None:
        """List the project's annotators, keeping the choice made so far
        (new ones are chosen, except gold)."""
        listed = {self.annotator_list.item(i).text(): self.annotator_list.item(i).checkState()
                  for i in range(self.annotator_list.count())}
        self.annotator_list.clear()
        for name in self.session.project.annotators():
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            fresh = Qt.CheckState.Unchecked if name == GOLD else Qt.CheckState.Checked
            item.setCheckState(listed.get(name, fresh))
            self.annotator_list.addItem(item)

    def chosen(self) -> list[str]:
        items = (self.annotator_list.item(i) for i in range(self.annotator_list.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def choose(self, names: list[str]) -> None:
        self._fill_annotators()
        for i in range(self.annotator_list.count()):
            item = self.annotator_list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names
                               else Qt.CheckState.Unchecked)

    def compare(self) -> Worker | None:
        """Measure the chosen annotators over the corpus in a worker thread;
        the document list is then ranked and the plots drawn."""
        names = self.chosen()
        if len(names) < 2:
            self.status.setText(self._why_not_two("Compare"))
            return None
        self._stale = False
        if self.worker is not None:
            self.worker.cancel()  # superseded: its report, if it still comes, is dropped
        worker = Worker(self.session.path, lambda project: corpus_report(project, names))
        worker.progressed.connect(lambda done, total, message, w=worker: self._progressed(
            w, f"{message} {done}/{total}"))
        worker.succeeded.connect(lambda report, w=worker: self._on_result(w, report))
        worker.failed.connect(lambda text, _problems, w=worker: self._progressed(w, text))
        # Keep the Python reference until the thread has finished: dropping it
        # earlier (in a result slot) destroys a running QThread, which aborts.
        worker.finished.connect(lambda w=worker: self._worker_done(w))
        self.worker = worker
        self._running.add(worker)
        self.status.setText("Measuring agreement…")
        worker.start()
        self._refresh_document()  # the chosen annotators' lanes; the disagreement stays
        return worker

    def _why_not_two(self, what: str) -> str:
        people = [n for n in self.session.project.annotators() if n != GOLD]
        if len(people) >= 2:
            return f"{what} needs two annotators: choose at least two in the list on the left."
        have = "only one, " + people[0] if people else "none yet"
        return f"{what} " + NEEDS_TWO.format(have=have)

    # --- following the project -----------------------------------------------------------

    def _on_span_edited(self, change: SpanChange) -> None:
        """Someone's span changed (in the main window): show it, and measure again
        when it is the work of an annotator compared (a new one is chosen)."""
        span = change.after or change.before
        if span is None:
            return
        listed = {self.annotator_list.item(i).text() for i in range(self.annotator_list.count())}
        if span.annotator not in listed:
            self._fill_annotators()
        if change.document_id == self.document_id:
            self._refresh_document()
        if span.annotator in self.chosen():
            self._schedule_recompare()

    def _forget_shown(self) -> None:
        """Another project file (or the shown document is gone): nothing measured
        before is shown."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None
        self.report, self.document_id = None, None
        self._took_nothing.clear()
        self.spans, self.disagreements, self.resolved = {}, [], []
        self.disagreement_list.clear()
        self.variant_list.clear()
        self.lanes.show_document("", {})
        self.setWindowTitle(f"Review — {self.session.path.name}")

    def _on_documents_changed(self) -> None:
        """Documents came in (import, merge), another annotator or another project:
        list what the project holds now and measure again."""
        self._fill_annotators()
        if self.document_id is not None and self.document_id not in self.session.document_ids():
            self._forget_shown()
        if self.report is None or len(self.chosen()) < 2:
            self.report = None
            self._fill_documents(self._titled_rows())
        if self.document_id is not None:
            self._refresh_document()
        self._schedule_recompare()

    def _schedule_recompare(self) -> None:
        if len(self.chosen()) >= 2:
            self._recompare.start()

    def _recompare_now(self) -> None:
        if self.isVisible():
            self.compare()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._recompare_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop every running measurement (at its next progress point) before closing."""
        for worker in list(self._running):
            worker.cancel()
        for worker in list(self._running):
            worker.wait()
        super().closeEvent(event)

    def _progressed(self, worker: Worker, text: str) -> None:
        if self.worker is worker:
            self.status.setText(text)

    def _on_result(self, worker: Worker, report: dict[str, Any]) -> None:
        if self.worker is worker:
            self._on_report(report)

    def _worker_done(self, worker: Worker) -> None:
        self._running.discard(worker)
        if self.worker is worker:
            self.worker = None
        worker.deleteLater()

    def _on_report(self, report: dict[str, Any]) -> None:
        self.report = report
        ranked = [(d["id"], d["title"], d["disagreements"]) for d in report["documents_ranked"]]
        self._fill_documents(ranked)
        self._draw_plots(report)
        self.status.setText(f"{report['documents']} document(s) compared")
        if self.document_id is not None:
            self._measure_document()
        self.report_ready.emit()

    def _fill_documents(self, rows: list[tuple[int, str, int | None]]) -> None:
        current = self.document_id
        self.document_list.blockSignals(True)
        self.document_list.clear()
        for ident, title, count in rows:
            shown = title if count is None else f"{count:3}  {title}"
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, ident)
            self.document_list.addItem(item)
            if ident == current:
                self.document_list.setCurrentItem(item)
        self.document_list.blockSignals(False)

    def _titled_rows(self) -> list[tuple[int, str, int | None]]:
        return [(row.id, row.title, None) for row in self.session.document_rows()]

    def _on_document_item(self, item: QListWidgetItem | None, _old: Any) -> None:
        if item is not None:
            self.show_document(int(item.data(Qt.ItemDataRole.UserRole)))

    # --- one document ------------------------------------------------------------------------

    def show_document(self, document_id: int) -> None:
        """Show a document's lanes and disagreements for the chosen annotators."""
        if not self._load(document_id):
            return
        self._fill_disagreements(None)
        if self.disagreements:
            self.disagreement_list.setCurrentRow(0)
        if self.report is not None:
            self._measure_document()
        self.document_shown.emit(document_id)

    def _refresh_document(self) -> None:
        """Read the shown document again (an annotator or gold changed it),
        keeping the disagreement chosen."""
        if self.document_id is None:
            return
        current = self.current_disagreement()
        if self._load(self.document_id):
            self._fill_disagreements(None if current is None else disagreement_key(current))
            if self.disagreement_list.currentRow() < 0 and self.disagreements:
                self.disagreement_list.setCurrentRow(0)

    def _load(self, document_id: int) -> bool:
        project = self.session.project
        names = self.chosen()
        try:
            doc = project.document(document_id)
            self.spans = {n: project.spans(document_id, n) for n in names}
            gold = project.spans(document_id, GOLD)
        except EDIT_ERRORS as exc:
            self.status.setText(str(exc))
            return False
        self.document_id = document_id
        self._text = doc.text
        self.lanes.show_document(doc.text, {**self.spans, GOLD: gold})
        self.setWindowTitle(f"Review — {doc.title}")
        return True

    def _fill_disagreements(self, keep: DisagreementKey | None) -> None:
        """List the document's disagreements, open ones first (in text order),
        then the ones gold resolved, marked; `keep` stays chosen."""
        gold = self._gold()
        found = ag.find_disagreements(self.spans)
        taken = [self._resolution(d, gold) for d in found]
        order = sorted(range(len(found)),
                       key=lambda i: (taken[i] is not None, found[i].start, found[i].end))
        self.disagreements = [found[i] for i in order]
        self.resolved = [taken[i] for i in order]
        self.disagreement_list.blockSignals(True)
        self.disagreement_list.clear()
        row = -1
        for index, (d, name) in enumerate(zip(self.disagreements, self.resolved, strict=True)):
            text = " ".join(self._text[d.start:d.end].split())
            shown = f"{'/'.join(d.labels)} {d.start}–{d.end} “{text[:40]}”"
            item = QListWidgetItem(shown if name is None else f"✓ {shown}  resolved: {name}")
            if name is not None:
                item.setForeground(QBrush(Qt.GlobalColor.gray))
            self.disagreement_list.addItem(item)
            if keep is not None and disagreement_key(d) == keep:
                row = index
        self.disagreement_list.blockSignals(False)
        if row >= 0:
            self.disagreement_list.setCurrentRow(row)
        else:
            self.variant_list.clear()

    def _resolution(self, d: ag.Disagreement, gold: list[Span]) -> str | None:
        """Whose variant gold holds where `d` is (None: gold holds none of them).
        Gold holding nothing there counts only after "nothing" was taken."""
        labels = set(d.labels)
        held = sorted(span_key(g) for g in gold
                      if g.label in labels and g.start < d.end and d.start < g.end)
        for name, spans in d.variants.items():
            if sorted(span_key(s) for s in spans) == held and (
                    held or (self.document_id, *disagreement_key(d)) in self._took_nothing):
                return name
        return None

    def _measure_document(self) -> None:
        names = self.chosen()
        if self.document_id is None or len(names) < 2:
            return
        try:
            self.document_report = drive(ag.agreement(
                self.session.project, names, document_ids=[self.document_id]))
        except DatelineError as exc:
            self.status.setText(str(exc))
            return
        self._fill_document_table(self.document_report)

    def _fill_document_table(self, report: dict[str, Any]) -> None:
        pairs = list(next(iter(report["labels"].values()))["pairs"])
        columns = [f"{p} {m}" for p in pairs for m in ("exact F1", "overlap F1", "kappa")]
        columns.append("alpha_u")
        table = self.document_table
        table.clear()
        table.setColumnCount(len(columns))
        table.setRowCount(len(report["labels"]))
        table.setHorizontalHeaderLabels(columns)
        table.setVerticalHeaderLabels(list(report["labels"]))
        for row, figures in enumerate(report["labels"].values()):
            values = [figures["pairs"][p][k] for p in pairs
                      for k in ("exact_f1", "overlap_f1", "cohen_kappa")]
            values.append(figures["alpha_u"])
            for col, value in enumerate(values):
                table.setItem(row, col, QTableWidgetItem(_fmt(value)))

    def _draw_plots(self, report: dict[str, Any]) -> None:
        while self.plot_column.count():
            item = self.plot_column.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for svg in [*pair_charts(report), coefficient_chart(report), confusion_chart(report)]:
            plot = QSvgWidget()
            plot.load(QByteArray(svg.encode("utf-8")))
            plot.setFixedSize(plot.renderer().defaultSize())
            self.plot_column.addWidget(plot)
        self.plot_column.addStretch(1)

    # --- disagreements and gold ------------------------------------------------------------

    def current_disagreement(self) -> ag.Disagreement | None:
        row = self.disagreement_list.currentRow()
        return self.disagreements[row] if 0 <= row < len(self.disagreements) else None

    def _on_disagreement(self, row: int) -> None:
        self.variant_list.clear()
        d = self.current_disagreement()
        if d is None:
            return
        for number, (name, spans) in enumerate(d.variants.items(), start=1):
            self.variant_list.addItem(f"{number}  {name}: {variant_text(spans)}")
        self.lanes.highlight({**self.spans, GOLD: self._gold()}, d.start, d.end)

    def step(self, direction: int) -> None:
        count = self.disagreement_list.count()
        if count:
            row = self.disagreement_list.currentRow() + direction
            self.disagreement_list.setCurrentRow(max(0, min(count - 1, row)))

    def _gold(self) -> list[Span]:
        if self.document_id is None:
            return []
        return self.session.project.spans(self.document_id, GOLD)

    def take_variant(self, index: int) -> bool:
        """Make gold, where the current disagreement is, what the annotator
        with this number (0-based) marked there; an undoable command."""
        d = self.current_disagreement()
        names = list(d.variants) if d is not None else []
        if d is None or self.document_id is None or not 0 <= index < len(names):
            return False
        name = names[index]
        chosen = d.variants[name]
        labels = set(d.labels)
        replaced = [g for g in self._gold()
                    if g.label in labels and g.start < d.end and d.start < g.end]
        links = links_of(self.session.project, self.document_id, name, chosen)
        command = ReplaceGold(self.session, self.editor, self.document_id,
                              take_text(name, chosen), replaced,
                              [SpanValues.of(s) for s in chosen], links)
        if not chosen:
            self._took_nothing.add((self.document_id, *disagreement_key(d)))
        if not self._push(command):
            return False
        if self.resolved and self.resolved[0] is None:  # on to the first one still open
            self.disagreement_list.setCurrentRow(0)
        return True

    def accept_agreed(self) -> bool:
        """Add every span all chosen annotators marked alike (and missing from
        gold) to gold, with the relations they all drew; one command."""
        if len(self.chosen()) < 2:
            self.status.setText(self._why_not_two("Accept All Agreed Spans"))
            return False
        if self.document_id is None or len(self.spans) < 2:
            self.status.setText("Choose a document first (the list on the left).")
            return False
        present = {(g.label, g.start, g.end) for g in self._gold()}
        agreed = [s for s in ag.shared_spans(self.spans)
                  if (s.label, s.start, s.end) not in present]
        if not agreed:
            self.status.setText("Gold already has every span the annotators agree on.")
            return False
        links = shared_links(self.session.project, self.document_id, list(self.spans))
        command = ReplaceGold(self.session, self.editor, self.document_id,
                              f"Gold: accept {len(agreed)} agreed span(s)", [],
                              [SpanValues.of(s) for s in agreed], links)
        return self._push(command)

    def _push(self, command: ReplaceGold) -> bool:
        self.stack_for(command.document_id).push(command)
        if not command.failed:
            self.status.setText(command.text())
        return not command.failed

    def undo(self) -> None:
        if self.document_id is not None:
            step_stack(self.stack_for(self.document_id), undo=True)

    def redo(self) -> None:
        if self.document_id is not None:
            step_stack(self.stack_for(self.document_id), undo=False)

    def _on_gold_changed(self, document_id: int) -> None:
        if self.annotator_list.count() != len(self.session.project.annotators()):
            self._fill_annotators()
        if document_id == self.document_id:
            self._refresh_document()
