"""Store speed: a committed edit, and one document's spans from a 1M-span file.

Run with `make bench`. Prints each figure beside its target; asserts nothing
about time (timings vary by machine), only that the work was done.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from pathlib import Path

from annotations.store import Project, now

WORDS = "The embassy said on Thursday that flights would stop within ninety days . "


def report(name: str, figure: float, target: float, unit: str, baseline: float | None = None
           ) -> None:
    ratio = f"  ({figure / baseline:.1f}x the bare baseline {baseline:.3f} {unit})" if (
        baseline) else ""
    verdict = "ok" if figure <= target else "OVER TARGET"
    print(f"\n{name}: {figure:.3f} {unit}  target <= {target:g} {unit}  {verdict}{ratio}")


def bare_commit_ms(path: Path, n: int) -> float:
    """A bare INSERT + COMMIT with the same pragmas: the floor for an edit."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (a INTEGER, b INTEGER, c TEXT)")
    times = []
    for i in range(n):
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t VALUES (?, ?, ?)", (i, i + 1, "x"))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t0)
    conn.close()
    return statistics.median(times) * 1000


def test_committed_edit(tmp_path: Path) -> None:
    n = 500
    with Project.create(tmp_path / "p.db") as p:
        doc, _ = p.add_document(WORDS * 1400)  # ~100,000 characters
        times = []
        for i in range(n):
            start = i * len(WORDS)
            t0 = time.perf_counter()
            p.add_span(doc.id, "ann", "EVENT", start + 12, start + 16)
            times.append(time.perf_counter() - t0)
        assert len(p.spans(doc.id, "ann")) == n
    edit = statistics.median(times) * 1000
    bare = bare_commit_ms(tmp_path / "bare.db", n)
    report("committed span edit (validate, insert, log, commit; median)", edit, 2.0, "ms", bare)


def test_one_documents_spans_from_a_million(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    docs, per_doc = 2000, 500  # 1,000,000 spans
    with Project.create(path) as p:
        ann = p.annotator_id("ann")
        stamp = now()
        with p.transaction():
            for d in range(docs):
                doc, _ = p.add_document(f"Document {d}. " + WORDS * 45)
                p.conn.executemany(
                    'INSERT INTO spans (document_id, annotator_id, label, start, "end", text, '
                    "origin, created, updated) VALUES (?, ?, 'EVENT', ?, ?, ?, 'imported', ?, ?)",
                    [(doc.id, ann, k * 6, k * 6 + 3, doc.text[k * 6:k * 6 + 3], stamp, stamp)
                     for k in range(per_doc)],
                )
    with Project(path) as p:
        total = p.conn.execute("SELECT count(*) FROM spans").fetchone()[0]
        assert total == docs * per_doc
        times = []
        for d in range(1, 200):
            t0 = time.perf_counter()
            spans = p.spans(d * 10, "ann")
            times.append(time.perf_counter() - t0)
            assert len(spans) == per_doc
    report(f"load one document's {per_doc} spans from a {total:,}-span file (median)",
           statistics.median(times) * 1000, 5.0, "ms")
