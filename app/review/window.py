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

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
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
from annotations.measures.report import coefficient_chart, confusion_chart, pair_charts
from annotations.model import GOLD, Span
from annotations.progress import Progress, drive
from annotations.store import Project
from app.review.gold import GoldEditor, ReplaceGold, links_of, shared_links, take_text
from app.review.lanes import LaneView
from app.session import EDIT_ERRORS, Session, SpanValues
from app.theme import LabelStyles
from app.worker import Worker

MAX_KEYED = 9


def corpus_report(project: Project, annotators: list[str]
                  ) -> Generator[Progress, None, dict[str, Any]]:
    """The agreement report over the documents every annotator marked done,
    or over all documents when there are none."""
    try:
        return (yield from ag.agreement(project, annotators))
    except ag.NoDocumentsError:
        return (yield from ag.agreement(project, annotators, all_documents=True))


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
        self.disagreements: list[ag.Disagreement] = []
        self.worker: Worker | None = None  # the measurement whose report is shown next
        self._running: set[Worker] = set()  # every thread not finished yet
        self.lanes = LaneView(styles)
        self._build()
        self._build_actions()
        self.editor.changed.connect(self._on_gold_changed)
        self._fill_annotators()
        self._fill_documents([(i, f"#{i}", None) for i in session.document_ids()])
        self.resize(1300, 800)

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
            self.status.setText("Choose at least two annotators to compare.")
            return None
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
        if self.document_id is not None:
            self.show_document(self.document_id)
        return worker

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

    def _on_document_item(self, item: QListWidgetItem | None, _old: Any) -> None:
        if item is not None:
            self.show_document(int(item.data(Qt.ItemDataRole.UserRole)))

    # --- one document ------------------------------------------------------------------------

    def show_document(self, document_id: int) -> None:
        """Show a document's lanes and disagreements for the chosen annotators."""
        project = self.session.project
        names = self.chosen()
        try:
            doc = project.document(document_id)
            self.spans = {n: project.spans(document_id, n) for n in names}
            gold = project.spans(document_id, GOLD)
        except EDIT_ERRORS as exc:
            self.status.setText(str(exc))
            return
        self.document_id = document_id
        self.disagreements = ag.find_disagreements(self.spans)
        self.lanes.show_document(doc.text, {**self.spans, GOLD: gold})
        self.disagreement_list.blockSignals(True)
        self.disagreement_list.clear()
        for d in self.disagreements:
            text = " ".join(doc.text[d.start:d.end].split())
            self.disagreement_list.addItem(
                f"{'/'.join(d.labels)} {d.start}–{d.end} “{text[:40]}”")
        self.disagreement_list.blockSignals(False)
        self.variant_list.clear()
        self.setWindowTitle(f"Review — {doc.title}")
        if self.disagreements:
            self.disagreement_list.setCurrentRow(0)
        if self.report is not None:
            self._measure_document()
        self.document_shown.emit(document_id)

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
            shown = "; ".join(
                f"{s.label} “{' '.join(s.text.split())[:40]}”"
                + (f" {s.attrs}" if s.attrs else "") for s in spans) or "(nothing)"
            self.variant_list.addItem(f"{number}  {name}: {shown}")
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
        return self._push(command)

    def accept_agreed(self) -> bool:
        """Add every span all chosen annotators marked alike (and missing from
        gold) to gold, with the relations they all drew; one command."""
        if self.document_id is None or len(self.spans) < 2:
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
            self.stack_for(self.document_id).undo()

    def redo(self) -> None:
        if self.document_id is not None:
            self.stack_for(self.document_id).redo()

    def _on_gold_changed(self, document_id: int) -> None:
        if self.annotator_list.count() != len(self.session.project.annotators()):
            self._fill_annotators()
        if document_id != self.document_id:
            return
        gold = self._gold()
        d = self.current_disagreement()
        text = self.session.project.document(document_id).text
        self.lanes.show_document(text, {**self.spans, GOLD: gold})
        if d is not None:
            self.lanes.highlight({**self.spans, GOLD: gold}, d.start, d.end)
