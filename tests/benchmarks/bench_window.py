"""Window speed, each figure printed beside its target (issue 3):

- start-up: a fresh process shows the window on a project, spaCy not imported:
  target 0.6 s from process start;
- opening and painting an article (100,000 characters with 5,000 spans, and
  1,000,000 with 20,000) against a bare QPlainTextEdit + QSyntaxHighlighter
  given the same text and spans, measured in the same run: target <= 1.5x;
- a label key pressed on a selection until the span is committed to the file
  and painted, at 100,000 characters: target under 16 ms (one frame);
- scrolling the 1,000,000-character article (with relation arrows drawn):
  target under 16 ms a frame.

Run with `make bench`. Asserts that the work was done, never a time.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument
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
SIZES = ((100_000, 5_000), (1_000_000, 20_000))
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
    ratio = f"  ({figure / baseline:.2f}x the bare widget's {baseline:.1f} {unit})" if (
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
    yield {"path": path, "documents": documents, "folder": folder}


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
                  "documents": len(window.session.document_ids())}))
window.close()
"""


def test_window_shown_within_target(tmp_path: Path) -> None:
    path = tmp_path / "samples.dateline"
    open_default_project("bench", path).close()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    figures = []
    for run in range(REPEATS + 1):
        started = time.time()
        done = subprocess.run(
            [sys.executable, "-c", _SHOW_SCRIPT, str(started), str(path),
             str(tmp_path / f"s{run}.ini")],
            capture_output=True, text=True, env=env, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout.strip().splitlines()[-1])
        assert result["spacy"] is False and result["documents"] >= 1
        if run:  # the first run warms the disk cache
            figures.append(result["shown"])
    report("window shown (process start to first paint, median of 5)",
           statistics.median(figures), SHOW_TARGET_S, "s",
           extra=f"  [min {min(figures):.3f}, max {max(figures):.3f}; spaCy not imported]")


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


@pytest.mark.parametrize(("chars", "count"), SIZES)
def test_open_and_paint_against_a_bare_widget(
        qtbot: QtBot, window: MainWindow, corpus: dict[str, Any], chars: int, count: int) -> None:
    document_id, text, spans = corpus["documents"][chars]
    bare = QPlainTextEdit()
    qtbot.addWidget(bare)
    bare.setReadOnly(True)
    bare.setFont(window.article.font())
    bare.resize(window.article.size())
    bare.show()
    qtbot.waitExposed(bare)
    highlighter = BareHighlighter(bare.document())
    formats = {}
    for label, colour in COLOURS.items():
        formats[label] = QTextCharFormat()
        formats[label].setBackground(QColor(colour))
    ours, theirs, reads = [], [], []
    for _ in range(REPEATS):
        theirs.append(bare_open(bare, highlighter, text, spans, formats))
        ours.append(window_open(window, document_id, 1))
        started = time.perf_counter()
        span_rows(window.session.project, document_id, "bench")
        reads.append(time.perf_counter() - started)
    assert len(window.article.index) == count
    mine, base = statistics.median(ours) * 1000, statistics.median(theirs) * 1000
    read = statistics.median(reads) * 1000
    report(f"open + paint {chars:,} chars / {count:,} spans", mine / base, RATIO_TARGET, "x",
           extra=f"  [window {mine:.1f} ms, bare QPlainTextEdit+QSyntaxHighlighter "
                 f"{base:.1f} ms; of the window's time, {read:.1f} ms reads the spans from "
                 f"SQLite, which the bare widget is handed: without it "
                 f"{(mine - read) / base:.2f}x]")


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


def test_key_press_to_span_committed_and_painted(
        qtbot: QtBot, window: MainWindow, corpus: dict[str, Any]) -> None:
    chars = SIZES[0][0]
    document_id, text, spans = corpus["documents"][chars]
    window.open_document(document_id)
    window.article.setFocus()
    before = len(window.article.index)
    times = []
    for start, end in free_words(text, spans, 40):
        window.article.select_text(start, end)
        QApplication.processEvents()
        started = time.perf_counter()
        qtbot.keyClick(window.article, Qt.Key.Key_E)
        QApplication.processEvents()  # runs the repaints the edit queued
        times.append(time.perf_counter() - started)
    added = len(window.article.index) - before
    assert added == len(times), window.last_message
    count = window.session.project.conn.execute(
        "SELECT count(*) FROM spans WHERE document_id = ?", (document_id,)).fetchone()[0]
    assert count == before + added
    ms = sorted(t * 1000 for t in times)
    report(f"key press to span committed and painted ({chars:,} chars, median of {len(ms)})",
           statistics.median(ms), FRAME_MS, "ms",
           extra=f"  [p90 {ms[int(len(ms) * 0.9)]:.1f} ms, max {ms[-1]:.1f} ms; "
                 "includes the fsync of synchronous=FULL]")
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
    chars = SIZES[1][0]
    document_id, _, _ = corpus["documents"][chars]
    window.open_document(document_id)
    window.article.all_relations = True
    view = window.article
    bar = view.verticalScrollBar()
    rnd = random.Random(3)
    wheel = frame_times(view, lambda v: v + 3, 120)
    page = frame_times(view, lambda v: v + bar.pageStep(), 60)
    jump = frame_times(view, lambda _v: rnd.randint(0, bar.maximum()), 60)
    assert bar.maximum() > 1000 and len(view.index) == SIZES[1][1]
    for name, ms in (("wheel (3 lines)", wheel), ("page", page), ("jump (drag the bar)", jump)):
        report(f"scroll frame, {name}, {chars:,} chars with relation arrows (median)",
               statistics.median(ms), FRAME_MS, "ms",
               extra=f"  [p95 {ms[int(len(ms) * 0.95)]:.1f} ms, max {ms[-1]:.1f} ms]")
