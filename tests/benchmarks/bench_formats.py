"""Format speed: export 10,000 documents x 50 spans to jsonl and spacy, and
import 10,000 .txt files.

Exports are compared with writing the same spans straight into a DocBin
(spaCy's tokenizer, char_span, doc.spans, DocBin.to_disk; no project, no
attributes, no relations): target at most 1.5x that. The ratio is of CPU
time (process_time), which other programs on a shared machine disturb far
less than wall time; docs/s are wall time. Import target: at least 2,000
documents a second.

Run: `.venv/bin/python tests/benchmarks/bench_formats.py [DOCS]` or `make bench`.
Prints each figure beside its target; asserts only that the work was done.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from annotations.exporting import export
from annotations.formats import ExportOptions
from annotations.importing import import_paths
from annotations.progress import drive
from annotations.store import Project, now

DOCS = 10_000
SPANS_PER_DOC = 50
SENTENCE = ("the embassy said on thursday that commercial flights would stop within ninety days "
            "and urged citizens to leave kabul while officials warned of a rising threat "
            "across the region after talks collapsed late on friday")
WORDS = tuple(SENTENCE.split())
LABELS = ("EVENT", "DATE", "SPEAKER", "QUOTE")
ATTRS = {"EVENT": {"class": "OCCURRENCE", "polarity": "POS"},
         "DATE": {"type": "DATE", "value": "2021-08-12"}, "SPEAKER": {}, "QUOTE": {"direct": False}}
MAX_EXPORT_RATIO = 1.5
MIN_IMPORT_RATE = 2000.0


def article(rng: random.Random, n: int, count: int = 250) -> tuple[str, list[tuple[int, int]]]:
    """A text of `count` words in sentences, with the offsets of its words."""
    words: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    for i in range(count):
        word = rng.choice(WORDS)
        if i % 17 == 0:
            word = word.capitalize()
        parts.append(word)
        words.append((pos, pos + len(word)))
        pos += len(word)
        sep = ". " if i % 17 == 16 else " "
        parts.append(sep)
        pos += len(sep)
    parts.append(f"Report {n}.")
    return "".join(parts), words


def spans_for(words: list[tuple[int, int]], rng: random.Random, count: int = SPANS_PER_DOC
              ) -> list[tuple[str, int, int]]:
    """`count` spans: word runs of one to three words, no two of one label overlapping."""
    spans: list[tuple[str, int, int]] = []
    for k, label in enumerate(LABELS):
        n = count // len(LABELS) + (1 if k < count % len(LABELS) else 0)
        slots = sorted(rng.sample(range(0, len(words) - 3, 4), n))
        for slot in slots:
            length = rng.randint(1, 3)
            spans.append((label, words[slot][0], words[slot + length - 1][1]))
    return spans


def build_corpus(path: Path, docs: int) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """A project of `docs` documents x 50 gold spans (+10 relations each), written with
    bulk SQL (the setup, not the figure); returns the texts and spans for the baseline."""
    rng = random.Random(7)
    corpus = []
    with Project.create(path) as project:
        gold = project.annotator_id("gold")
        stamp = now()
        with project.transaction():
            for n in range(docs):
                text, words = article(rng, n)
                doc, _ = project.add_document(text, date="2021-08-12")
                spans = spans_for(words, rng)
                corpus.append((text, spans))
                project.conn.executemany(
                    'INSERT INTO spans (document_id, annotator_id, label, start, "end", text, '
                    "attrs, origin, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(doc.id, gold, lab, a, b, text[a:b], json.dumps(ATTRS[lab]), "manual",
                      stamp, stamp) for lab, a, b in spans])
                ids = {lab: [r[0] for r in project.conn.execute(
                    "SELECT id FROM spans WHERE document_id = ? AND label = ?", (doc.id, lab))]
                    for lab in LABELS}
                links = [("SAID", h, c) for h, c in zip(ids["SPEAKER"][:5], ids["QUOTE"][:5],
                                                        strict=False)]
                links += [("WHEN", h, c) for h, c in zip(ids["EVENT"][:5], ids["DATE"][:5],
                                                         strict=False)]
                project.conn.executemany(
                    "INSERT INTO relations (document_id, annotator_id, label, head_id, child_id, "
                    "created) VALUES (?, ?, ?, ?, ?, ?)",
                    [(doc.id, gold, lab, h, c, stamp) for lab, h, c in links])
    return corpus


def straight_docbin(corpus: list[tuple[str, list[tuple[str, int, int]]]], out: Path
                    ) -> tuple[float, float]:
    """Wall and CPU seconds to write the same spans straight into a DocBin: the baseline."""
    import spacy
    from spacy.tokens import DocBin

    start, cpu = time.perf_counter(), time.process_time()
    nlp = spacy.blank("en")
    db = DocBin()
    for text, spans in corpus:
        doc = nlp.make_doc(text)
        doc.spans["sc"] = [s for s in (doc.char_span(a, b, label=lab) for lab, a, b in spans)
                           if s is not None]
        db.add(doc)
    db.to_disk(out)
    return time.perf_counter() - start, time.process_time() - cpu


def timed_export(project: Project, fmt: str, out: Path) -> tuple[float, float, Any]:
    start, cpu = time.perf_counter(), time.process_time()
    report = drive(export(project, fmt, out, ExportOptions(annotator="gold")))
    return time.perf_counter() - start, time.process_time() - cpu, report


def line(name: str, figure: str, target: str, ok: bool, extra: str = "") -> None:
    print(f"{name}: {figure}  target {target}  {'ok' if ok else 'MISSES TARGET'}{extra}")


def run_export_benchmark(tmp: Path, docs: int = DOCS) -> dict[str, float]:
    corpus = build_corpus(tmp / "bench.db", docs)
    baseline, baseline_cpu = straight_docbin(corpus, tmp / "baseline.spacy")
    figures = {"baseline": docs / baseline}
    print(f"\nstraight into a DocBin: {docs / baseline:,.0f} docs/s ({baseline:.1f} s, "
          f"{baseline_cpu:.1f} s CPU)")
    with Project(tmp / "bench.db") as project:
        for fmt, out in (("jsonl", tmp / "out.jsonl"), ("spacy", tmp / "out.spacy")):
            seconds, cpu, report = timed_export(project, fmt, out)
            assert report.documents == docs and report.spans == docs * SPANS_PER_DOC
            ratio = cpu / baseline_cpu
            figures[fmt] = ratio
            line(f"export {fmt} {docs:,} docs x {SPANS_PER_DOC} spans",
                 f"{docs / seconds:,.0f} docs/s ({seconds:.1f} s, {cpu:.1f} s CPU), "
                 f"{ratio:.2f}x the DocBin's CPU time", f"<= {MAX_EXPORT_RATIO}x",
                 ratio <= MAX_EXPORT_RATIO)
    return figures


def run_import_benchmark(tmp: Path, docs: int = DOCS) -> float:
    rng = random.Random(11)
    folder = tmp / "texts"
    folder.mkdir()
    for n in range(docs):
        text, _ = article(rng, n)
        (folder / f"{n:05d}.txt").write_text(f" date 2021-08-12 {text}\n", encoding="utf-8")
    with Project.create(tmp / "import.db") as project:
        start = time.perf_counter()
        report = drive(import_paths(project, [folder], "gold"))
        seconds = time.perf_counter() - start
    assert report.documents_added == docs
    rate = docs / seconds
    line(f"import {docs:,} .txt docs", f"{rate:,.0f} docs/s ({seconds:.1f} s)",
         f">= {MIN_IMPORT_RATE:,.0f} docs/s", rate >= MIN_IMPORT_RATE)
    return rate


def test_export_jsonl_and_spacy_against_a_straight_docbin(tmp_path: Path) -> None:
    figures = run_export_benchmark(tmp_path)
    assert figures["jsonl"] > 0 and figures["spacy"] > 0


def test_import_txt_documents(tmp_path: Path) -> None:
    assert run_import_benchmark(tmp_path) > 0


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else DOCS
    with tempfile.TemporaryDirectory() as tmp:
        run_export_benchmark(Path(tmp), count)
    with tempfile.TemporaryDirectory() as tmp:
        run_import_benchmark(Path(tmp), count)
