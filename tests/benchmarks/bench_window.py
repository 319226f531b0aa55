"""Window speed, each figure printed beside its target (issues 3 and 15):

- start-up: a fresh process shows the window on a project (the samples, and
  10,000 and 100,000 documents), spaCy not imported: target 0.6 s from
  process start, beside a bare QMainWindow shown the same way in the same run;
- opening and painting an article (10,000 characters with 500 spans, 100,000
  with 5,000, and 1,000,000 with 20,000) against a bare QPlainTextEdit +
  QSyntaxHighlighter given the same text and spans, measured in the same run:
  target <= 1.5x, and a growth table saying whether the time grows linearly;
- a label key pressed on words on screen until the span is committed to the
  file and painted, at 100,000 characters: target under 16 ms (one frame).
  Measured with no suggestions yet; while the suggester's child process
  parses that very article under a CPU load; quiet, with the article's
  suggestions on screen; and the figure issue 15 asks for: the article's
  suggestions on screen while the child suggests another document in the
  background and another process keeps a processor busy (target p90 under
  16 ms). Each line says how much of it the commit (the fsync of
  synchronous=FULL) took, and the processor time the press took (the rest
  is waiting, for a processor or the disk), beside the bare widget's;
- scrolling the 1,000,000-character article (with relation arrows drawn):
  target under 16 ms a frame.

Run with `make bench`. Asserts that the work was done, never a time.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from annotations.store import Project, now
from annotations.store.rows import span_rows
from app.main import build_window, open_default_project
from app.settings import Settings
from app.spanindex import block_starts
from app.window import MainWindow

SHOW_TARGET_S = 0.6
RATIO_TARGET = 1.5
FRAME_MS = 16.0
SIZES = ((10_000, 500), (100_000, 5_000), (1_000_000, 20_000))
KEY_SIZE = SIZES[1]  # the article the key presses are measured on
BACKGROUND_CHARS = 250_000  # the document suggested in the background meanwhile
PROJECT_SIZES = (10_000, 100_000)  # documents, for the start-up figure
LINEAR_SLACK = 2.0  # time per character at the largest size within 2x of the middle one
REPEATS = 5
WORDS = (
    "the", "council", "voted", "on", "Wednesday", "to", "fund", "urgent", "repairs", "bridge",
    "said", "would", "begin", "next", "Monday", "after", "months", "of", "delay", "minister",
    "officials", "announced", "flights", "embassy", "citizens", "leave", "within", "ninety",
    "days", "spokesman", "alert", "serious", "warned",
)
COLOURS = {"EVENT": "#f4a261", "DATE": "#4ea8de", "SPEAKER": "#52b788", "QUOTE": "#b388eb"}
SpanSpec = tuple[int, int, str]


def report(name: str, figure: float, target: float, unit: str,
           baseline: float | None = None, extra: str = "") -> None:
    verdict = "ok" if figure <= target else "OVER TARGET"
    ratio = f"  ({figure / baseline:.2f}x the bare widget's {baseline:.3g} {unit})" if (
        baseline) else ""
    print(f"\n{name}: {figure:.3f} {unit}  target <= {target:g} {unit}  {verdict}{ratio}"
          f"{extra}")


def article(chars: int, seed: int = 7) -> tuple[str, list[tuple[int, int]]]:
    """Paragraphs of words, about `chars` long, and each word's offsets."""
    rnd = random.Random(seed)
    parts: list[str] = []
    words: list[tuple[int, int]] = []
    size = 0
    while size < chars:
        for index in range(rnd.randint(60, 100)):
            word = rnd.choice(WORDS)
            if index:
                parts.append(" ")
                size += 1
            words.append((size, size + len(word)))
            parts.append(word)
            size += len(word)
        parts.append(".\n")
        size += 2
    return "".join(parts), words


def spans_for(words: list[tuple[int, int]], count: int) -> list[SpanSpec]:
    """`count` spans on word edges; every tenth slot is a QUOTE of four words
    with an EVENT nested in it, the rest single EVENT, DATE or SPEAKER words."""
    slots = count * 10 // 11 + 1
    stride = max(1, (len(words) - 5) // slots)
    found: list[SpanSpec] = []
    cycle = ("EVENT", "DATE", "SPEAKER")
    slot = 0
    while len(found) < count:
        w = slot * stride
        if slot % 10 == 0 and len(found) + 2 <= count:
            found.append((words[w][0], words[w + 3][1], "QUOTE"))
            found.append((words[w + 1][0], words[w + 1][1], "EVENT"))
        else:
            found.append((words[w][0], words[w][1], cycle[slot % 3]))
        slot += 1
    return found


def write_document(project: Project, text: str, spans: list[SpanSpec],
                   annotator: str) -> int:
    """Add a document with spans and relations in one transaction (set-up, not timed)."""
    doc, _ = project.add_document(text, title=f"{len(text):,} characters")
    ann = project.annotator_id(annotator)
    stamp = now()
    with project.transaction():
        project.conn.executemany(
            'INSERT INTO spans (document_id, annotator_id, label, start, "end", text, attrs, '
            "origin, created, updated) VALUES (?, ?, ?, ?, ?, ?, '{}', 'manual', ?, ?)",
            [(doc.id, ann, label, s, e, text[s:e], stamp, stamp) for s, e, label in spans],
        )
        rows = project.conn.execute(
            'SELECT id, label FROM spans WHERE document_id = ? ORDER BY start, "end"', (doc.id,)
        ).fetchall()
        links = []
        last_event: int | None = None
        for number, (ident, label) in enumerate(rows):
            if label == "EVENT" and number % 5 == 0:
                last_event = ident
            elif label == "DATE" and last_event is not None:
                links.append((doc.id, ann, "WHEN", last_event, ident, stamp))
                last_event = None
        project.conn.executemany(
            "INSERT INTO relations (document_id, annotator_id, label, head_id, child_id, "
            "created) VALUES (?, ?, ?, ?, ?, ?)", links,
        )
    return doc.id


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("window")
    path = folder / "bench.dateline"
    documents: dict[int, tuple[int, str, list[SpanSpec]]] = {}
    with Project.create(path) as project:
        project.add_document("A short article to start on. The council met on Monday.")
        for chars, count in SIZES:
            text, words = article(chars)
            spans = spans_for(words, count)
            documents[chars] = (write_document(project, text, spans, "bench"), text, spans)
        background, _ = project.add_document(article(BACKGROUND_CHARS, seed=11)[0],
                                             title="suggested in the background")
    yield {"path": path, "documents": documents, "folder": folder, "background": background.id}


@pytest.fixture
def window(qtbot: QtBot, corpus: dict[str, Any], tmp_path: Path) -> MainWindow:
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    made = build_window(corpus["path"], settings=Settings.at(tmp_path / "s.ini"),
                        annotator="bench", ask=False)
    assert made is not None
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    qtbot.waitExposed(made)
    made.activateWindow()
    qtbot.waitUntil(lambda: made.isActiveWindow())
    return made


# --- start-up ---------------------------------------------------------------------------------

_SHOW_SCRIPT = """
import json, sys, time
from app.main import build_window, make_application
from app.settings import Settings
window = build_window(sys.argv[2], settings=Settings.at(sys.argv[3]), annotator="bench",
                      ask=False)
app = make_application()
window.show()
while window.windowHandle() is None or not window.windowHandle().isExposed():
    app.processEvents()
app.processEvents()
shown = time.time() - float(sys.argv[1])
print(json.dumps({"shown": shown, "spacy": "spacy" in sys.modules,
                  "documents": window.documents.model.rowCount(),
                  "pages": window.documents.model.pages_read}))
window.close()
"""

_BARE_SCRIPT = """
import json, sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit
app = QApplication([])
window = QMainWindow()
window.setCentralWidget(QPlainTextEdit())
window.resize(1366, 768)
window.show()
while window.windowHandle() is None or not window.windowHandle().isExposed():
    app.processEvents()
app.processEvents()
print(json.dumps({"shown": time.time() - float(sys.argv[1])}))
"""

ARTICLE_WORDS = 300  # about 2,000 characters: a news article


def many_documents(path: Path, count: int) -> None:
    """A project of `count` articles, a seventh of them done (set-up, not timed)."""
    rnd = random.Random(count)
    with Project.create(path) as project:
        annotator = project.annotator_id("bench")
        stamp = now()
        with project.transaction():
            batch = []
            for number in range(count):
                text = f"Article {number}. " + " ".join(
                    rnd.choice(WORDS) for _ in range(ARTICLE_WORDS))
                batch.append((hashlib.sha256(text.encode()).hexdigest(), f"Article {number}",
                              text, "2024-01-02", stamp))
            project.conn.executemany(
                "INSERT INTO documents (uid, title, text, date, created) VALUES (?, ?, ?, ?, ?)",
                batch)
            project.conn.executemany(
                "INSERT INTO document_status (document_id, annotator_id, status, updated) "
                "VALUES (?, ?, 'done', ?)",
                [(ident, annotator, stamp) for ident in range(1, count + 1, 7)])


def shown_after(script: str, *args: str) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.time()
    done = subprocess.run([sys.executable, "-c", script, str(started), *args],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("documents", [None, *PROJECT_SIZES])
def test_window_shown_within_target(tmp_path: Path, documents: int | None) -> None:
    path = tmp_path / "bench.dateline"
    if documents is None:
        open_default_project("bench", path).close()
    else:
        many_documents(path, documents)
    ours, bare = [], []
    for run in range(REPEATS + 1):  # the first run warms the disk cache
        result = shown_after(_SHOW_SCRIPT, str(path), str(tmp_path / f"s{run}.ini"))
        assert result["spacy"] is False and result["documents"] >= (documents or 1)
        baseline = shown_after(_BARE_SCRIPT)
        if run:
            ours.append(result["shown"])
            bare.append(baseline["shown"])
    name = "the samples" if documents is None else f"{documents:,} documents"
    report(f"window shown, {name} (process start to first paint, median of {REPEATS})",
           statistics.median(ours), SHOW_TARGET_S, "s", baseline=statistics.median(bare),
           extra=f"  [min {min(ours):.3f}, max {max(ours):.3f}; bare QMainWindow median "
                 f"{statistics.median(bare):.3f} s; spaCy not imported; "
                 f"{result['pages']} page(s) of the list read]")


# --- opening and painting -----------------------------------------------------------------------


class BareHighlighter(QSyntaxHighlighter):
    """The baseline: one format per span, looked up by block number."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.blocks: dict[int, list[tuple[int, int, QTextCharFormat]]] = {}

    def highlightBlock(self, text: str) -> None:
        for start, length, fmt in self.blocks.get(self.currentBlock().blockNumber(), ()):
            self.setFormat(start, length, fmt)


def bare_open(view: QPlainTextEdit, highlighter: BareHighlighter, text: str,
              spans: list[SpanSpec], formats: dict[str, QTextCharFormat]) -> float:
    view.setPlainText("")
    started = time.perf_counter()
    starts = block_starts(text)
    blocks: dict[int, list[tuple[int, int, QTextCharFormat]]] = {}
    from bisect import bisect_right

    for s, e, label in spans:
        number = bisect_right(starts, s) - 1
        blocks.setdefault(number, []).append((s - starts[number], e - s, formats[label]))
    highlighter.blocks = blocks
    view.setPlainText(text)
    view.viewport().repaint()
    return time.perf_counter() - started


def window_open(window: MainWindow, document_id: int, first: int) -> float:
    window.open_document(first)
    window.article.viewport().repaint()
    QApplication.processEvents()  # as between two documents a user opens
    started = time.perf_counter()
    window.open_document(document_id)
    window.article.viewport().repaint()
    return time.perf_counter() - started


def bare_view(qtbot: QtBot, window: MainWindow) -> tuple[QPlainTextEdit, BareHighlighter,
                                                         dict[str, QTextCharFormat]]:
    bare = QPlainTextEdit()
    qtbot.addWidget(bare)
    bare.setReadOnly(True)
    bare.setFont(window.article.font())
    bare.resize(window.article.size())
    bare.show()
    qtbot.waitExposed(bare)
    formats = {}
    for label, colour in COLOURS.items():
        formats[label] = QTextCharFormat()
        formats[label].setBackground(QColor(colour))
    return bare, BareHighlighter(bare.document()), formats


def open_times(qtbot: QtBot, window: MainWindow, corpus: dict[str, Any],
               chars: int) -> tuple[float, float, float]:
    """Median ms of the window opening the article, of the bare widget, and of the
    window's read of the spans from SQLite (which the bare widget is handed)."""
    document_id, text, spans = corpus["documents"][chars]
    bare, highlighter, formats = bare_view(qtbot, window)
    ours, theirs, reads = [], [], []
    for _ in range(REPEATS):
        theirs.append(bare_open(bare, highlighter, text, spans, formats))
        ours.append(window_open(window, document_id, 1))
        started = time.perf_counter()
        span_rows(window.session.project, document_id, "bench")
        reads.append(time.perf_counter() - started)
    assert len(window.article.index) == len(spans)
    bare.close()
    return (statistics.median(ours) * 1000, statistics.median(theirs) * 1000,
            statistics.median(reads) * 1000)


@pytest.mark.parametrize(("chars", "count"), SIZES)
def test_open_and_paint_against_a_bare_widget(
        qtbot: QtBot, window: MainWindow, corpus: dict[str, Any], chars: int, count: int) -> None:
    mine, base, read = open_times(qtbot, window, corpus, chars)
    report(f"open + paint {chars:,} chars / {count:,} spans", mine / base, RATIO_TARGET, "x",
           extra=f"  [window {mine:.1f} ms, bare QPlainTextEdit+QSyntaxHighlighter "
                 f"{base:.1f} ms; of the window's time, {read:.1f} ms reads the spans from "
                 f"SQLite, which the bare widget is handed: without it "
                 f"{(mine - read) / base:.2f}x]")


def test_open_growth(qtbot: QtBot, window: MainWindow, corpus: dict[str, Any]) -> None:
    figures = {chars: open_times(qtbot, window, corpus, chars) for chars, _ in SIZES}
    print("\nopen + paint, growth with the article's size:")
    print(f"  {'characters':>10} {'spans':>7} {'window ms':>10} {'bare ms':>8} {'ratio':>6} "
          f"{'window ms per 100k chars':>25}")
    for chars, count in SIZES:
        mine, base, _ = figures[chars]
        print(f"  {chars:>10,} {count:>7,} {mine:>10.1f} {base:>8.1f} {mine / base:>6.2f} "
              f"{mine / chars * 100_000:>25.1f}")
    middle, largest = SIZES[1][0], SIZES[-1][0]
    per_char = {c: figures[c][0] / c for c in (middle, largest)}
    growth = per_char[largest] / per_char[middle]
    verdict = ("grows linearly" if growth <= LINEAR_SLACK
               else "grows FASTER than linearly")
    print(f"  from {middle:,} to {largest:,} characters the time per character changes "
          f"{growth:.2f}x: it {verdict} (linear: within {LINEAR_SLACK:g}x)")
    assert all(figure > 0 for figure, _, _ in figures.values())


# --- a key press --------------------------------------------------------------------------------


def free_words(text: str, spans: list[SpanSpec], count: int) -> list[tuple[int, int]]:
    covered = bytearray(len(text))
    for s, e, _ in spans:
        covered[s:e] = b"\x01" * (e - s)
    _, words = article(len(text) - 2)
    free = [(s, e) for s, e in words if e <= len(text) and not any(covered[s:e])
            and text[s:e].isalpha()]
    step = max(1, len(free) // count)
    return free[::step][:count]


class Commits:
    """Times each outermost transaction's COMMIT (the fsync of synchronous=FULL)
    of the window's project: the real store, with a stopwatch around its
    transactions."""

    def __init__(self, project: Project) -> None:
        self.times: list[float] = []
        self._depth = 0
        self._project = project
        self._transaction = project.transaction
        project.transaction = self._timed  # type: ignore[method-assign]

    @contextmanager
    def _timed(self) -> Iterator[None]:
        self._depth += 1
        try:
            with self._transaction():
                yield
                done = time.perf_counter()
        finally:
            self._depth -= 1
        if self._depth == 0:
            self.times.append((time.perf_counter() - done) * 1000)

    def close(self) -> None:
        del self._project.transaction


@dataclass
class Presses:
    """ms from each key to its span stored and painted, the commit's share of
    each, the processor time the window's process spent on it (what a loaded
    machine stretches; the rest is waiting for a processor or the disk), and
    whether the suggester's child was at work at each press."""

    times: list[float] = field(default_factory=list)
    commits: list[float] = field(default_factory=list)
    busy: list[bool] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def during(self) -> Presses:
        """Only the presses made while the child was at work."""
        kept = [i for i, b in enumerate(self.busy) if b]
        return Presses([self.times[i] for i in kept], [self.commits[i] for i in kept],
                       [True] * len(kept), [self.cpu[i] for i in kept])

    def summary(self) -> str:
        at = int(len(self.times) * 0.9)
        slowest = sorted(range(len(self.times)), key=self.times.__getitem__)[at]
        return (f"median {statistics.median(self.times):.1f} ms, p90 {p90(self.times):.1f} ms, "
                f"max {max(self.times):.1f} ms; the commit (fsync): median "
                f"{statistics.median(self.commits):.1f} ms, {self.commits[slowest]:.1f} ms of "
                f"the p90 press; processor time median {statistics.median(self.cpu):.1f} ms")


def key_presses(qtbot: QtBot, window: MainWindow, words: list[tuple[int, int]]) -> Presses:
    """Select each word, as an annotator does on words on screen, and press E."""
    found = Presses()
    view = window.article
    commits = Commits(window.session.project)
    try:
        for start, end in words:
            view.select_text(start, end)
            view.centerCursor()
            # The first paint of newly shown lines lays them out with the gap above
            # them (app/highlighter.py), which queues one more paint: both are the
            # scroll's, done before the annotator reads the words and presses a key.
            QApplication.processEvents()
            QApplication.processEvents()
            found.busy.append(window.suggestions.suggesting)
            before = len(commits.times)
            cpu, started = time.process_time(), time.perf_counter()
            qtbot.keyClick(view, Qt.Key.Key_E)
            QApplication.processEvents()  # runs the repaints the edit queued
            found.times.append((time.perf_counter() - started) * 1000)
            found.cpu.append((time.process_time() - cpu) * 1000)
            found.commits.append(sum(commits.times[before:]))
    finally:
        commits.close()
    return found


def check_stored(window: MainWindow, document_id: int, before: int, pressed: int) -> int:
    added = len(window.article.index) - before
    assert added == pressed, window.last_message
    count = window.session.project.conn.execute(
        "SELECT count(*) FROM spans WHERE document_id = ?", (document_id,)).fetchone()[0]
    assert count == before + added
    return added


def p90(ms: list[float]) -> float:
    return sorted(ms)[int(len(ms) * 0.9)]


def test_key_press_to_span_committed_and_painted(
        qtbot: QtBot, window: MainWindow, corpus: dict[str, Any]) -> None:
    chars = KEY_SIZE[0]
    document_id, text, spans = corpus["documents"][chars]
    window.open_document(document_id)
    window.article.setFocus()
    before = len(window.article.index)
    found = key_presses(qtbot, window, free_words(text, spans, 40))
    added = check_stored(window, document_id, before, len(found.times))
    report(f"key press to span committed and painted ({chars:,} chars, no suggestions, "
           f"median of {len(found.times)})", statistics.median(found.times), FRAME_MS, "ms",
           extra=f"  [{found.summary()}]")
    for _ in range(added):
        window.undo_stacks.undo()


class BareTagger(QObject):
    """The baseline key press: E on a selection of a bare QPlainTextEdit inserts
    one row and commits it as durably as the project does (WAL, synchronous=FULL,
    a file in the same folder), gives the selection a format and highlights its
    block again: the least a tagging key can do."""

    def __init__(self, view: QPlainTextEdit, highlighter: BareHighlighter,
                 fmt: QTextCharFormat, path: Path) -> None:
        super().__init__(view)
        self.view, self.highlighter, self.fmt = view, highlighter, fmt
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute('CREATE TABLE IF NOT EXISTS spans (id INTEGER PRIMARY KEY, '
                          'start INTEGER, "end" INTEGER, label TEXT)')
        self.tagged = 0
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_E):
            return False
        cursor = self.view.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute('INSERT INTO spans (start, "end", label) VALUES (?, ?, ?)',
                          (start, end, "EVENT"))
        self.conn.execute("COMMIT")
        block = self.view.document().findBlock(start)
        self.highlighter.blocks.setdefault(block.blockNumber(), []).append(
            (start - block.position(), end - start, self.fmt))
        self.highlighter.rehighlightBlock(block)
        cursor.clearSelection()
        self.view.setTextCursor(cursor)
        self.tagged += 1
        return True

    def close(self) -> None:
        self.conn.close()


def bare_key_presses(qtbot: QtBot, window: MainWindow, corpus: dict[str, Any],
                     words: list[tuple[int, int]], name: str) -> Presses:
    """The same presses on the bare widget, given the article and its spans."""
    _, text, spans = corpus["documents"][KEY_SIZE[0]]
    bare, highlighter, formats = bare_view(qtbot, window)
    bare_open(bare, highlighter, text, spans, formats)
    tagger = BareTagger(bare, highlighter, formats["EVENT"], corpus["folder"] / f"{name}.db")
    found = Presses()
    try:
        for start, end in words:
            cursor = QTextCursor(bare.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            bare.setTextCursor(cursor)
            bare.centerCursor()
            QApplication.processEvents()
            QApplication.processEvents()
            cpu, started = time.process_time(), time.perf_counter()
            qtbot.keyClick(bare, Qt.Key.Key_E)
            QApplication.processEvents()
            found.times.append((time.perf_counter() - started) * 1000)
            found.cpu.append((time.process_time() - cpu) * 1000)
        assert tagger.tagged == len(words)
    finally:
        tagger.close()
        bare.close()
        window.activateWindow()
        qtbot.waitUntil(lambda: window.isActiveWindow())
        window.article.setFocus()
    return found


def bare_summary(bare: Presses, state: str) -> str:
    return (f"the bare widget's p90 {p90(bare.times):.1f} ms, median "
            f"{statistics.median(bare.times):.1f} ms, processor time median "
            f"{statistics.median(bare.cpu):.1f} ms{state}")


_CPU_LOAD = "while True: pass"


@contextmanager
def cpu_load() -> Iterator[None]:
    """Another process keeping a processor busy."""
    load = subprocess.Popen([sys.executable, "-c", _CPU_LOAD])
    try:
        yield
    finally:
        load.kill()
        load.wait()


def test_key_press_while_suggesting_under_load(
        qtbot: QtBot, window: MainWindow, corpus: dict[str, Any]) -> None:
    """Issue 15's figure: key presses on an article showing its suggestions while the
    suggester's child process suggests another document and a CPU load runs; and,
    beside it, the presses while the child parses the article itself (no
    suggestions on screen yet) and quiet, after."""
    chars = KEY_SIZE[0]
    document_id, text, spans = corpus["documents"][chars]
    qtbot.waitUntil(lambda: window.suggestions.ready, timeout=300_000)
    qtbot.waitUntil(lambda: not window.suggestions.suggesting, timeout=300_000)
    identity = window.suggestions.identity
    assert identity is not None
    window.session.forget_suggestions(identity, document_id)  # so that it is parsed again
    words = free_words(text, spans, 120)
    window.open_document(document_id)  # queued at once: the child starts parsing it
    window.article.setFocus()
    qtbot.waitUntil(lambda: window.suggestions.suggesting, timeout=10_000)
    before = len(window.article.index)
    with cpu_load():
        parsing = key_presses(qtbot, window, words[:40])
    qtbot.waitUntil(lambda: not window.suggestions.suggesting, timeout=600_000)
    shown = len(window.suggestions.items)
    assert shown > 100, "the article shows no suggestions after its run"
    quiet = key_presses(qtbot, window, words[40:80])
    bare_quiet = bare_key_presses(qtbot, window, corpus, words[40:80], "quiet")
    # Another document is opened, so the child starts suggesting it; the annotator
    # goes back to the article, whose suggestions are on screen, and tags on.
    window.open_document(corpus["background"])
    qtbot.waitUntil(lambda: window.suggestions.suggesting, timeout=10_000)
    window.open_document(document_id)
    window.article.setFocus()
    assert len(window.suggestions.items) >= shown - len(quiet.times)
    with cpu_load():
        loaded = key_presses(qtbot, window, words[80:120])
        bare_busy = window.suggestions.suggesting
        bare_loaded = bare_key_presses(qtbot, window, corpus, words[80:120], "loaded")
        bare_busy = bare_busy and window.suggestions.suggesting
    added = check_stored(window, document_id, before,
                         len(parsing.times) + len(quiet.times) + len(loaded.times))
    during, first = loaded.during(), parsing.during()
    assert len(during.times) >= len(loaded.times) // 2, \
        "the child ended its background run before the key presses"
    report(f"key press to span committed and painted under load ({chars:,} chars with "
           f"{shown:,} suggestions on screen, p90 of {len(during.times)} presses while the "
           "child suggested another document and a CPU load ran)", p90(during.times),
           FRAME_MS, "ms", baseline=p90(bare_loaded.times),
           extra=f"  [{during.summary()}; " + bare_summary(
               bare_loaded, ", under the same load"
               f"{', the child still at work' if bare_busy else ''}") + "]")
    if first.times:
        report(f"  the same while the child parsed this article ({len(first.times)} presses, "
               "no suggestions on screen yet, CPU load; p90)", p90(first.times), FRAME_MS,
               "ms", extra=f"  [{first.summary()}]")
    report(f"  the same quiet, after the run ({len(quiet.times)} presses, the article's "
           "suggestions on screen, the child idle; p90)", p90(quiet.times), FRAME_MS, "ms",
           baseline=p90(bare_quiet.times),
           extra=f"  [{quiet.summary()}; {bare_summary(bare_quiet, '')}]")
    qtbot.waitUntil(lambda: not window.suggestions.suggesting, timeout=600_000)
    for _ in range(added):
        window.undo_stacks.undo()


# --- scrolling -----------------------------------------------------------------------------------


def frame_times(view: QPlainTextEdit, step: Callable[[int], int], frames: int) -> list[float]:
    bar = view.verticalScrollBar()
    times = []
    for _ in range(frames):
        started = time.perf_counter()
        bar.setValue(step(bar.value()))
        view.viewport().repaint()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def test_scroll_frame_time(qtbot: QtBot, window: MainWindow, corpus: dict[str, Any]) -> None:
    chars = SIZES[-1][0]
    document_id, _, _ = corpus["documents"][chars]
    window.open_document(document_id)
    window.article.all_relations = True
    view = window.article
    bar = view.verticalScrollBar()
    rnd = random.Random(3)
    wheel = frame_times(view, lambda v: v + 3, 120)
    page = frame_times(view, lambda v: v + bar.pageStep(), 60)
    jump = frame_times(view, lambda _v: rnd.randint(0, bar.maximum()), 60)
    assert bar.maximum() > 1000 and len(view.index) == SIZES[-1][1]
    for name, ms in (("wheel (3 lines)", wheel), ("page", page), ("jump (drag the bar)", jump)):
        report(f"scroll frame, {name}, {chars:,} chars with relation arrows (median)",
               statistics.median(ms), FRAME_MS, "ms",
               extra=f"  [p95 {ms[int(len(ms) * 0.95)]:.1f} ms, max {ms[-1]:.1f} ms]")
