"""Import speed and memory: JSONL articles with 50 spans each, beside a bare
SQLite executemany of the same rows measured in the same run.

- throughput: 10,000 articles x 50 spans (target >= 3,000 docs/s, and
  within 3x of the bare executemany of the same document and span rows into
  a fresh project file's tables, their triggers and full-text index firing per
  row; a second line gives the same rows into those tables without the
  triggers and the full-text index, the floor a plain insert has);
- one article of 1,000,000 characters with 50,000 spans (target < 5 s:
  linear in spans per document) beside 100,000 characters with 5,000;
- growth: documents/s and peak memory (a fresh process, its maxrss) at
  1,000 and 10,000 articles, and 100,000 with DATELINE_BENCH_FULL=1 (the
  100,000 run writes a 300 MB file and takes about a minute); memory target
  < 300 MB at any size; a line says whether the time grows linearly.

Run: `.venv/bin/python tests/benchmarks/bench_import.py` or `make bench`.
Prints each figure beside its target; asserts only that the work was done.
"""

from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotations.importing import import_paths
from annotations.progress import drive
from annotations.store import Project, now
from annotations.text import uid
from tests.benchmarks.bench_formats import ATTRS, article, spans_for

DOCS = 10_000
SPANS_PER_DOC = 50
MIN_RATE = 3000.0
MAX_BARE_RATIO = 3.0
MAX_MEMORY_MB = 300.0
MAX_BIG_DOC_S = 5.0
def line_for(n: int, text: str, spans: list[tuple[str, int, int]]) -> str:
    return json.dumps({
        "text": text, "meta": {"date": "2021-08-12", "title": f"Report {n}"},
        "spans": [{"id": f"s{i}", "start": a, "end": b, "label": lab, "attrs": ATTRS[lab]}
                  for i, (lab, a, b) in enumerate(spans)],
    })


def write_corpus(path: Path, docs: int, seed: int = 7) -> None:
    """`docs` JSONL articles of about 1,500 characters with 50 spans each."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for n in range(docs):
            text, words = article(rng, n)
            fh.write(line_for(n, text, spans_for(words, rng, SPANS_PER_DOC)) + "\n")


# What fires per row of a plain insert into the project's tables: the overlap guard
# and the full-text index's insert trigger (dropped for the second baseline only).
_ROW_TRIGGERS = ("spans_no_overlap_insert", "documents_ai")


def bare_executemany(corpus: Path, target: Path, *, triggers: bool = True) -> float:
    """Seconds of bare executemany inserting the same document and span rows into a
    fresh project file in one transaction (the rows are built before the clock
    starts: JSON parsing, hashing and checking are not counted); without
    `triggers`, the project's per-row triggers are dropped first (its tables,
    indexes and CHECK constraints stay)."""
    with Project.create(target) as project:
        for name in () if triggers else _ROW_TRIGGERS:
            project.conn.execute(f"DROP TRIGGER {name}")
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    stamp = now()
    documents = [(n + 1, uid(r["text"]), r["meta"]["title"], r["text"], r["meta"]["date"], stamp)
                 for n, r in enumerate(rows)]
    spans = [(n + 1, s["label"], s["start"], s["end"], r["text"][s["start"]:s["end"]],
              json.dumps(s["attrs"], sort_keys=True), stamp, stamp)
             for n, r in enumerate(rows) for s in r["spans"]]
    del rows
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO annotators (name) VALUES ('gold')")
    conn.executemany(
        "INSERT INTO documents (id, uid, title, text, date, source, meta, created) "
        "VALUES (?, ?, ?, ?, ?, NULL, '{}', ?)", documents)
    conn.executemany(
        'INSERT INTO spans (document_id, annotator_id, label, start, "end", text, attrs, '
        "origin, created, updated) VALUES (?, 1, ?, ?, ?, ?, ?, 'imported', ?, ?)", spans)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def timed_import(corpus: Path, target: Path) -> tuple[float, int, float]:
    """Seconds of the import, documents added, seconds the write lock was held."""
    with Project.create(target) as project:
        start = time.perf_counter()
        report = drive(import_paths(project, [corpus], "gold"))
        seconds = time.perf_counter() - start
    return seconds, report.documents_added, report.locked_seconds


def show(name: str, figure: str, target: str, ok: bool, extra: str = "") -> None:
    print(f"{name}: {figure}  target {target}  {'ok' if ok else 'MISSES TARGET'}{extra}")


def throughput(tmp: Path, docs: int = DOCS) -> float:
    corpus = tmp / "corpus.jsonl"
    write_corpus(corpus, docs)
    bare = bare_executemany(corpus, tmp / "bare.db")
    plain = bare_executemany(corpus, tmp / "plain.db", triggers=False)
    seconds, added, locked = timed_import(corpus, tmp / "import.db")
    assert added == docs
    rate, ratio = docs / seconds, seconds / bare
    print(f"\nbare executemany of the same rows: {docs / bare:,.0f} docs/s ({bare:.2f} s)")
    print(f"  the same into the tables without their per-row triggers and full-text index: "
          f"{docs / plain:,.0f} docs/s ({plain:.2f} s; the import takes {seconds / plain:.2f}x)")
    show(f"import JSONL {docs:,} docs x {SPANS_PER_DOC} spans",
         f"{rate:,.0f} docs/s ({seconds:.2f} s)", f">= {MIN_RATE:,.0f} docs/s", rate >= MIN_RATE)
    show("  against the bare executemany", f"{ratio:.2f}x", f"<= {MAX_BARE_RATIO:g}x",
         ratio <= MAX_BARE_RATIO)
    print(f"  the project's write lock was held {locked:.2f} s of the {seconds:.2f} s (the "
          f"set-wise copy; the window's edits wait up to 3 s for it); reading, checking and "
          f"staging took the other {seconds - locked:.2f} s")
    return rate


def one_big_article(tmp: Path, chars: int, spans: int) -> float:
    rng = random.Random(3)
    text, words = article(rng, 0, count=chars // 6)
    corpus = tmp / f"big{chars}.jsonl"
    corpus.write_text(line_for(0, text, spans_for(words, rng, spans)) + "\n", encoding="utf-8")
    seconds, added, _ = timed_import(corpus, tmp / f"big{chars}.db")
    assert added == 1
    return seconds


def big_articles(tmp: Path) -> None:
    small = one_big_article(tmp, 100_000, 5_000)
    big = one_big_article(tmp, 1_000_000, 50_000)
    print(f"\nimport one article of 100,000 characters with 5,000 spans: {small:.2f} s")
    show("import one article of 1,000,000 characters with 50,000 spans", f"{big:.2f} s",
         f"< {MAX_BIG_DOC_S:g} s", big < MAX_BIG_DOC_S,
         f"  ({big / small:.1f}x the tenth-size article: linear is 10x)")


def peak_kib() -> int:
    """This process's peak resident memory in KiB: VmHWM, which starts afresh at exec
    (ru_maxrss keeps the parent's high-water mark across fork and exec on Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


_CHILD = """
import sys, time
from tests.benchmarks.bench_import import peak_kib
from pathlib import Path
from annotations.importing import import_paths
from annotations.progress import drive
from annotations.store import Project
with Project.create(Path(sys.argv[2])) as p:
    t0 = time.perf_counter()
    report = drive(import_paths(p, [sys.argv[1]], "gold"))
    seconds = time.perf_counter() - t0
print(report.documents_added, seconds, peak_kib())
"""


def growth(tmp: Path) -> None:
    sizes = [1_000, 10_000] + ([100_000] if os.environ.get("DATELINE_BENCH_FULL") else [])
    print("\nimport growth (a fresh process each; peak memory is its VmHWM)")
    print(f"{'documents':>10} {'seconds':>8} {'docs/s':>8} {'peak MB':>8}")
    times: list[tuple[int, float]] = []
    for size in sizes:
        corpus = tmp / f"grow{size}.jsonl"
        write_corpus(corpus, size, seed=size)
        out = subprocess.run([sys.executable, "-c", _CHILD, str(corpus), str(tmp / f"g{size}.db")],
                             capture_output=True, text=True, check=True).stdout.split()
        added, seconds, peak = int(out[0]), float(out[1]), int(out[2]) / 1024
        assert added == size
        times.append((size, seconds))
        ok = "ok" if peak < MAX_MEMORY_MB else "MISSES TARGET"
        print(f"{size:>10,} {seconds:>8.2f} {size / seconds:>8,.0f} {peak:>8.0f}  "
              f"memory target < {MAX_MEMORY_MB:g} MB {ok}")
        corpus.unlink()
    (n0, t0), (n1, t1) = times[0], times[-1]
    growth_ratio = (t1 / t0) / (n1 / n0)
    print(f"time grows {'linearly' if growth_ratio < 1.5 else 'FASTER THAN LINEARLY'}: "
          f"{n1 // n0}x the documents take {t1 / t0:.1f}x the time")
    if not os.environ.get("DATELINE_BENCH_FULL"):
        print("(100,000 documents: set DATELINE_BENCH_FULL=1)")


def test_import_throughput(tmp_path: Path) -> None:
    assert throughput(tmp_path) > 0


def test_import_one_big_article(tmp_path: Path) -> None:
    big_articles(tmp_path)


def test_import_growth(tmp_path: Path) -> None:
    growth(tmp_path)
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss > 0


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        throughput(Path(folder), int(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
        big_articles(Path(folder))
        growth(Path(folder))
